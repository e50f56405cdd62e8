import type { PlanStatus } from "~/database/types";
import { PLAN_STATUS_LABELS, SECTION_STATE_LABELS, type SectionState } from "~/models/action-plan.labels";

/** A status label; the text carries the meaning, the colour only supports it. */
export function PlanStatusTag({ status }: { status: PlanStatus | "none" }) {
  return <span className={`mvoi-tag mvoi-tag--${status}`}>{PLAN_STATUS_LABELS[status]}</span>;
}

export function SectionStateTag({ state }: { state: SectionState }) {
  return <span className={`mvoi-tag mvoi-tag--section-${state}`}>{SECTION_STATE_LABELS[state]}</span>;
}
