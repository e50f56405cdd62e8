import { useEffect, useState } from "react";
import { useFetchers, useLocation, useNavigation } from "react-router";
import TimeoutDialog, { type TimeoutPhase } from "./session-timeout-dialog";

// GOV.UK's timeout warning, for a logged-in user with JavaScript: shortly before the session
// ends for inactivity, a dialog says so and offers to stay logged in. The server counts a session
// as used at most once a minute, so the warning comes three minutes before the idle timeout
// measured from the page's last contact with the server, and says "about two minutes". Without
// JavaScript there is no warning; a form posted after the timeout is kept instead
// (app/flows/kept-input.server.ts). The root loads this module after the page is interactive
// (session-timeout-later.tsx): it is on every logged-in page, and not needed in the first half hour.

const WARN_BEFORE_SECONDS = 180;

export function SessionTimeout({ idleSeconds }: { idleSeconds: number }) {
  // Set again below once the page is idle: this module loads a moment after the page, which errs
  // on the early side by that moment.
  const [lastContact, setLastContact] = useState(() => Date.now());
  const [phase, setPhase] = useState<TimeoutPhase>("quiet");
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  const location = useLocation();

  // Every page load, navigation and finished fetch (an automatic save, say) used the session.
  useEffect(() => {
    if (!busy) setLastContact(Date.now());
  }, [busy, location.key]);

  useEffect(() => {
    const at = (seconds: number) => Math.max(0, lastContact + seconds * 1000 - Date.now());
    const timers = [
      window.setTimeout(() => setPhase("warning"), at(idleSeconds - WARN_BEFORE_SECONDS)),
      window.setTimeout(() => setPhase("ended"), at(idleSeconds)),
    ];
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, [lastContact, idleSeconds]);

  if (phase === "quiet") return null;
  return (
    <TimeoutDialog
      phase={phase}
      onStay={() => {
        setLastContact(Date.now());
        setPhase("quiet");
      }}
      onEnded={() => setPhase("ended")}
      onClose={() => setPhase("quiet")}
    />
  );
}
