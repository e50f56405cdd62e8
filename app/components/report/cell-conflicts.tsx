import { Form } from "react-router";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";

/** A conflict as the grid route prepares it (grid-cells.server.ts): every value already in words. */
export type CellConflictView = {
  field: string;
  organisation: string;
  question: string;
  then: string;
  now: string;
  mine: string;
  changed: string;
};

/**
 * The cells someone else changed after the user read them: per cell the value then, the value now
 * (who changed it, when) and the user's own, with a choice which one stays. The rest of the save
 * is stored already. Works without JavaScript: one form, one choice per cell.
 */
export function CellConflicts({
  conflicts,
  token,
  saved,
  choiceMissing,
}: {
  conflicts: CellConflictView[];
  token: string;
  saved: number;
  choiceMissing: boolean;
}) {
  return (
    <section className="mvoi-conflicts" aria-labelledby="conflicten-titel">
      {choiceMissing ? (
        <ErrorSummary
          errors={conflicts.map((c) => ({
            message: `${c.organisation}, ${c.question}: kies welke waarde blijft.`,
            href: `#${c.field}-mijn`,
          }))}
        />
      ) : null}
      <div className="utrecht-alert utrecht-alert--warning" role="alert">
        <div className="utrecht-alert__content">
          <div className="utrecht-alert__message">
            <Heading level={2} id="conflicten-titel">
              {conflicts.length === 1 ? "1 waarde is intussen gewijzigd" : `${conflicts.length} waarden zijn intussen gewijzigd`}
            </Heading>
            <Paragraph>
              {saved ? `Uw andere wijzigingen zijn opgeslagen (${saved === 1 ? "1 organisatie" : `${saved} organisaties`}). ` : ""}
              Deze waarden zijn nog niet opgeslagen. Kies per waarde welke blijft.
            </Paragraph>
          </div>
        </div>
      </div>
      <Form method="post" className="mvoi-form" noValidate>
        <input type="hidden" name="conflicten" value={token} />
        {conflicts.map((c) => {
          const error = choiceMissing ? `${c.field}-fout` : undefined;
          return (
            <fieldset
              key={c.field}
              className="utrecht-form-fieldset mvoi-conflict"
              aria-describedby={[`${c.field}-uitleg`, error].filter(Boolean).join(" ")}
            >
              <legend className="utrecht-form-fieldset__legend mvoi-answer__legend">
                {c.organisation}: {c.question}
              </legend>
              <p className="mvoi-conflict__then" id={`${c.field}-uitleg`}>
                Eerst stond er: {c.then}. Nu staat er: {c.now} (gewijzigd {c.changed}).
              </p>
              {error ? (
                <p className="utrecht-form-field__error-message" id={error}>
                  Kies welke waarde blijft.
                </p>
              ) : null}
              <div className="utrecht-form-field utrecht-form-field--radio">
                <input className="utrecht-radio-button" type="radio" id={`${c.field}-mijn`} name={c.field} value="mijn" />
                <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${c.field}-mijn`}>
                  Mijn waarde opslaan: {c.mine}
                </label>
              </div>
              <div className="utrecht-form-field utrecht-form-field--radio">
                <input className="utrecht-radio-button" type="radio" id={`${c.field}-opgeslagen`} name={c.field} value="opgeslagen" />
                <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${c.field}-opgeslagen`}>
                  De opgeslagen waarde houden: {c.now}
                </label>
              </div>
            </fieldset>
          );
        })}
        <Button name="intent" value="conflicten">
          Keuzes opslaan
        </Button>
      </Form>
    </section>
  );
}
