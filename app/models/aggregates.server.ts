import { sql } from "kysely";
import type { Executor } from "~/db.server";
import type { PlanStatus, Sector } from "~/db/types";
import { getCountingPlanVersion, listPlansForReview, listPlanTargets } from "~/models/action-plan.server";
import { listReportsForYear } from "~/models/report.server";
import { cachedUntilChange, dataStamp } from "~/models/data-change.server";
import { addUpFigures, figureQuestions } from "~/models/version-figures.server";
import { todayInNL } from "~/utils/time";

// The ministry's aggregates, computed live in SQL from the stored answers. "Which data" is a
// choice between accepted reports only and submitted-and-accepted ones; drafts never count.

export type DataBasis = "geaccepteerd" | "ingediend";
const statusesFor = (basis: DataBasis): PlanStatus[] => (basis === "geaccepteerd" ? ["accepted"] : ["accepted", "submitted"]);

/** Per organisation, the version that counts for a year: the newest one in the chosen statuses. */
function countingVersions(db: Executor, args: { year: number; basis: DataBasis }) {
  const statuses = statusesFor(args.basis);
  return db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .select(["r.organisation_id", "v.id as version_id", "v.status", "v.submitted_at", "r.year"])
    .where("r.year", "=", args.year)
    .where("v.status", "in", statuses)
    .where("v.number", "=", (eb) =>
      eb.selectFrom("report_version as v2").select((e) => e.fn.max("v2.number").as("n")).whereRef("v2.report_id", "=", "r.id").where("v2.status", "in", statuses),
    );
}

export type ShareCell = {
  indicatorCode: string;
  section: string;
  unit: string;
  sum: number;
  reported: number;
  unknown: number;
  notApplicable: number;
  /** Sum of the applied values, and of their totals, over organisations that reported both. */
  pairedApplied: number;
  pairedTotal: number;
};

/**
 * For every question that is shown as a share of a total (tenders and contract value per theme),
 * per sector: the sum, how many organisations answered a value / unknown / not applicable, and
 * the sums over organisations that reported both the part and its total (for the share: never a
 * mean of percentages).
 */
