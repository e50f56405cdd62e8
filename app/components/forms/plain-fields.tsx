import { useRestored } from "~/components/forms/restored-input";
import type { ReactNode } from "react";

// Fields for forms whose field names are generated (one block per theme, one select per year),
// where Conform's typed metadata is awkward. They take name, id, default value and errors
// directly, and render the same NL Design System markup as text-field.tsx.

type Common = { id: string; name: string; label: ReactNode; errors?: string[]; description?: ReactNode };

function describedBy(id: string, errors?: string[], description?: ReactNode) {
  return [description ? `${id}-description` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** A field's description and error message, with the ids its input's aria-describedby names. */
function DescriptionAndError({ id, errors, description }: { id: string; errors?: string[]; description?: ReactNode }) {
  return (
    <>
      {description ? (
        <div className="utrecht-form-field__description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
      {errors?.length ? (
        <div className="utrecht-form-field__error-message" id={`${id}-error`}>
          {errors.join(" ")}
        </div>
      ) : null}
    </>
  );
}

/** The label, description, error and input rows of a form field (also used by the GET filter fields). */
export function Shell({ id, label, errors, description, kind, children }: Omit<Common, "name"> & { kind: string; children: ReactNode }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={`utrecht-form-field utrecht-form-field--${kind}${invalid ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      <DescriptionAndError id={id} errors={errors} description={description} />
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

export function PlainSelect({
  id,
  name,
  label,
  errors,
  description,
  defaultValue,
  options,
  placeholder = "Maak een keuze",
}: Common & { defaultValue?: string; options: { value: string; label: string }[]; placeholder?: string }) {
  // What was posted before the session timed out comes first (restored-input.tsx).
  const restored = useRestored().value(name);
  return (
    <Shell id={id} label={label} errors={errors} description={description} kind="select">
      <select
        id={id}
        name={name}
        defaultValue={restored ?? defaultValue ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, description)}
        className={`utrecht-select utrecht-select--html-select${errors?.length ? " utrecht-select--invalid" : ""}`}
      >
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export function PlainTextarea({
  id,
  name,
  label,
  errors,
  description,
  defaultValue,
  rows = 3,
}: Common & { defaultValue?: string; rows?: number }) {
  const restored = useRestored().value(name);
  return (
    <Shell id={id} label={label} errors={errors} description={description} kind="textarea">
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={restored ?? defaultValue ?? ""}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, description)}
        className={`utrecht-textarea utrecht-textarea--html-textarea${errors?.length ? " utrecht-textarea--invalid" : ""}`}
      />
    </Shell>
  );
}

export function PlainCheckbox({ id, name, label, errors, defaultChecked }: Common & { defaultChecked?: boolean }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--checkbox${errors?.length ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__input">
        <input
          type="checkbox"
          id={id}
          name={name}
          defaultChecked={defaultChecked}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, errors)}
          className="utrecht-checkbox utrecht-checkbox--html-input"
        />
      </div>
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
          {label}
        </label>
      </div>
      {errors?.length ? (
        <div className="utrecht-form-field__error-message" id={`${id}-error`}>
          {errors.join(" ")}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A question answered by choosing one of a few options: radio buttons in a fieldset whose legend
 * is the question (GOV.UK's and the NL Design System's pattern for up to about seven choices).
 * The first option carries the id, so an error summary can link to it.
 */
export function PlainRadios({
  id,
  name,
  label,
  errors,
  description,
  defaultValue,
  options,
}: Common & { defaultValue?: string; options: { value: string; label: string }[] }) {
  const restored = useRestored().value(name);
  const chosen = restored ?? defaultValue ?? "";
  const invalid = Boolean(errors?.length);
  return (
    <fieldset
      className={`utrecht-form-fieldset mvoi-fieldset mvoi-radios${invalid ? " utrecht-form-field--invalid" : ""}`}
      aria-describedby={describedBy(id, errors, description)}
    >
      <legend className="utrecht-form-label mvoi-radios__legend">{label}</legend>
      <DescriptionAndError id={id} errors={errors} description={description} />
      <div className="mvoi-radio-list">
        {options.map((o, n) => (
          <label className="utrecht-form-label utrecht-form-label--radio mvoi-radio" key={o.value}>
            <input
              type="radio"
              id={n === 0 ? id : `${id}-${n}`}
              name={name}
              value={o.value}
              defaultChecked={chosen === o.value}
              aria-invalid={invalid || undefined}
              className="utrecht-radio-button utrecht-radio-button--html-input"
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
