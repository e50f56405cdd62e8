import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

type TextFieldProps = {
  label: string;
  field: FieldMetadata<string>;
  type?: "text" | "email" | "password" | "url" | "search";
  description?: ReactNode;
  autoComplete?: string;
};

/**
 * A labelled text input with its description and error message, in NL Design System form-field
 * markup. The error sits between label and input and is tied to the input with aria-describedby.
 */
export function TextField({ label, field, type = "text", description, autoComplete }: TextFieldProps) {
  const invalid = Boolean(field.errors?.length);
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: description ? field.descriptionId : undefined });
  return (
    <div className={["utrecht-form-field", "utrecht-form-field--text", invalid ? "utrecht-form-field--invalid" : ""].filter(Boolean).join(" ")}>
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
      {invalid ? (
        <div className="utrecht-form-field__error-message" id={field.errorId}>
          {field.errors?.join(" ")}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          key={key}
          {...inputProps}
          autoComplete={autoComplete}
          className={["utrecht-textbox", "utrecht-textbox--html-input", invalid ? "utrecht-textbox--invalid" : ""].filter(Boolean).join(" ")}
        />
      </div>
    </div>
  );
}
