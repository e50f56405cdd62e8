import type { ReactNode } from "react";
import { ButtonLink } from "~/components/ui/button";
import { Heading, Link } from "~/components/ui/typography";
import type { SectionState } from "~/models/action-plan.labels";
import { SectionStateTag } from "./status";

/**
 * A draft of a plan or a report as a task list: each section with its state (a link for whoever
 * may write), then the way to check and submit. `children` go between the heading and the list.
 */
export function DraftTaskList<Key extends string>({
  number,
  sections,
  states,
  base,
  canWrite,
  children,
}: {
  number: number;
  sections: readonly { key: Key; title: string }[];
  states: Record<Key, SectionState>;
  /** The document's URL; a section is at `${base}/${key}`, checking at `${base}/controleren`. */
  base: string;
  canWrite: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <Heading level={2}>Versie {number} invullen</Heading>
      {children}
      <ol className="mvoi-task-list">
        {sections.map((s, i) => (
          <li key={s.key} className="mvoi-task-list__item">
            <span className="mvoi-task-list__name">
              {i + 1}. {canWrite ? <Link to={`${base}/${s.key}`}>{s.title}</Link> : s.title}
            </span>
            <SectionStateTag state={states[s.key]} />
          </li>
        ))}
      </ol>
      {canWrite ? <ButtonLink to={`${base}/controleren`}>Controleren en indienen</ButtonLink> : null}
    </>
  );
}