export async function shareAggregates(db: Executor, args: { year: number; basis: DataBasis; sector?: Sector }) {
  const rows = await db
    .with("cur", () => countingVersions(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .innerJoin("report_value as a", "a.version_id", "cur.version_id")
    .innerJoin("indicator as ia", "ia.id", "a.indicator_id")
    .leftJoin("indicator as it", (j) => j.onRef("it.year", "=", "ia.year").onRef("it.code", "=", "ia.part_of_code"))
    .leftJoin("report_value as t", (j) => j.onRef("t.version_id", "=", "cur.version_id").onRef("t.indicator_id", "=", "it.id"))
    .select([
      "o.sector",
      "ia.code as indicatorCode",
      "ia.section",
      "ia.unit",
      sql<number>`coalesce(sum(case when a.state = 'value' then a.number_value end), 0)`.as("sum"),
      sql<number>`count(case when a.state = 'value' then 1 end)`.as("reported"),
      sql<number>`count(case when a.state = 'unknown' then 1 end)`.as("unknown"),
      sql<number>`count(case when a.state = 'not_applicable' then 1 end)`.as("notApplicable"),
      sql<number>`coalesce(sum(case when a.state = 'value' and t.state = 'value' then a.number_value end), 0)`.as("pairedApplied"),
      sql<number>`coalesce(sum(case when a.state = 'value' and t.state = 'value' then t.number_value end), 0)`.as("pairedTotal"),
    ])
    // The year's own questions only: without this, SQLite probes every year's questions per version.
    .where("ia.year", "=", args.year)
    .where("ia.show_share", "=", 1)
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .groupBy(["o.sector", "ia.id"])
    .execute();
  return rows.map((r) => ({ ...r, sum: Number(r.sum), reported: Number(r.reported), unknown: Number(r.unknown), notApplicable: Number(r.notApplicable), pairedApplied: Number(r.pairedApplied), pairedTotal: Number(r.pairedTotal) }));
}

/** Distribution of the steps reached per theme and sector (value answers only). */
export async function stepDistribution(db: Executor, args: { year: number; basis: DataBasis; sector?: Sector }) {
  const rows = await db
    .with("cur", () => countingVersions(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .innerJoin("report_value as a", "a.version_id", "cur.version_id")
    .innerJoin("indicator as i", "i.id", "a.indicator_id")
    .select(["o.sector", "i.section", "a.number_value as step", (eb) => eb.fn.countAll<number>().as("count")])
    .where("i.year", "=", args.year)
    .where("i.unit", "=", "step")
    .where("a.state", "=", "value")
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .groupBy(["o.sector", "i.section", "a.number_value"])
    .execute();
  return rows.map((r) => ({ sector: r.sector, section: r.section, step: Number(r.step), count: Number(r.count) }));
}

/** The organisations behind a number: their answers to a section's share and step questions. */
export async function organisationsBehind(db: Executor, args: { year: number; basis: DataBasis; section: string; sector?: Sector }) {
  return db
    .with("cur", () => countingVersions(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .innerJoin("report_value as a", "a.version_id", "cur.version_id")
    .innerJoin("indicator as i", "i.id", "a.indicator_id")
    .leftJoin("indicator as it", (j) => j.onRef("it.year", "=", "i.year").onRef("it.code", "=", "i.part_of_code"))
    .leftJoin("report_value as t", (j) => j.onRef("t.version_id", "=", "cur.version_id").onRef("t.indicator_id", "=", "it.id"))
    .select(["o.id", "o.name", "o.slug", "o.sector", "cur.status", "i.code", "i.unit", "a.state", "a.number_value", "t.state as total_state", "t.number_value as total_value"])
    .where("i.year", "=", args.year)
    .where("i.section", "=", args.section as never)
    .where((eb) => eb.or([eb("i.show_share", "=", 1), eb("i.unit", "=", "step")]))
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .orderBy("o.name")
    .execute();
}

export type CompletenessRow = {
  sector: Sector | "all";
  expected: number;
  none: number;
  draft: number;
  submitted: number;
  accepted: number;
  returned: number;
  late: number;
};

/** Per sector, how far the year's reports are; late = submitted after the deadline, or not submitted while it has passed. */
export async function reportCompleteness(db: Executor, args: { year: number; today?: string }): Promise<CompletenessRow[]> {
  const year = await db.selectFrom("reporting_year").selectAll().where("year", "=", args.year).executeTakeFirst();
  const pastDue = Boolean(year && (args.today ?? todayInNL()) > year.due_at);
  const list = await listReportsForYear(db, { year: args.year });
  const rows = new Map<string, CompletenessRow>();
  const bump = (key: Sector | "all", status: keyof Omit<CompletenessRow, "sector" | "expected" | "late">, late: boolean) => {
    const row = rows.get(key) ?? { sector: key, expected: 0, none: 0, draft: 0, submitted: 0, accepted: 0, returned: 0, late: 0 };
    row.expected++;
    row[status]++;
    if (late) row.late++;
    rows.set(key, row);
  };
  for (const r of list) {
    const late = r.late || (pastDue && (r.status === "none" || r.status === "draft"));
    bump(r.sector, r.status, late);
    bump("all", r.status, late);
  }
  return [...rows.values()];
}

export type PlanCompletenessRow = { sector: Sector | "all"; expected: number; due: number; overdue: number; submitted: number; accepted: number };

export async function planCompleteness(db: Executor, args: { today?: string } = {}): Promise<PlanCompletenessRow[]> {
  const today = args.today ?? todayInNL();
  const plans = await listPlansForReview(db, { today });
  const rows = new Map<string, PlanCompletenessRow>();
  for (const p of plans) {
    for (const key of [p.sector, "all"] as const) {
      const row = rows.get(key) ?? { sector: key, expected: 0, due: 0, overdue: 0, submitted: 0, accepted: 0 };
      row.expected++;
      if (p.due_date && p.due_date <= today) row.due++;
      if (p.overdue) row.overdue++;
      if (p.ever_submitted) row.submitted++;
      if (p.status === "accepted") row.accepted++;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/**
 * An indicator over the years, per sector, following the catalogue's mapping backwards from the
 * given year (so a renamed question continues its predecessor).
 */
export async function trend(db: Executor, args: { code: string; year: number; basis: DataBasis }) {
  const chain: { year: number; id: number; code: string; label: string }[] = [];
  let current = await db.selectFrom("indicator").select(["id", "year", "code", "label", "continues_from_id"]).where("year", "=", args.year).where("code", "=", args.code).executeTakeFirst();
  while (current) {
    chain.unshift({ year: current.year, id: current.id, code: current.code, label: current.label });
    if (!current.continues_from_id) break;
    current = await db.selectFrom("indicator").select(["id", "year", "code", "label", "continues_from_id"]).where("id", "=", current.continues_from_id).executeTakeFirst();
  }
  const points: { year: number; sector: Sector; sum: number; reported: number }[] = [];
  for (const link of chain) {
    const rows = await db
      .with("cur", () => countingVersions(db, { year: link.year, basis: args.basis }))
      .selectFrom("cur")
      .innerJoin("organisation as o", "o.id", "cur.organisation_id")
      .innerJoin("report_value as a", (j) => j.onRef("a.version_id", "=", "cur.version_id").on("a.indicator_id", "=", link.id))
      .select(["o.sector", sql<number>`coalesce(sum(case when a.state = 'value' then a.number_value end), 0)`.as("sum"), sql<number>`count(case when a.state = 'value' then 1 end)`.as("reported")])
      .groupBy("o.sector")
      .execute();
    for (const r of rows) points.push({ year: link.year, sector: r.sector, sum: Number(r.sum), reported: Number(r.reported) });
  }
  return { chain, points };
}


/**
 * One organisation over the years, for the ministry: each year's report status, and per theme the
 * plan's target step against the step reached (from the newest submitted or accepted version).
 */
export async function organisationHistory(db: Executor, args: { organisationId: number }) {
  const reports = await db
    .selectFrom("reporting_year as y")
    .leftJoin("report as r", (j) => j.onRef("r.year", "=", "y.year").on("r.organisation_id", "=", args.organisationId))
    .leftJoin("report_version as v", (j) =>
      j.onRef("v.report_id", "=", "r.id").on("v.number", "=", (eb) => eb.selectFrom("report_version as v2").select((e) => e.fn.max("v2.number").as("n")).whereRef("v2.report_id", "=", "r.id")),
    )
    .select(["y.year", "v.status", "v.number", "v.late", "v.submitted_at"])
    .orderBy("y.year")
    .execute();
  const reached = await db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .innerJoin("report_value as rv", "rv.version_id", "v.id")
    .innerJoin("indicator as i", "i.id", "rv.indicator_id")
    .select(["r.year", "i.section", "rv.state", "rv.number_value"])
    .where("r.organisation_id", "=", args.organisationId)
    .where("i.unit", "=", "step")
    .where("v.status", "in", ["submitted", "accepted"])
    .where("v.number", "=", (eb) =>
      eb.selectFrom("report_version as v2").select((e) => e.fn.max("v2.number").as("n")).whereRef("v2.report_id", "=", "r.id").where("v2.status", "in", ["submitted", "accepted"]),
    )
    .execute();
  const plan = await getCountingPlanVersion(db, { organisationId: args.organisationId });
  const targets = plan ? await listPlanTargets(db, { versionId: plan.id }) : [];
  return {
    reports: reports.map((r) => ({ year: r.year, status: (r.status ?? "none") as PlanStatus | "none", number: r.number, late: r.late === 1, submitted_at: r.submitted_at })),
    plan: plan ?? null,
    targets,
    reached: reached.map((r) => ({ year: r.year, section: r.section, state: r.state, step: r.number_value })),
  };
}

export type GridCell = { tenders?: ShareCell; value?: ShareCell; steps: number[] };

function addShare(a: ShareCell | undefined, b: ShareCell): ShareCell {
  if (!a) return { ...b };
  return {
    ...a,
    sum: a.sum + b.sum,
    reported: a.reported + b.reported,
    unknown: a.unknown + b.unknown,
    notApplicable: a.notApplicable + b.notApplicable,
    pairedApplied: a.pairedApplied + b.pairedApplied,
    pairedTotal: a.pairedTotal + b.pairedTotal,
  };
}

/** What the aggregates count: report versions (not drafts), the catalogue, and organisations. */
const AGGREGATE_SCOPES = ["reports", "catalogue", "organisations"] as const;

/**
 * A stamp that changes whenever data counted by the aggregates can change: a version added,
 * submitted, accepted, returned, reopened; a question or an organisation edited. Drafts do not
 * count, so saving one leaves the stamp alone. Kept by triggers (see data-change.server.ts).
 */
export function aggregateDataStamp(db: Executor): Promise<string | null> {
  return dataStamp(db, AGGREGATE_SCOPES);
}

/**
 * Aggregates are computed live from the stored answers, and kept only until the data behind them
 * change: accepted reports are immutable, so most requests reuse them.
 */
function cached<T>(db: Executor, key: string, compute: () => Promise<T>): Promise<T> {
  return cachedUntilChange(db, AGGREGATE_SCOPES, key, compute);
}

/**
 * Sector x theme: tenders and contract value where the theme was applied (with the sums for the
 * share), and the distribution of steps. The "all" row adds up sums and counts, never averages.
 */
export async function sectorThemeGrid(db: Executor, args: { year: number; basis: DataBasis }) {
  return cached(db, `grid:${args.year}:${args.basis}`, () => computeSectorThemeGrid(db, args));
}

/**
 * The same, always computed (the benchmark measures this): which versions count and each
 * organisation's sector come from the database every time; the figures of those (immutable,
 * submitted) versions are added up from memory once read (see version-figures.server.ts). It
 * gives the same rows as shareAggregates and stepDistribution, which join the answers in SQL.
 */
export async function computeSectorThemeGrid(db: Executor, args: { year: number; basis: DataBasis }) {
  const [questions, versions] = await Promise.all([
    figureQuestions(db, args.year),
    db
      .with("cur", () => countingVersions(db, args))
      .selectFrom("cur")
      .innerJoin("organisation as o", "o.id", "cur.organisation_id")
      .select(["cur.version_id as versionId", "o.sector"])
      .execute(),
  ]);
  const { shares, steps } = await addUpFigures(db, { questions, versions });
  return buildGrid(shares, steps);
}

export type SectorThemeGrid = Awaited<ReturnType<typeof computeSectorThemeGrid>>;

/** The same grid with every answer joined in SQL: the reference the tests compare with, and the benchmark's cold case. */
export async function computeSectorThemeGridInSql(db: Executor, args: { year: number; basis: DataBasis }) {
  const [shares, steps] = await Promise.all([shareAggregates(db, args), stepDistribution(db, args)]);
  return buildGrid(shares, steps);
}

function buildGrid(shares: (ShareCell & { sector: string })[], steps: { sector: string; section: string; step: number; count: number }[]) {
  const grid: Record<string, Record<string, GridCell>> = {};
  const cellOf = (sector: string, theme: string) => ((grid[sector] ??= {})[theme] ??= { steps: [0, 0, 0, 0, 0] });
  for (const { sector, ...s } of shares) {
    const isTenders = s.unit === "count" && s.indicatorCode.endsWith("_aanbestedingen");
    const isValue = s.unit === "eur" && s.indicatorCode.endsWith("_waarde");
    if (!isTenders && !isValue) continue;
    for (const key of [sector, "all"]) {
      const c = cellOf(key, s.section);
      if (isTenders) c.tenders = addShare(c.tenders, s);
      else c.value = addShare(c.value, s);
    }
  }
  for (const s of steps) for (const key of [s.sector, "all"]) cellOf(key, s.section).steps[s.step - 1]! += s.count;
  return grid;
}
