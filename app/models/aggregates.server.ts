import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { Sector } from "~/database/types";
import { getCountingPlanVersion, listPlansForReview, listPlanTargets } from "~/models/action-plan.server";
import {
  countedVersions,
  countedVersionsOfOrganisation,
  countedVersionsWithStatus,
  groupOf,
  isExpected,
  listCountedVersions,
  planVersionsOfCountedReports,
  reportStates,
  reportStatesOfOrganisation,
  scopeCounts,
  type DataBasis,
  type FigureGroup,
} from "~/models/counted-version.server";
import { cachedUntilChange, dataStamp } from "~/models/data-change.server";
import { FIGURE_ROWS, type FigureRow } from "~/models/figures.labels";
import { todayInNL } from "~/utils/time";
import { addUpFigures, figureQuestions, questionAnswers, type ShareSums } from "~/models/version-figures.server";

// The ministry's aggregates, computed live from the stored answers of the counted versions
// (counted-version.server.ts: which organisations, which version, which due date). Drafts never
// count. The definitions in plain words: docs/figures.md.

export type { DataBasis, FigureGroup } from "~/models/counted-version.server";
export { FIGURE_ROWS, isLowResponse, isSmallNumber, MIN_ORGANISATIONS, type FigureRow } from "~/models/figures.labels";

/** The rows a group's figures are added to. */
export const rowsOf = (group: FigureGroup): FigureRow[] => (group === "koepel" ? ["koepel"] : [group, "all"]);

/** One figure as shown: its value (null: no organisation gave one), and how many organisations it rests on. */
export type Figure = { value: number | null; n: number };

/** The sum of the values given (null when none was given: never 0 for "nothing"). */
export const sumFigure = (c: ShareCell | undefined): Figure => ({ value: c && c.reported > 0 ? c.sum : null, n: c?.reported ?? 0 });
/** The share in percent: applied over total, both summed over the organisations that gave both. */
export const shareFigure = (c: ShareCell | undefined): Figure => ({
  value: c && c.paired > 0 && c.pairedTotal > 0 ? (c.pairedApplied / c.pairedTotal) * 100 : null,
  n: c?.paired ?? 0,
});
/** The distribution of the steps reached (null when no organisation gave a step). */
export const stepsFigure = (c: GridCell | undefined): { value: number[] | null; n: number } => {
  const n = c ? c.steps.reduce((a, b) => a + b, 0) : 0;
  return { value: n > 0 ? c!.steps : null, n };
};

/** The figure group of an organisation in SQL (see groupOf). */
const groupSql = sql<FigureGroup>`case when o.kind = 'koepelorganisatie' then 'koepel' else o.sector end`;

/**
 * A share question's figures over a row: the sum of the values given (meaningful only when
 * reported > 0: sumFigure), how many organisations gave a value, unknown or not applicable, and
 * how many gave both the part and its total, with the sums over them (shareFigure).
 */
export type ShareCell = ShareSums;

/**
 * For every question that is shown as a share of a total (tenders and contract value per theme),
 * per sector: the sum, how many organisations answered a value / unknown / not applicable, and
 * the sums over organisations that reported both the part and its total (for the share: never a
 * mean of percentages).
 */
