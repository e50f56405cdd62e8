import { useEffect, useRef, useState } from "react";
import { Form, useFetchers, useLocation, useNavigation } from "react-router";
import { Button } from "~/components/ui/button";

// GOV.UK's timeout warning, for a logged-in user with JavaScript: shortly before the session
// ends for inactivity, a dialog says so and offers to stay logged in. The server counts a session
// as used at most once a minute, so the warning comes three minutes before the idle timeout
// measured from the page's last contact with the server, and says "about two minutes". Without
// JavaScript there is no warning; a form posted after the timeout is kept instead
// (app/flows/kept-input.server.ts).

const WARN_BEFORE_SECONDS = 180;

export function SessionTimeout({ idleSeconds }: { idleSeconds: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const [lastContact, setLastContact] = useState(() => Date.now());
  const [phase, setPhase] = useState<"quiet" | "warning" | "ended">("quiet");
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const location = useLocation();
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");

  // Every page load, navigation and finished fetch (an automatic save, say) used the session.
  useEffect(() => {
    if (!busy) setLastContact(Date.now());
  }, [busy, location.key]);

  useEffect(() => {
    const warnIn = lastContact + (idleSeconds - WARN_BEFORE_SECONDS) * 1000 - Date.now();
    const endIn = lastContact + idleSeconds * 1000 - Date.now();
    const warn = window.setTimeout(() => setPhase("warning"), Math.max(0, warnIn));
    const end = window.setTimeout(() => setPhase("ended"), Math.max(0, endIn));
    return () => {
      window.clearTimeout(warn);
      window.clearTimeout(end);
    };
  }, [lastContact, idleSeconds]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (phase === "quiet") {
      if (element.open) element.close();
      return;
    }
    if (!element.open) element.showModal();
    stay.current?.focus();
  }, [phase]);

  async function stayLoggedIn() {
    const response = await fetch("/account/sessie", {
      method: "POST",
      body: new URLSearchParams(),
      headers: { Accept: "application/json" },
    }).catch(() => null);
    if (response?.ok) {
      setLastContact(Date.now());
      setPhase("quiet");
    } else {
      setPhase("ended");
    }
  }

  const here = `${location.pathname}${location.search}`;
  return (
    <dialog
      ref={dialog}
      className="mvoi-timeout"
      aria-labelledby="sessie-titel"
      aria-describedby="sessie-uitleg"
      onCancel={(e) => e.preventDefault()}
    >
      {phase === "ended" ? (
        <>
          <h2 className="nl-heading nl-heading--level-2" id="sessie-titel">
            U bent uitgelogd
          </h2>
          <p className="nl-paragraph" id="sessie-uitleg">
            U was 30 minuten niet actief. Wat u nog niet had opgeslagen, gaat niet verloren: sla het op, log opnieuw in en u ziet het
            formulier weer, ingevuld.
          </p>
          <div className="mvoi-button-row">
            <Button type="button" ref={stay} onClick={() => setPhase("quiet")}>
              Terug naar de pagina
            </Button>
            <a className="nl-link" href={`/inloggen?redirectTo=${encodeURIComponent(here)}`}>
              Opnieuw inloggen
            </a>
          </div>
        </>
      ) : (
        <>
          <h2 className="nl-heading nl-heading--level-2" id="sessie-titel">
            U wordt bijna uitgelogd
          </h2>
          <p className="nl-paragraph" id="sessie-uitleg">
            U bent bijna 30 minuten niet actief geweest. Over ongeveer 2 minuten logt het portaal u uit, om uw gegevens te beschermen.
          </p>
          <div className="mvoi-button-row">
            <Button type="button" ref={stay} onClick={() => void stayLoggedIn()}>
              Blijf ingelogd
            </Button>
            <Form method="post" action="/uitloggen">
              <Button appearance="secondary">Uitloggen</Button>
            </Form>
          </div>
        </>
      )}
    </dialog>
  );
}
