import type { AnswerState } from "~/database/types";
import {
  choicesOf,
  formatValue,
  inputValue,
  share,
  STATE_LABELS,
  UNIT_SUFFIX,
  warningsFor,
  type Answer,
  type IndicatorDef,
} from "~/models/report.rules";
import { formatDateTime } from "~/utils/time";

export type FieldAnswer = Answer & { entered_by_name?: string | null; entered_at?: string };

/** What the form shows for one question after a failed save: exactly what the user sent. */
export type RawInput = { state?: string; value?: string; explanation?: string };

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const ANSWER_STATES = ["value", "unknown", "not_applicable"] as const;

/**
 * One question of the report: the value (or "onbekend" / "niet van toepassing"), last year's
 * accepted value beside it, the share of the total where the catalogue asks for it (computed,
 * never typed), warnings with room for an explanation, and who entered it when.
 */
export function AnswerField({
  indicator,
  answer,
  raw,
  previous,
  whole,
  wholeLabel,
  error,
  formId,
}: {
  indicator: IndicatorDef;
  answer: FieldAnswer | null | undefined;
  raw?: RawInput;
  previous: Answer | null | undefined;
  whole?: Answer | null;
  wholeLabel?: string;
  error?: string;
  formId: string;
}) {
  const id = `${formId}-${indicator.code}`;
  const state: AnswerState | "" = (raw ? (raw.state as AnswerState | undefined) : answer?.state) ?? "";
  const value = raw ? (raw.value ?? "") : inputValue(indicator, answer);
  const explanation = raw ? (raw.explanation ?? "") : (answer?.explanation ?? "");
  const warnings = raw ? [] : warningsFor(indicator, answer, previous);
  const percentage = indicator.show_share ? share(answer, whole) : null;
  const isText = indicator.unit === "text";
  const choices = choicesOf(indicator);
  const describedBy =
    [indicator.help ? `${id}-help` : "", error ? `${id}-error` : "", warnings.length ? `${id}-warning` : ""].filter(Boolean).join(" ") ||
    undefined;

  return (
    <fieldset className={`utrecht-form-fieldset mvoi-answer${error ? " mvoi-answer--invalid" : ""}`} id={id} tabIndex={-1}>
      <legend className="utrecht-form-fieldset__legend mvoi-answer__legend">
        {indicator.label}
        {answer?.prefilled ? (
          <span className="mvoi-tag mvoi-tag--submitted mvoi-answer__tag">Overgenomen van vorig jaar: controleer</span>
        ) : null}
      </legend>
      {indicator.help ? (
        <p className="utrecht-form-field__description" id={`${id}-help`}>
          {indicator.help}
        </p>
      ) : null}
      {error ? (
        <p className="utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <div className="mvoi-answer__row">
        <div className="mvoi-answer__input">
          {isText ? (
            <>
              <label className="rhc-visually-hidden" htmlFor={`${id}-waarde`}>
                {indicator.label}
              </label>
              <textarea
                id={`${id}-waarde`}
                name={`waarde.${indicator.code}`}
                rows={3}
                defaultValue={value}
                aria-describedby={describedBy}
                className="utrecht-textarea utrecht-textarea--html-textarea"
              />
            </>
          ) : choices.length ? (
            <>
              <label className="utrecht-form-label" htmlFor={`${id}-waarde`}>
                Antwoord
              </label>
              <select
                id={`${id}-waarde`}
                name={`waarde.${indicator.code}`}
                defaultValue={value}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                className="utrecht-select utrecht-select--html-select"
              >
                <option value="">Maak een keuze</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label className="utrecht-form-label" htmlFor={`${id}-waarde`}>
                Waarde{UNIT_SUFFIX[indicator.unit] ? ` (${UNIT_SUFFIX[indicator.unit]})` : ""}
              </label>
              <input
                id={`${id}-waarde`}
                name={`waarde.${indicator.code}`}
                type="text"
                inputMode={indicator.unit === "fte" || indicator.unit.startsWith("tonnes") ? "decimal" : "numeric"}
                defaultValue={value}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                className={`utrecht-textbox utrecht-textbox--html-input mvoi-textbox--medium${error ? " utrecht-textbox--invalid" : ""}`}
              />
            </>
          )}
          {!isText ? (
            <div className="mvoi-answer__states">
              {/* Each label holds its radio button: one element per option instead of the design
                  system's four wrappers (this form is the heaviest page officers use). */}
              {ANSWER_STATES.map((s) => (
                <label className="utrecht-form-label utrecht-form-label--radio mvoi-radio" key={s}>
                  <input
                    type="radio"
                    name={`staat.${indicator.code}`}
                    value={s}
                    defaultChecked={state === s || (s === "value" && state === "")}
                    className="utrecht-radio-button utrecht-radio-button--html-input"
                  />
                  {s === "value" ? "De waarde hierboven" : STATE_LABELS[s]}
                </label>
              ))}
            </div>
          ) : null}
        </div>
        <dl className="mvoi-answer__facts">
          {!isText ? (
            <>
              <dt>Vorig jaar</dt>
              <dd>{previous ? formatValue(indicator, previous) : "geen geaccepteerde waarde"}</dd>
            </>
          ) : null}
          {indicator.show_share ? (
            <>
              <dt>Aandeel{wholeLabel ? ` in ${wholeLabel.toLowerCase()}` : ""}</dt>
              <dd>{percentage == null ? "nog niet te berekenen" : `${pct.format(percentage)}%`}</dd>
            </>
          ) : null}
          {answer?.entered_at && !raw ? (
            <>
              <dt>Ingevuld</dt>
              <dd>
                {answer.entered_by_name ?? "onbekend"}, {formatDateTime(answer.entered_at)} ·{" "}
                <a className="nl-link" href={`geschiedenis/${indicator.code}`}>
                  Geschiedenis<span className="rhc-visually-hidden"> van {indicator.label}</span>
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {warnings.length ? (
        <div className="mvoi-answer__warning" id={`${id}-warning`}>
          <p>
            <strong>Let op:</strong> {warnings.join(" ")} Licht dit kort toe; dat is nodig om in te dienen.
          </p>
        </div>
      ) : null}
      {warnings.length || explanation ? (
        <div className="utrecht-form-field utrecht-form-field--textarea">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={`${id}-toelichting`}>
              Toelichting op de afwijking
            </label>
          </div>
          <div className="utrecht-form-field__input">
            <textarea
              id={`${id}-toelichting`}
              name={`toelichting.${indicator.code}`}
              rows={2}
              defaultValue={explanation}
              className="utrecht-textarea utrecht-textarea--html-textarea"
            />
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
