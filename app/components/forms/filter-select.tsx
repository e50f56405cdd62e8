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
  /** With `group`, consecutive options of one group go into an <optgroup> with that label. */
  options: { value: string | number; label: string; group?: string }[];
}) {
  const option = (o: { value: string | number; label: string }) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  const groups: { group: string | undefined; options: typeof options }[] = [];
  for (const o of options) {
    const last = groups.at(-1);
    if (last && last.group === o.group) last.options.push(o);
    else groups.push({ group: o.group, options: [o] });
  }
  return (
    <Shell id={id} label={label} kind="select">
      <select id={id} name={name} defaultValue={value} className="utrecht-select utrecht-select--html-select">
        {groups.map((g, i) =>
          g.group === undefined ? (
            g.options.map(option)
          ) : (
            <optgroup key={`${i}-${g.group}`} label={g.group}>
              {g.options.map(option)}
            </optgroup>
          ),
        )}
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
