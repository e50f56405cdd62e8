import { Shell } from "~/components/forms/plain-fields";

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
    <Shell id={id} label={label} kind="select">
      <select id={id} name={name} defaultValue={value} className="utrecht-select utrecht-select--html-select">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
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
    <Shell id={id} label={label} kind="text" errors={error ? [error] : undefined}>
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={value ?? ""}
        // A date box has no length (HTML allows maxlength on text boxes only).
        maxLength={type === "date" ? undefined : maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}`}
      />
    </Shell>
  );
}
