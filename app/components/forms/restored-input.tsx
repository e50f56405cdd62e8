import { createContext, useContext, type ReactNode } from "react";
import { useLocation } from "react-router";
import { Alert } from "~/components/ui/alert";

// A form posted after the session timed out is kept on the server; after logging in again, the
// same page gets it back once (app/flows/kept-input.server.ts) through the root loader. The form
// fields read it here: what was posted comes before what is stored, and what a failed save sent
// back comes before both. Only on the page it was posted from.

export type RestoredInput = { path: string; fields: [string, string][]; filesLeftOut: boolean };

const RestoredContext = createContext<RestoredInput | null>(null);

export function RestoredInputProvider({ value, children }: { value: RestoredInput | null; children: ReactNode }) {
  return <RestoredContext.Provider value={value}>{children}</RestoredContext.Provider>;
}

export type Restored = {
  /** The first value posted under this name, or undefined. */
  value(name: string): string | undefined;
  /** Whether any of these fields was posted. */
  has(...names: string[]): boolean;
};

const NONE: Restored = { value: () => undefined, has: () => false };

/** The input kept for this page, or a reader that has nothing. */
export function useRestored(): Restored {
  const restored = useContext(RestoredContext);
  const location = useLocation();
  if (!restored || restored.path !== `${location.pathname}${location.search}`) return NONE;
  const fields = restored.fields;
  return {
    value: (name) => fields.find(([n]) => n === name)?.[1],
    has: (...names) => fields.some(([n]) => names.includes(n)),
  };
}

/** The lock version the kept form was posted with (a save then checks it as usual), else `fallback`. */
export function useRestoredLock(fallback: number): number {
  const posted = Number(useRestored().value("lockVersion"));
  return Number.isInteger(posted) && posted > 0 ? posted : fallback;
}

/** For a Conform form: the kept fields as its last result, so every field starts with what was posted. */
export function useRestoredResult(): { initialValue: Record<string, string | string[]> } | undefined {
  const restored = useContext(RestoredContext);
  const location = useLocation();
  if (!restored || restored.path !== `${location.pathname}${location.search}`) return undefined;
  const initialValue: Record<string, string | string[]> = {};
  for (const [name, value] of restored.fields) {
    const before = initialValue[name];
    initialValue[name] = before === undefined ? value : [...[before].flat(), value];
  }
  return { initialValue };
}

/** The message above a page that shows kept input again. */
export function RestoredNotice() {
  const restored = useContext(RestoredContext);
  const location = useLocation();
  if (!restored || restored.path !== `${location.pathname}${location.search}`) return null;
  return (
    <div className="mvoi-container">
      <Alert type="warning">
        U was uitgelogd voordat dit formulier was opgeslagen. Wat u had ingevuld, staat er weer, maar is{" "}
        <strong>nog niet opgeslagen</strong>. Controleer het en sla het op.
        {restored.filesLeftOut ? " Een gekozen bestand is niet bewaard: kies het opnieuw." : ""}
      </Alert>
    </div>
  );
}
