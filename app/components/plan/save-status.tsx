import { formatDateTime } from "~/utils/time";

/** "Laatst opgeslagen …", announced politely to screen readers when it changes. */
export function SaveStatus({
  savedAt,
  saving,
  conflict,
  invalid,
  refused,
}: {
  savedAt: string | null;
  saving: boolean;
  conflict: boolean;
  invalid: boolean;
  /** The portal refused the save for the moment (too busy, or too much sent): nothing was saved. */
  refused: boolean;
}) {
  let text = savedAt ? `Laatst opgeslagen: ${formatDateTime(savedAt)}.` : "Nog niet opgeslagen.";
  if (saving) text = "Bezig met opslaan…";
  else if (conflict) text = "Niet automatisch opgeslagen: iemand anders heeft het plan intussen gewijzigd. Open de pagina opnieuw.";
  else if (invalid) text = "Niet automatisch opgeslagen: controleer de velden en klik op Opslaan.";
  else if (refused) text = "Niet opgeslagen: even te druk. Het wordt zo opnieuw geprobeerd.";
  return (
    <p className="mvoi-save-status" aria-live="polite" data-testid="save-status">
      {text}
    </p>
  );
}
