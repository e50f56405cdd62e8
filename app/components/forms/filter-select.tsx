import type { ReactNode } from "react";

/** The label and input rows of a filter field (the design system's form-field markup). */
function FilterField({ id, label, kind, error, children }: { id: string; label: string; kind: "select" | "text"; error?: string; children: ReactNode }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--${kind}${error ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {error ? (
        <div className="utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

/** A labelled select for filter and choice forms that are not validated (GET forms). */
export function FilterSelect({
  id,
  name = id,
  label,
  value,
  options,
}: {
  id: string;
  name?: string;
  label: string;
  value: string | number;
  options: { value: string | number; label: string }[];
}) {
  return (
    <FilterField id={id} label={label} kind="select">
      <select id={id} name={name} defaultValue={value} className="utrecht-select utrecht-select--html-select">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

/** A labelled text, search or date box for the same GET filter forms; `error` is shown next to it (the filter is then not applied). */
export function FilterText({
  id,
  label,
  value,
  type = "search",
  maxLength = 254,
  error,
}: {
  id: string;
  label: string;
  value?: string;
  type?: "text" | "date" | "search";
  maxLength?: number;
  error?: string;
}) {
  return (
    <FilterField id={id} label={label} kind="text" error={error}>
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={value ?? ""}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}`}
      />
    </FilterField>
  );
}
