import { Form } from "react-router";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";

export type UploadChangeView = { organisation: string; question: string; before: string; after: string; conflict: string | null };

/**
 * What an uploaded spreadsheet would change, before anything is stored: every changed cell with the
 * stored value and the new one, conflicts marked. Confirming stores the changes (the stamps are
 * checked again, so a change made in between is a conflict too).
 */
export function UploadPreview({
  changes,
  conflicts,
  token,
  back,
}: {
  changes: UploadChangeView[];
  conflicts: number;
  token: string;
  back: string;
}) {
  return (
    <section aria-labelledby="voorbeeld-titel">
      <Heading level={2} id="voorbeeld-titel">
        Wat het Excel-bestand verandert
      </Heading>
      {changes.length === 0 ? (
        <>
          <Alert type="info">Het bestand bevat geen wijzigingen. Er is niets opgeslagen.</Alert>
          <Paragraph>
            <Link to={back}>Terug naar het overzicht</Link>
          </Paragraph>
        </>
      ) : (
        <>
          <Paragraph>
            Er is nog niets opgeslagen. Controleer de {changes.length === 1 ? "wijziging" : `${changes.length} wijzigingen`} en kies dan{" "}
            <strong>Wijzigingen opslaan</strong>.
            {conflicts
              ? ` ${conflicts === 1 ? "1 waarde is" : `${conflicts} waarden zijn`} na het downloaden gewijzigd; daarvoor kiest u na het opslaan welke waarde blijft.`
              : ""}
          </Paragraph>
          <ol className="mvoi-changes" aria-label="Elke gewijzigde waarde: wat nu is opgeslagen en wat het wordt">
            {changes.map((c, i) => (
              <li key={i} className="mvoi-changes__item">
                <strong>{c.organisation}</strong>, {c.question}
                <br />
                Nu opgeslagen: {c.before}. Wordt: <strong>{c.after}</strong>.
                {c.conflict ? <span className="mvoi-changes__conflict">Let op: {c.conflict}</span> : null}
              </li>
            ))}
          </ol>
          <div className="mvoi-button-row">
            <Form method="post">
              <input type="hidden" name="wijzigingen" value={token} />
              <Button name="intent" value="bevestigen">
                Wijzigingen opslaan
              </Button>
            </Form>
            <Link to={back}>Annuleren, niets opslaan</Link>
          </div>
        </>
      )}
    </section>
  );
}
