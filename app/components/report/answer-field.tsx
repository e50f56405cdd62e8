import type React from "react";
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
import { STEPS } from "~/models/theme";
import { formatDateTime } from "~/utils/time";

export type FieldAnswer = Answer & { entered_by_name?: string | null; entered_at?: string };

/** What the form shows for one question after a failed save: exactly what the user sent. */
export type RawInput = { state?: string; value?: string; explanation?: string };

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const OTHER_STATES = ["unknown", "not_applicable"] as const;

/** The options of a question answered by choosing: its own choices, yes or no, or the five steps. */
function optionsOf(indicator: IndicatorDef): { value: string; label: string }[] {
  if (indicator.unit === "step") return STEPS.map((s) => ({ value: String(s.step), label: `${s.step} ${s.name}` }));
  return choicesOf(indicator);
}

/**
 * With JavaScript, typing an answer or choosing an option also chooses "Ik geef het antwoord
 * hierboven", so an earlier "Onbekend" does not silently win (without JavaScript the server asks
 * which is meant, for a number).
 */
function answeringChoosesValue(event: React.FormEvent<HTMLInputElement>) {
  const input = event.currentTarget;
  // The "staat.<code>" radio buttons as one list: giving it a value checks that button.
  const states = input.form?.elements.namedItem(input.name.replace("waarde.", "staat.")) as RadioNodeList | null;
  if (states && input.value) states.value = "value";
}

/** Where an error about this question should take the user: its input, or its first option. */
export function answerInputId(formId: string, indicator: IndicatorDef): string {
  const id = `${formId}-${indicator.code}-waarde`;
  return optionsOf(indicator).length ? `${id}-0` : id;
}

