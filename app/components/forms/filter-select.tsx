import type { ReactNode } from "react";

/** The label and input rows of a filter field (the design system's form-field markup). */
function FilterField({ id, label, kind, children }: { id: string; label: string; kind: "select" | "text"; children: ReactNode }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--${kind}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
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

/** A labelled text, search or date box for the same GET filter forms. */
export function FilterText({ id, label, value, type = "search", maxLength = 254 }: { id: string; label: string; value?: string; type?: "text" | "date" | "search"; maxLength?: number }) {
  return (
    <FilterField id={id} label={label} kind="text">
      <input id={id} name={id} type={type} defaultValue={value ?? ""} maxLength={maxLength} className="utrecht-textbox utrecht-textbox--html-input" />
    </FilterField>
  );
}
