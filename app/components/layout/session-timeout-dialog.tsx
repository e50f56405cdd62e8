import { useEffect, useRef } from "react";
import { Form } from "react-router";
import { Button } from "~/components/ui/button";

export type TimeoutPhase = "quiet" | "warning" | "ended";

/** The timeout warning's dialog (session-timeout.tsx), loaded when it is first needed. */
export default function SessionTimeoutDialog({
  phase,
  onStay,
  onEnded,
  onClose,
}: {
  phase: Exclude<TimeoutPhase, "quiet">;
  onStay: () => void;
  onEnded: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLButtonElement>(null);

  // A modal dialog: the rest of the page is inert, and the focus starts on its first button (also
  // when the warning turns into "U bent uitgelogd", so that is read out). When it closes, the focus
  // goes back to where it was, such as the field the user was typing in.
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    first.current?.focus();
  }, [phase]);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => before?.focus();
  }, []);

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
      role="alertdialog"
      className="mvoi-timeout"
      aria-labelledby="sessie-titel"
      aria-describedby="sessie-uitleg"
      onCancel={(e) => {
        // Escape: as the first button (stay logged in, or back to the page).
        e.preventDefault();
        if (phase === "ended") onClose();
        else void stayLoggedIn();
      }}
    >
      {phase === "ended" ? (
        <>
          <h2 className="nl-heading nl-heading--level-2" id="sessie-titel">
            U bent uitgelogd
          </h2>
          <p className="nl-paragraph" id="sessie-uitleg">
            U heeft 30 minuten niets gedaan. Wat u heeft ingevuld, gaat niet verloren. Klik op Opslaan: u logt dan eerst opnieuw in, en
            daarna staat wat u invulde er weer.
          </p>
          <div className="mvoi-button-row">
            <Button type="button" ref={first} onClick={onClose}>
              Terug naar de pagina
            </Button>
          </div>
        </>
      ) : (
        <>
          <h2 className="nl-heading nl-heading--level-2" id="sessie-titel">
            U wordt bijna uitgelogd
          </h2>
          <p className="nl-paragraph" id="sessie-uitleg">
            U heeft bijna 30 minuten niets gedaan. Over ongeveer 2 minuten logt het portaal u uit, om uw gegevens te beschermen.
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
