import type { ActionStatus, PlanStatus } from "~/database/types";

// Labels of the action plan's states, without Zod: the pages' browser code imports these, and
// importing the schemas would bring Zod (some 25 KB gzip) into every such page.
// action-plan.schema.ts re-exports them.

export const PLAN_STATUS_LABELS: Record<PlanStatus | "none", string> = {
  none: "Nog niet begonnen",
  draft: "Concept",
  submitted: "Ingediend",
  accepted: "Geaccepteerd",
  returned: "Teruggestuurd",
};

export const ACTION_STATUSES = ["planned", "running", "done", "dropped"] as const satisfies readonly ActionStatus[];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  planned: "Gepland",
  running: "Loopt",
  done: "Afgerond",
  dropped: "Vervallen",
};

/** A section of a plan or report in the task list; "not applicable" when it asks nothing (no plan to report on). */
export type SectionState = "not_started" | "in_progress" | "complete" | "not_applicable";
export const SECTION_STATE_LABELS: Record<SectionState, string> = {
  not_started: "Nog niet begonnen",
  in_progress: "Bezig",
  complete: "Compleet",
  not_applicable: "Niet van toepassing",
};
