import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

// Conform-aware form fields in NL Design System markup. The error message sits between label
// and input and is tied to the input with aria-describedby (Conform sets aria-invalid too).

function cx(...names: unknown[]) {
  return names.filter((n): n is string => typeof n === "string" && n.length > 0).join(" ");
}

type Base = { label: ReactNode; field: FieldMetadata<unknown>; description?: ReactNode; className?: string };

function FieldShell({ label, field, description, kind, className, children }: Base & { kind: string; children: ReactNode }) {
  const invalid = Boolean(field.errors?.length);
  return (
    <div className={cx("utrecht-form-field", `utrecht-form-field--${kind}`, invalid && "utrecht-form-field--invalid", className)}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={field.id}>
          {label}
        </label>
      </div>
      {description ? (
        <div className="utrecht-form-field__description" id={field.descriptionId}>
          {description}
        </div>
      ) : null}
      <FieldError field={field} />
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

export function FieldError({ field }: { field: FieldMetadata<unknown> }) {
  if (!field.errors?.length) return null;
  return (
    <div className="utrecht-form-field__error-message" id={field.errorId}>
      {field.errors.join(" ")}
    </div>
  );
}

const textboxClass = (field: FieldMetadata<unknown>, extra?: string) =>
  cx("utrecht-textbox", "utrecht-textbox--html-input", field.errors?.length && "utrecht-textbox--invalid", extra);

type TextFieldProps = Base & {
  type?: "text" | "email" | "password" | "url" | "search" | "date";
  autoComplete?: string;
  /** "numeric" / "decimal" for numbers typed the Dutch way (text input, so "1,5" is allowed). */
  inputMode?: "numeric" | "decimal";
  size?: "small" | "medium";
  /** The unit written after the input ("euro", "fte"), as in the report's questions. */
  suffix?: string;
};

export function TextField({ label, field, type = "text", description, autoComplete, inputMode, size, className, suffix }: TextFieldProps) {
  const suffixId = `${field.id}-eenheid`;
  const describedBy = cx(description && field.descriptionId, suffix && suffixId) || undefined;
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: describedBy });
  const input = (
    <input
      key={key}
      {...inputProps}
      autoComplete={autoComplete}
      inputMode={inputMode}
      className={textboxClass(field, size ? `mvoi-textbox--${size}` : undefined)}
    />
  );
  return (
    <FieldShell label={label} field={field} description={description} kind="text" className={className}>
      {suffix ? (
        <div className="mvoi-affix">
          {input}
          <span className="mvoi-affix__suffix" id={suffixId}>
            {suffix}
          </span>
        </div>
      ) : (
        input
      )}
    </FieldShell>
  );
}

export function TextareaField({ label, field, description, rows = 4, className }: Base & { rows?: number }) {
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: description ? field.descriptionId : undefined });
  return (
    <FieldShell label={label} field={field} description={description} kind="textarea" className={className}>
      <textarea
        key={key}
        {...props}
        rows={rows}
        className={cx("utrecht-textarea", "utrecht-textarea--html-textarea", field.errors?.length && "utrecht-textarea--invalid")}
      />
    </FieldShell>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  label,
  field,
  description,
  options,
  placeholder = "Maak een keuze",
  className,
}: Base & { options: Option[]; placeholder?: string }) {
  const { key, ...props } = getSelectProps(field, { ariaDescribedBy: description ? field.descriptionId : undefined });
  return (
    <FieldShell label={label} field={field} description={description} kind="select" className={className}>
      <select
        key={key}
        {...props}
        className={cx("utrecht-select", "utrecht-select--html-select", field.errors?.length && "utrecht-select--invalid")}
      >
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A group of radio buttons or checkboxes in a fieldset with a legend. */
export function ChoiceGroup({
  legend,
  field,
  options,
  type,
  description,
}: {
  legend: ReactNode;
  field: FieldMetadata<unknown>;
  options: Option[];
  type: "radio" | "checkbox";
  description?: ReactNode;
}) {
  const invalid = Boolean(field.errors?.length);
  const initial = field.initialValue;
  const selected = new Set(Array.isArray(initial) ? initial.map(String) : initial != null ? [String(initial)] : []);
  const describedBy = cx(description && field.descriptionId, invalid && field.errorId) || undefined;
  return (
    <fieldset
      className={cx("utrecht-form-fieldset", "mvoi-fieldset", invalid && "utrecht-form-fieldset--invalid")}
      aria-describedby={describedBy}
      id={field.id}
      tabIndex={-1}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-label">{legend}</legend>
      {description ? (
        <div className="utrecht-form-field__description" id={field.descriptionId}>
          {description}
        </div>
      ) : null}
      <FieldError field={field} />
      <div className="mvoi-choice-list">
        {options.map((o) => {
          const id = `${field.id}-${o.value}`;
          return (
            <div className={`utrecht-form-field utrecht-form-field--${type}`} key={o.value}>
              <div className="utrecht-form-field__input">
                <input
                  type={type}
                  id={id}
                  name={field.name}
                  value={o.value}
                  defaultChecked={selected.has(o.value)}
                  className={
                    type === "radio"
                      ? "utrecht-radio-button utrecht-radio-button--html-input"
                      : "utrecht-checkbox utrecht-checkbox--html-input"
                  }
                  aria-invalid={invalid || undefined}
                />
              </div>
              <div className={`utrecht-form-field__label utrecht-form-field__label--${type}`}>
                <label className={`utrecht-form-label utrecht-form-label--${type}`} htmlFor={id}>
                  {o.label}
                </label>
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** One checkbox with its label after it. */
export function CheckboxField({ label, field, description }: Base) {
  const { key, ...props } = getInputProps(field, { type: "checkbox", ariaDescribedBy: description ? field.descriptionId : undefined });
  return (
    <div className={cx("utrecht-form-field", "utrecht-form-field--checkbox", field.errors?.length && "utrecht-form-field--invalid")}>
      <div className="utrecht-form-field__input">
        <input key={key} {...props} className="utrecht-checkbox utrecht-checkbox--html-input" />
      </div>
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={field.id}>
          {label}
        </label>
      </div>
      {description ? (
        <div className="utrecht-form-field__description" id={field.descriptionId}>
          {description}
        </div>
      ) : null}
      <FieldError field={field} />
    </div>
  );
}
