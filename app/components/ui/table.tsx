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
}: {
  caption: ReactNode;
  head: ReactNode;
  children: ReactNode;
  captionHidden?: boolean;
}) {
  const captionId = useId();
  return (
    <div className="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="utrecht-table utrecht-table--html-table">
        <caption className={`utrecht-table__caption${captionHidden ? " rhc-visually-hidden" : ""}`} id={captionId}>
          {caption}
        </caption>
        <thead className="utrecht-table__header">{head}</thead>
        <tbody className="utrecht-table__body">{children}</tbody>
      </table>
    </div>
  );
}

export function Tr({ children }: { children: ReactNode }) {
  return <tr className="utrecht-table__row">{children}</tr>;
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

export function Td({ children, numeric }: { children: ReactNode; numeric?: boolean }) {
  return (
    <td className={["utrecht-table__cell", numeric ? "utrecht-table__cell--numeric-data" : ""].filter(Boolean).join(" ")}>{children}</td>
  );
}
