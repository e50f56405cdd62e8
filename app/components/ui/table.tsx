import { useId, type ReactNode } from "react";

/**
 * A data table in NL Design System style; the caption names it for screen readers. A wide table
 * scrolls sideways in its container, which is therefore focusable (a named region), so keyboard
 * users can scroll it too. `captionHidden`: the heading right above already says what the table
 * holds, so the caption is there for screen readers only instead of repeating it on screen.
 */
export function Table({
  caption,
  head,
  children,
  captionHidden = false,
  stacked = false,
}: {
  caption: ReactNode;
  head: ReactNode;
  children: ReactNode;
  captionHidden?: boolean;
  /** On a phone, each row as a block with each cell under the other, labelled by its column (Td's `label`). */
  stacked?: boolean;
}) {
  const captionId = useId();
  return (
    <div className="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={`utrecht-table utrecht-table--html-table${stacked ? " mvoi-table--stacked" : ""}`}>
        <caption className={`utrecht-table__caption${captionHidden ? " rhc-visually-hidden" : ""}`} id={captionId}>
          {caption}
        </caption>
        <thead className="utrecht-table__header">{head}</thead>
        <tbody className="utrecht-table__body">{children}</tbody>
      </table>
    </div>
  );
}

/** A row; `total` marks a totals row (bold); `testId` names it for the tests. */
export function Tr({ children, id, total, testId }: { children: ReactNode; id?: string; total?: boolean; testId?: string }) {
  return (
    <tr className={`utrecht-table__row${total ? " mvoi-table__total" : ""}`} id={id} data-testid={testId}>
      {children}
    </tr>
  );
}

export function Th({ children, numeric, scope = "col" }: { children: ReactNode; numeric?: boolean; scope?: "col" | "row" }) {
  return (
    <th
      scope={scope}
      className={["utrecht-table__header-cell", numeric ? "utrecht-table__header-cell--numeric-column" : ""].filter(Boolean).join(" ")}
    >
      {children}
    </th>
  );
}

export function Td({ children, numeric, label }: { children: ReactNode; numeric?: boolean; label?: string }) {
  return (
    <td
      // A number is right-aligned in tabular figures, under its right-aligned header.
      className={["utrecht-table__cell", numeric ? "utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data" : ""]
        .filter(Boolean)
        .join(" ")}
      data-label={label}
    >
      {children}
    </td>
  );
}
