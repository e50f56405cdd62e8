import { useEffect, useRef, useState } from "react";
import { isRouteErrorResponse, useActionData, useFetcher } from "react-router";

export type AutosaveResponse = { savedAt?: string; lockVersion?: number; conflict?: boolean; invalid?: boolean; refused?: boolean };

/**
 * A form page's clientAction: a save the portal refused for the moment (503 when it is too busy,
 * 429 over a rate limit) comes back as `{ refused: true }` instead of an error, so the page and
 * everything typed in it stay (an error replaces the whole page). Anything else goes as before.
 */
export async function keepFormWhenRefused<T>({ serverAction }: { serverAction: () => Promise<T> }): Promise<T | { refused: true }> {
  try {
    return await serverAction();
  } catch (error) {
    if (isRouteErrorResponse(error) && (error.status === 503 || error.status === 429)) return { refused: true as const };
    throw error;
  }
}

/**
 * Saves a draft form by itself, 2 seconds after the user stops typing (only with JavaScript; the
 * form's own Save button works without). Keeps the optimistic-lock version current, so the
 * next save (automatic or not) is based on what was saved last. A Save clicked while an
 * automatic save is on its way waits for its answer and is then sent with the lock version that
 * answer brings: sent at once, it carried the older version and was refused as someone else's
 * change.
 */
export function useAutosave(formId: string, initial: { lockVersion: number; savedAt: string | null }) {
  const fetcher = useFetcher<AutosaveResponse>();
  const actionData = useActionData<AutosaveResponse>();
  const [lockVersion, setLockVersion] = useState(initial.lockVersion);
  const [savedAt, setSavedAt] = useState(initial.savedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const submitRef = useRef(fetcher.submit);
  submitRef.current = fetcher.submit;
  const autosave = (form: HTMLFormElement) => {
    const body = new FormData(form);
    body.set("intent", "autosave");
    void submitRef.current(body, { method: "post", action: form.getAttribute("action") ?? undefined });
  };
  const saving = fetcher.state !== "idle";
  const savingRef = useRef(saving);
  savingRef.current = saving;
  /** A submit held back while an automatic save was on its way. */
  const held = useRef<{ form: HTMLFormElement; submitter: HTMLElement | null } | null>(null);

  useEffect(() => {
    setLockVersion(initial.lockVersion);
  }, [initial.lockVersion]);

  useEffect(() => {
    if (fetcher.data?.lockVersion) setLockVersion(fetcher.data.lockVersion);
    if (fetcher.data?.savedAt) setSavedAt(fetcher.data.savedAt);
    // Refused for the moment: tried again in a few seconds (a change typed meanwhile goes first).
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (fetcher.data?.refused && form) timer.current = setTimeout(() => autosave(form), 5000);
  }, [fetcher.data, formId]);

  // Sends a held submit once the automatic save has answered and its lock version is in the form.
  useEffect(() => {
    if (!held.current || saving) return;
    const expected = fetcher.data?.lockVersion;
    if (expected !== undefined && lockVersion !== expected) return;
    const { form, submitter } = held.current;
    held.current = null;
    if (form.isConnected) form.requestSubmit(submitter && submitter.isConnected ? submitter : undefined);
  }, [saving, lockVersion, fetcher.data]);

  useEffect(() => {
    // Listen on the document (events bubble), so a form that is re-mounted keeps saving.
    const formOf = (event: Event) => {
      const target = event.target as HTMLElement | null;
      const form = target && "form" in target ? (target as HTMLInputElement).form : target instanceof HTMLFormElement ? target : null;
      return form?.id === formId ? form : null;
    };
    const schedule = (event: Event) => {
      const form = formOf(event);
      if (!form) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => autosave(form), 2000);
    };
    const cancel = (event: Event) => {
      const form = formOf(event);
      if (!form) return;
      clearTimeout(timer.current);
      if (savingRef.current) {
        // Before React Router sees it (this listens while the event goes down): held until the
        // automatic save has answered (the effect above sends it then).
        event.preventDefault();
        event.stopPropagation();
        held.current = { form, submitter: (event as SubmitEvent).submitter };
      }
    };
    document.addEventListener("input", schedule);
    document.addEventListener("change", schedule);
    document.addEventListener("submit", cancel, true);
    return () => {
      clearTimeout(timer.current);
      document.removeEventListener("input", schedule);
      document.removeEventListener("change", schedule);
      document.removeEventListener("submit", cancel, true);
    };
  }, [formId]);

  return {
    lockVersion,
    savedAt,
    saving,
    conflict: Boolean(fetcher.data?.conflict),
    invalid: Boolean(fetcher.data?.invalid),
    // An automatic save or one sent with the Save button (the page's own action).
    refused: Boolean(fetcher.data?.refused || actionData?.refused),
  };
}

/** Don't reload the page's data after an automatic save: the form stays exactly as typed. */
export function skipRevalidationOnAutosave(args: { formData?: FormData; actionResult?: unknown; defaultShouldRevalidate: boolean }) {
  // Nor after a refused save: the page stays as typed (keepFormWhenRefused).
  if (args.formData?.get("intent") === "autosave" || (args.actionResult as AutosaveResponse | undefined)?.refused) return false;
  return args.defaultShouldRevalidate;
}
