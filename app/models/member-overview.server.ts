import type { Executor } from "~/database/connection.server";
import type { PlanStatus } from "~/database/types";
import { listPlansForReview } from "~/models/action-plan.server";
import { isExpected, reportStates } from "~/models/counted-version.server";
import { listActableOrganisations } from "~/models/organisation.server";
import { currentReportingYear, listReportingYears } from "~/models/reporting-year.server";
import { todayInNL } from "~/utils/time";
import type { MemberFilter, MemberSort } from "~/models/member-overview.labels";

// What a user who acts for several organisations (the Unie van Waterschappen for the 21
// waterschappen, Castricum for its partners) sees of them on one page: per organisation the state
// of its action plan and of its report over the year that is open now, with its own due date.

export type Status = PlanStatus | "none";

export type MemberRow = {
  id: number;
  slug: string;
  name: string;
  plan: { status: Status; version: number | null; due: string | null; late: boolean; submitted: boolean };
  /** The report over the open year; null when the organisation need not report over it (it signed later, or it is an umbrella without a report). */
  report: { status: Status; version: number | null; due: string; extended: boolean; late: boolean; submitted: boolean } | null;
};

export type MemberOverview = {
  year: { year: number; due_at: string } | null;
  /** Every organisation the user may act for, before filtering. */
  all: MemberRow[];
  /** The rows asked for: filtered and sorted. */
  rows: MemberRow[];
};

/**
 * The organisations a user may act for with their plan and their report over the open year.
 * `report` and `plan` filter on the state (MEMBER_FILTERS); `sort`: by name, work first (late,
 * returned, not started, draft, then submitted and accepted), or by the report's due date.
 */
export async function memberOverview(
  db: Executor,
  args: { userId: number; today?: string; report?: MemberFilter; plan?: MemberFilter; sort?: MemberSort },
): Promise<MemberOverview> {
  const today = args.today ?? todayInNL();
  const [organisations, years] = await Promise.all([listActableOrganisations(db, { userId: args.userId }), listReportingYears(db)]);
  const ids = organisations.map((o) => o.id);
  const year = currentReportingYear(years, today);
  const [plans, reports] = await Promise.all([
    listPlansForReview(db, { organisationIds: ids, today }),
    year ? reportStates(db, { year: year.year, today, organisationIds: ids }) : Promise.resolve([]),
  ]);
  const planOf = new Map(plans.map((p) => [p.organisation_id, p]));
  const reportOf = new Map(reports.map((r) => [r.organisation_id, r]));
  const all: MemberRow[] = organisations.map((o) => {
    const plan = planOf.get(o.id);
    const report = reportOf.get(o.id);
    return {
      id: o.id,
      slug: o.slug,
      name: o.name,
      plan: {
        status: plan?.status ?? "none",
        version: plan?.version ?? null,
        due: plan?.due_date ?? null,
        late: plan?.overdue ?? false,
        submitted: plan?.ever_submitted ?? false,
      },
      report:
        // An organisation that need not report shows none, unless it did start one (an umbrella may).
        report && year && (isExpected(report) || report.status !== "none")
          ? {
              status: report.status,
              version: report.version,
              due: report.due_at,
              extended: report.due_at !== year.due_at,
              late: report.late,
              submitted: report.submitted,
            }
          : null,
    };
  });
  const matches = (filter: MemberFilter | undefined, state: MemberRow["plan"] | MemberRow["report"]) =>
    !filter ||
    (state !== null &&
      (filter === "telaat" ? state.late : filter === "verstreken" ? state.late && !state.submitted : state.status === filter));
  const rows = all.filter((r) => matches(args.report, r.report) && matches(args.plan, r.plan));
  return { year: year ? { year: year.year, due_at: year.due_at } : null, all, rows: rows.sort(SORTERS[args.sort ?? "naam"]) };
}

// Work first: what the organisation still has to do, the most urgent first.
const WORK_ORDER: Status[] = ["returned", "none", "draft", "submitted", "accepted"];
const workRank = (r: MemberRow) => {
  if (!r.report) return WORK_ORDER.length;
  if (r.report.late && !r.report.submitted) return -1;
  return WORK_ORDER.indexOf(r.report.status);
};
const byName = (a: MemberRow, b: MemberRow) => a.name.localeCompare(b.name, "nl");
const SORTERS: Record<MemberSort, (a: MemberRow, b: MemberRow) => number> = {
  naam: byName,
  werk: (a, b) => workRank(a) - workRank(b) || byName(a, b),
  uiterlijk: (a, b) => (a.report?.due ?? "9999").localeCompare(b.report?.due ?? "9999") || byName(a, b),
};