export async function shareAggregates(db: Executor, args: { year: number; basis: DataBasis; sector?: Sector }) {
  const rows = await db
    .with("cur", () => countedVersions(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .innerJoin("report_value as a", "a.version_id", "cur.version_id")
    .innerJoin("indicator as ia", "ia.id", "a.indicator_id")
    .leftJoin("indicator as it", (j) => j.onRef("it.year", "=", "ia.year").onRef("it.code", "=", "ia.part_of_code"))
    .leftJoin("report_value as t", (j) => j.onRef("t.version_id", "=", "cur.version_id").onRef("t.indicator_id", "=", "it.id"))
    .select([
      groupSql.as("group"),
      "ia.code as indicatorCode",
      "ia.section",
      "ia.unit",
      // 0 only stands in when nothing was given (reported = 0): sumFigure then shows no value.
      sql<number>`coalesce(sum(case when a.state = 'value' then a.number_value end), 0)`.as("sum"),
      sql<number>`count(case when a.state = 'value' then 1 end)`.as("reported"),
      sql<number>`count(case when a.state = 'unknown' then 1 end)`.as("unknown"),
      sql<number>`count(case when a.state = 'not_applicable' then 1 end)`.as("notApplicable"),
      sql<number>`count(case when a.state = 'value' and t.state = 'value' then 1 end)`.as("paired"),
      sql<number>`coalesce(sum(case when a.state = 'value' and t.state = 'value' then a.number_value end), 0)`.as("pairedApplied"),
      sql<number>`coalesce(sum(case when a.state = 'value' and t.state = 'value' then t.number_value end), 0)`.as("pairedTotal"),
    ])
    // The year's own questions only: without this, SQLite probes every year's questions per version.
    .where("ia.year", "=", args.year)
    .where("ia.show_share", "=", 1)
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .groupBy([groupSql, "ia.id"])
    .execute();
  return rows.map((r) => ({
    ...r,
    sum: Number(r.sum),
    reported: Number(r.reported),
    unknown: Number(r.unknown),
    notApplicable: Number(r.notApplicable),
    paired: Number(r.paired),
    pairedApplied: Number(r.pairedApplied),
    pairedTotal: Number(r.pairedTotal),
  }));
}

/** Distribution of the steps reached per theme and sector (value answers only). */
export async function stepDistribution(db: Executor, args: { year: number; basis: DataBasis; sector?: Sector }) {
  const rows = await db
    .with("cur", () => countedVersions(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .innerJoin("report_value as a", "a.version_id", "cur.version_id")
    .innerJoin("indicator as i", "i.id", "a.indicator_id")
    .select([groupSql.as("group"), "i.section", "a.number_value as step", (eb) => eb.fn.countAll<number>().as("count")])
    .where("i.year", "=", args.year)
    .where("i.unit", "=", "step")
    .where("a.state", "=", "value")
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .groupBy([groupSql, "i.section", "a.number_value"])
    .execute();
  return rows.map((r) => ({ group: r.group, section: r.section, step: Number(r.step), count: Number(r.count) }));
}

/**
 * The organisations behind a number: per counted version in the row, its answers to a section's
 * share and step questions (with the share's total), by organisation name. Which versions count
 * is read every time; their (immutable) answers are kept once read (version-figures.server.ts).
 */
export async function organisationsBehind(db: Executor, args: { year: number; basis: DataBasis; section: string; row?: FigureRow }) {
  const [questions, counted] = await Promise.all([
    db
      .selectFrom("indicator as i")
      .leftJoin("indicator as it", (j) => j.onRef("it.year", "=", "i.year").onRef("it.code", "=", "i.part_of_code"))
      .select(["i.id", "i.code", "i.unit", "it.id as total_id"])
      .where("i.year", "=", args.year)
      .where("i.section", "=", args.section as never)
      .where((eb) => eb.or([eb("i.show_share", "=", 1), eb("i.unit", "=", "step")]))
      .orderBy("i.position")
      .execute(),
    countedVersionsWithStatus(db, args).select(["o.name", "o.slug"]).execute(),
  ]);
  const row = args.row ?? "all";
  const versions = counted.filter((v) => rowsOf(groupOf(v)).includes(row)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const versionIds = versions.map((v) => v.version_id);
  const none = versionIds.map(() => null);
  const answersOf = async (id: number | null) => (id === null ? none : questionAnswers(db, { indicatorId: id, versionIds }));
  const perQuestion = await Promise.all(
    questions.map(async (q) => ({ q, answers: await answersOf(q.id), totals: await answersOf(q.total_id) })),
  );
  return versions.flatMap((v, i) =>
    perQuestion.flatMap(({ q, answers, totals }) => {
      const a = answers[i];
      if (!a) return [];
      const t = totals[i];
      return [
        {
          id: v.organisation_id,
          name: v.name,
          slug: v.slug,
          sector: v.sector,
          kind: v.kind,
          status: v.status,
          number: v.number,
          code: q.code,
          unit: q.unit,
          state: a.state,
          number_value: a.state === "value" ? a.number : null,
          total_state: t?.state ?? null,
          total_value: t?.state === "value" ? t.number : null,
        },
      ];
    }),
  );
}

export type CompletenessRow = {
  sector: FigureRow;
  expected: number;
  none: number;
  draft: number;
  submitted: number;
  accepted: number;
  returned: number;
  late: number;
};

/**
 * Per row, how far the year's reports are, over the organisations in scope (reportStates): each
 * by the state of its newest version, and late by its own due date. Umbrellas are not expected
 * to report: their own row counts only the reports they did start, never as late.
 */
export async function reportCompleteness(db: Executor, args: { year: number; today?: string }): Promise<CompletenessRow[]> {
  const list = await reportStates(db, { year: args.year, today: args.today });
  const rows = new Map<FigureRow, CompletenessRow>(
    FIGURE_ROWS.map((key) => [key, { sector: key, expected: 0, none: 0, draft: 0, submitted: 0, accepted: 0, returned: 0, late: 0 }]),
  );
  for (const r of list) {
    // An umbrella is not expected to report: its row counts only the reports it did start.
    if (!r.expected && r.status === "none") continue;
    for (const key of rowsOf(r.group)) {
      const row = rows.get(key)!;
      if (r.expected) row.expected++;
      row[r.status]++;
      if (r.late) row.late++;
    }
  }
  return [...rows.values()];
}

/** How many organisations are expected to report over a year, per row (umbrellas are not: their row expects none). */
async function expectedCounts(db: Executor, args: { years: number[] }): Promise<Map<number, Record<FigureRow, number>>> {
  const out = new Map<number, Record<FigureRow, number>>();
  for (const [year, counts] of await scopeCounts(db, args)) {
    const rows = Object.fromEntries(FIGURE_ROWS.map((r) => [r, 0])) as Record<FigureRow, number>;
    for (const o of counts) if (isExpected(o)) for (const row of rowsOf(groupOf(o))) rows[row] += o.n;
    out.set(year, rows);
  }
  return out;
}

/** How many organisations are expected to report per row, and how many have a counted version (the response). */
export async function responseCounts(
  db: Executor,
  args: { year: number; basis: DataBasis },
): Promise<Record<FigureRow, { expected: number; counted: number }>> {
  const [expected, counted] = await Promise.all([expectedCounts(db, { years: [args.year] }), listCountedVersions(db, args)]);
  const out = Object.fromEntries(FIGURE_ROWS.map((r) => [r, { expected: expected.get(args.year)![r], counted: 0 }])) as Record<
    FigureRow,
    { expected: number; counted: number }
  >;
  for (const v of counted) for (const row of rowsOf(groupOf(v))) out[row].counted++;
  return out;
}

export type PlanCompletenessRow = {
  sector: Sector | "all";
  expected: number;
  due: number;
  overdue: number;
  submitted: number;
  accepted: number;
};

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

/** One point of a trend: a row's sum in a year, what it rests on, and the response that year. */
export type TrendPoint = {
  year: number;
  row: FigureRow;
  sum: number | null;
  reported: number;
  unknown: number;
  notApplicable: number;
  counted: number;
  expected: number;
};

/**
 * An indicator over the years, per row, following the catalogue's mapping backwards from the
 * given year (so a renamed question continues its predecessor). Each year's counted versions and
 * response come from the same definitions as the overview's.
 */
export async function trend(db: Executor, args: { code: string; year: number; basis: DataBasis }) {
  const chain: { year: number; id: number; code: string; label: string }[] = [];
  let current = await db
    .selectFrom("indicator")
    .select(["id", "year", "code", "label", "continues_from_id"])
    .where("year", "=", args.year)
    .where("code", "=", args.code)
    .executeTakeFirst();
  while (current) {
    chain.unshift({ year: current.year, id: current.id, code: current.code, label: current.label });
    if (!current.continues_from_id) break;
    current = await db
      .selectFrom("indicator")
      .select(["id", "year", "code", "label", "continues_from_id"])
      .where("id", "=", current.continues_from_id)
      .executeTakeFirst();
  }
  const points: TrendPoint[] = [];
  const expectedByYear = await expectedCounts(db, { years: chain.map((c) => c.year) });
  for (const link of chain) {
    // Which versions count, and who is expected, from the database every time; the answers of
    // those (submitted, so immutable) versions are kept once read (version-figures.server.ts).
    const expected = expectedByYear.get(link.year)!;
    const counted = await listCountedVersions(db, { year: link.year, basis: args.basis });
    const answers = await questionAnswers(db, { indicatorId: link.id, versionIds: counted.map((v) => v.version_id) });
    const byRow = new Map<FigureRow, TrendPoint>(
      FIGURE_ROWS.map((row) => [
        row,
        { year: link.year, row, sum: null, reported: 0, unknown: 0, notApplicable: 0, counted: 0, expected: expected[row] },
      ]),
    );
    counted.forEach((v, i) => {
      const a = answers[i];
      for (const row of rowsOf(groupOf(v))) {
        const p = byRow.get(row)!;
        p.counted++;
        if (a?.state === "value") {
          p.sum = (p.sum ?? 0) + a.number;
          p.reported++;
        } else if (a?.state === "unknown") p.unknown++;
        else if (a?.state === "not_applicable") p.notApplicable++;
      }
    });
    points.push(...byRow.values());
  }
  return { chain, points };
}

/**
 * One organisation over the years, for the ministry: each year's report state (as in the lists),
 * and per theme the plan's target step against the step reached in the counted version
 * (submitted or accepted, as the basis `ingediend`).
 */
export async function organisationHistory(db: Executor, args: { organisationId: number; today?: string }) {
  const [reports, reached] = await Promise.all([
    reportStatesOfOrganisation(db, args),
    db
      .with("cur", () => countedVersionsOfOrganisation(db, { organisationId: args.organisationId, basis: "ingediend" }))
      .selectFrom("cur")
      .innerJoin("report_value as rv", "rv.version_id", "cur.version_id")
      .innerJoin("indicator as i", "i.id", "rv.indicator_id")
      .select(["cur.year", "i.section", "rv.state", "rv.number_value"])
      .where("i.unit", "=", "step")
      .execute(),
  ]);
  const plan = await getCountingPlanVersion(db, { organisationId: args.organisationId });
  // A year's target is the one of the plan its report was submitted against (plan lineage, #21):
  // a later revision of the plan does not change what past years were measured against. A year
  // without a submitted report is measured against the plan that counts now.
  const planOfYear = await planVersionsOfCountedReports(db, { organisationId: args.organisationId, basis: "ingediend" });
  // A year whose report was submitted without a plan in force has no targets.
  const planFor = (year: number) => (planOfYear.has(year) ? planOfYear.get(year) : plan?.id) ?? null;
  const planIds = [...new Set([...(plan ? [plan.id] : []), ...[...planOfYear.values()].filter((id) => id !== null)])];
  const targetsOf = new Map(await Promise.all(planIds.map(async (id) => [id, await listPlanTargets(db, { versionId: id })] as const)));
  const targets = [...targetsOf.entries()].flatMap(([id, rows]) => rows.filter((t) => planFor(t.year) === id));
  return {
    reports,
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
    paired: a.paired + b.paired,
    pairedApplied: a.pairedApplied + b.pairedApplied,
    pairedTotal: a.pairedTotal + b.pairedTotal,
  };
}

/** What the aggregates count: report versions (not drafts) and their answers, the catalogue, and organisations. */
const AGGREGATE_SCOPES = ["reports", "figures", "catalogue", "organisations"] as const;

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
 * Row (sector, umbrellas, all sectors) x theme: tenders and contract value where the theme was
 * applied (with the sums for the share), and the distribution of steps. The "all" row adds up
 * the sectors' sums and counts, never averages, and leaves the umbrellas out.
 */
export async function sectorThemeGrid(db: Executor, args: { year: number; basis: DataBasis }) {
  return cached(db, `grid:${args.year}:${args.basis}`, () => computeSectorThemeGrid(db, args));
}

/** The response per row, kept until the data behind it change (as the grid). */
export async function cachedResponseCounts(db: Executor, args: { year: number; basis: DataBasis }) {
  return cached(db, `response:${args.year}:${args.basis}`, () => responseCounts(db, args));
}

/** The trend of an indicator, kept until the data behind it change (as the grid). */
export async function cachedTrend(db: Executor, args: { code: string; year: number; basis: DataBasis }) {
  return cached(db, `trend:${args.code}:${args.year}:${args.basis}`, () => trend(db, args));
}

/**
 * The same, always computed (the benchmark measures this): which versions count and each
 * organisation's row come from the database every time; the figures of those (immutable,
 * submitted) versions are added up from memory once read (see version-figures.server.ts). It
 * gives the same rows as shareAggregates and stepDistribution, which join the answers in SQL.
 */
export async function computeSectorThemeGrid(db: Executor, args: { year: number; basis: DataBasis }) {
  const [questions, versions] = await Promise.all([figureQuestions(db, args.year), listCountedVersions(db, args)]);
  const { shares, steps } = await addUpFigures(db, {
    questions,
    versions: versions.map((v) => ({ versionId: v.version_id, group: groupOf(v) })),
  });
  return buildGrid(shares, steps);
}

export type SectorThemeGrid = Awaited<ReturnType<typeof computeSectorThemeGrid>>;

/** The same grid with every answer joined in SQL: the reference the tests compare with, and the benchmark's cold case. */
export async function computeSectorThemeGridInSql(db: Executor, args: { year: number; basis: DataBasis }) {
  const [shares, steps] = await Promise.all([shareAggregates(db, args), stepDistribution(db, args)]);
  return buildGrid(shares, steps);
}

function buildGrid(
  shares: (ShareCell & { group: FigureGroup })[],
  steps: { group: FigureGroup; section: string; step: number; count: number }[],
) {
  const grid: Partial<Record<FigureRow, Record<string, GridCell>>> = {};
  const cellOf = (row: FigureRow, theme: string) => ((grid[row] ??= {})[theme] ??= { steps: [0, 0, 0, 0, 0] });
  for (const { group, ...s } of shares) {
    const isTenders = s.unit === "count" && s.indicatorCode.endsWith("_aanbestedingen");
    const isValue = s.unit === "eur" && s.indicatorCode.endsWith("_waarde");
    if (!isTenders && !isValue) continue;
    for (const row of rowsOf(group)) {
      const c = cellOf(row, s.section);
      if (isTenders) c.tenders = addShare(c.tenders, s);
      else c.value = addShare(c.value, s);
    }
  }
  for (const s of steps) for (const row of rowsOf(s.group)) cellOf(row, s.section).steps[s.step - 1]! += s.count;
  return grid;
}
