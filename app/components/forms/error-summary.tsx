import { useEffect, useRef } from "react";

export type SummaryError = { message: string; href?: string };

/**
 * "Er is iets niet goed ingevuld": every error at the top of the page, each a link to its field.
 * It takes focus when it appears, so keyboard and screen-reader users start there. When its errors
 * change while the user is typing in a field (a form that re-checks on input), focus stays in
 * that field; a re-render with the same errors never moves focus.
 */
export function ErrorSummary({ errors, title }: { errors: SummaryError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.href ?? ""} ${e.message}`).join("\n");
  const shown = useRef("");
  useEffect(() => {
    const before = shown.current;
    shown.current = key;
    if (!key) return;
    const active = document.activeElement;
    const typing = active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type !== "submit");
    if (!before || !typing) ref.current?.focus();
  }, [key]);
  if (errors.length === 0) return null;
  // Only form-level problems (such as a save conflict): nothing is wrongly filled in.
  const heading = title ?? (errors.every((e) => !e.href) ? "Niet opgeslagen" : "Er is iets niet goed ingevuld");
  return (
    <div
      ref={ref}
      className="utrecht-alert utrecht-alert--error mvoi-error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby="foutoverzicht-titel"
    >
      <div className="utrecht-alert__content">
        <h2 className="nl-heading nl-heading--level-3" id="foutoverzicht-titel">
          {heading}
        </h2>
        <ul className="utrecht-unordered-list">
          {errors.map((e, i) => (
            <li className="utrecht-unordered-list__item" key={`${e.href ?? ""}-${i}`}>
              {e.href ? (
                <a className="nl-link" href={e.href}>
                  {e.message}
                </a>
              ) : (
                e.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Conform's errors as summary entries, linking to `${formId}-${name}`. */
export function summaryFromConform(formId: string, errors: Record<string, string[] | undefined> | undefined): SummaryError[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([name, messages]) =>
    (messages ?? []).map((message) => ({ message, href: name ? `#${formId}-${name}` : undefined })),
  );
}
