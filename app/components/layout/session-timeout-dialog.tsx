import { useEffect, useRef } from "react";
import { Form } from "react-router";
import { Button } from "~/components/ui/button";

export type TimeoutPhase = "quiet" | "warning" | "ended";

/** The timeout warning's dialog (session-timeout.tsx), loaded when it is first needed. */
export default function SessionTimeoutDialog({
  phase,
  here,
  onStay,
  onEnded,
  onClose,
}: {
  phase: Exclude<TimeoutPhase, "quiet">;
  here: string;
  onStay: () => void;
  onEnded: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLButtonElement>(null);

  // A modal dialog: the rest of the page is inert, and the focus starts on its first button.
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    first.current?.focus();
  }, [phase]);

  async function stayLoggedIn() {
    // A form body: the server refuses posts that are not forms (415).
    const response = await fetch("/account/sessie", {
      method: "POST",
      body: new URLSearchParams(),
      headers: { Accept: "application/json" },
    }).catch(() => null);
    if (response?.ok) onStay();
    else onEnded();
  }

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
            <Button type="button" ref={first} onClick={onClose}>
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
            <Button type="button" ref={first} onClick={() => void stayLoggedIn()}>
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
