import { useEffect, useState, type ComponentType } from "react";

/**
 * The timeout warning (session-timeout.tsx), loaded after the page is interactive: it is on every
 * logged-in page but not needed in the first half hour, so it is not one of the scripts the page
 * names (the report form's JavaScript budget counts those).
 */
export function SessionTimeoutLater({ idleSeconds }: { idleSeconds: number }) {
  const [Clock, setClock] = useState<ComponentType<{ idleSeconds: number }> | null>(null);
  useEffect(() => {
    void import("./session-timeout").then((m) => setClock(() => m.SessionTimeout));
  }, []);
  return Clock ? <Clock idleSeconds={idleSeconds} /> : null;
}