/**
 * One question of the report, in the question pattern of GOV.UK and the NL Design System: the
 * question is the label (the largest text of the block) with its hint, the unit beside the input,
 * options as radio buttons. "Onbekend" and "Niet van toepassing" sit in a disclosure that opens by
 * itself when one of them is chosen; they never count as 0. Below the input: last year's accepted
 * value, the share of the total where the catalogue asks for it (computed, never typed), who
 * entered it when, and warnings with room for an explanation.
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
  question,
}: {
  indicator: IndicatorDef;
  answer: FieldAnswer | null | undefined;
  raw?: RawInput;
  previous: Answer | null | undefined;
  whole?: Answer | null;
  wholeLabel?: string;
  error?: string;
  formId: string;
  /** The ministry's open question on this value, and where it is answered. */
  question?: { text: string; href: string };
}) {
  const id = `${formId}-${indicator.code}`;
  const inputId = `${id}-waarde`;
  const state: AnswerState | "" = (raw ? (raw.state as AnswerState | undefined) : answer?.state) ?? "";
  const value = raw ? (raw.value ?? "") : inputValue(indicator, answer);
  const explanation = raw ? (raw.explanation ?? "") : (answer?.explanation ?? "");
  const warnings = raw ? [] : warningsFor(indicator, answer, previous);
  const percentage = indicator.show_share ? share(answer, whole) : null;
  const isText = indicator.unit === "text";
  const options = optionsOf(indicator);
  // The unit after the input; a count has none (its question says what is counted).
  const suffix = options.length || indicator.unit === "count" ? undefined : UNIT_SUFFIX[indicator.unit] || undefined;
  const describedBy =
    [
      // In a legend the tag is part of the question already; beside a label it is described.
      answer?.prefilled && !options.length ? `${id}-overgenomen` : "",
      indicator.help ? `${id}-help` : "",
      error ? `${id}-error` : "",
      suffix ? `${id}-eenheid` : "",
      warnings.length ? `${id}-warning` : "",
      question ? `${id}-vraag` : "",
    ]
      .filter(Boolean)
      .join(" ") || undefined;
  const otherChosen = state === "unknown" || state === "not_applicable";

  const tag = answer?.prefilled ? (
    <span className="mvoi-tag mvoi-tag--submitted mvoi-answer__tag" id={`${id}-overgenomen`}>
      Overgenomen van vorig jaar: controleer
    </span>
  ) : null;
  const hintAndError = (
    <>
      {question ? (
        <p className="mvoi-answer__asked" id={`${id}-vraag`}>
          Vraag van het ministerie: {question.text}{" "}
          <a href={question.href}>
            Beantwoorden<span className="rhc-visually-hidden"> ({indicator.label})</span>
          </a>
        </p>
      ) : null}
      {indicator.help ? (
        <p className="utrecht-form-field__description mvoi-answer__hint" id={`${id}-help`}>
          {indicator.help}
        </p>
      ) : null}
      {error ? (
        <p className="utrecht-form-field__error-message" id={`${id}-error`}>
          <span className="rhc-visually-hidden">Fout: </span>
          {error}
        </p>
      ) : null}
    </>
  );

  return (
    <div className={`mvoi-answer${error ? " mvoi-answer--invalid" : ""}`} id={id}>
      {options.length ? (
        <fieldset className="mvoi-fieldset" aria-describedby={describedBy}>
          <legend className="mvoi-answer__question">
            {indicator.label}
            {tag}
          </legend>
          {hintAndError}
          <div className="mvoi-radio-list mvoi-answer__options">
            {options.map((c, n) => (
              <label className="utrecht-form-label utrecht-form-label--radio mvoi-radio" key={c.value}>
                <input
                  type="radio"
                  id={`${inputId}-${n}`}
                  name={`waarde.${indicator.code}`}
                  value={c.value}
                  defaultChecked={value === c.value}
                  onChange={answeringChoosesValue}
                  aria-invalid={error ? true : undefined}
                  className="utrecht-radio-button utrecht-radio-button--html-input"
                />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <>
          <label className="mvoi-answer__question" htmlFor={inputId}>
            {indicator.label}
          </label>
          {tag}
          {hintAndError}
          {isText ? (
            <textarea
              id={inputId}
              name={`waarde.${indicator.code}`}
              rows={3}
              defaultValue={value}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              className="utrecht-textarea utrecht-textarea--html-textarea mvoi-answer__text"
            />
          ) : (
            <div className="mvoi-affix">
              <input
                id={inputId}
                name={`waarde.${indicator.code}`}
                type="text"
                inputMode={indicator.unit === "fte" || indicator.unit.startsWith("tonnes") ? "decimal" : "numeric"}
                autoComplete="off"
                defaultValue={value}
                onInput={answeringChoosesValue}
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                className={`utrecht-textbox utrecht-textbox--html-input mvoi-textbox--medium${error ? " utrecht-textbox--invalid" : ""}`}
              />
              {suffix ? (
                <span className="mvoi-affix__suffix" id={`${id}-eenheid`}>
                  {suffix}
                </span>
              ) : null}
            </div>
          )}
        </>
      )}
      {!isText ? (
        <details className="mvoi-answer__other" open={otherChosen || undefined}>
          <summary>Weet u het niet, of geldt dit niet?</summary>
          <fieldset className="mvoi-fieldset">
            <legend className="rhc-visually-hidden">Antwoord op: {indicator.label}</legend>
            <div className="mvoi-radio-list">
              {/* Each label holds its radio button: one element per option instead of the design
                  system's four wrappers (this form is the heaviest page officers use). */}
              <label className="utrecht-form-label utrecht-form-label--radio mvoi-radio">
                <input
                  type="radio"
                  name={`staat.${indicator.code}`}
                  value="value"
                  defaultChecked={!otherChosen}
                  className="utrecht-radio-button utrecht-radio-button--html-input"
                />
                Ik geef het antwoord hierboven
              </label>
              {OTHER_STATES.map((s) => (
                <label className="utrecht-form-label utrecht-form-label--radio mvoi-radio" key={s}>
                  <input
                    type="radio"
                    name={`staat.${indicator.code}`}
                    value={s}
                    defaultChecked={state === s}
                    className="utrecht-radio-button utrecht-radio-button--html-input"
                  />
                  {STATE_LABELS[s]}
                </label>
              ))}
            </div>
            <p className="mvoi-answer__note">Onbekend en niet van toepassing tellen nooit als 0.</p>
          </fieldset>
        </details>
      ) : null}
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
      {warnings.length ? (
        <div className="mvoi-answer__warning" id={`${id}-warning`}>
          <p>
            <strong>Let op:</strong> {warnings.join(" ")} Licht dit kort toe; dat is nodig om in te dienen.
          </p>
        </div>
      ) : null}
      {warnings.length || explanation ? (
        <div className="utrecht-form-field utrecht-form-field--textarea mvoi-answer__explanation">
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
    </div>
  );
}
