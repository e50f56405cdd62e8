import { sql, type ExpressionBuilder } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { Database, OrganisationKind, PlanStatus, Sector } from "~/database/types";
import { cachedUntilChange } from "~/models/data-change.server";
import type { DataBasis, FigureGroup } from "~/models/figures.labels";
import { todayInNL } from "~/utils/time";

// The one definition of which organisations a year's figures are about, which version of each
// report counts, and when a report is due (docs/figures.md). Every figure, page, export and list
// takes these from here: no other model, and no ministry route, reads a report version's status
// or number to choose a version (tests/unit/version-choice.test.ts holds that).

export { DATA_BASES, DATA_BASIS_TEXT, type DataBasis } from "~/models/figures.labels";

/** The statuses a counted version may have, per basis. */
const COUNTED_STATUSES: Record<DataBasis, PlanStatus[]> = { geaccepteerd: ["accepted"], ingediend: ["accepted", "submitted"] };

/** Umbrella organisations (the Unie van Waterschappen) report in a row of their own, outside every sector and total. */
export const UMBRELLA_KIND: OrganisationKind = "koepelorganisatie";

export type { FigureGroup } from "~/models/figures.labels";
/** The row of the figures an organisation belongs to: its sector, or the umbrellas' own row. */
export const groupOf = (o: { kind: OrganisationKind; sector: Sector }): FigureGroup => (o.kind === UMBRELLA_KIND ? "koepel" : o.sector);

/** The last day an organisation may have signed to be expected to report over a year. */
export const lastSigningDay = (year: number) => `${year}-12-31`;

type WithOrganisation = ExpressionBuilder<Database & { o: Database["organisation"] }, "o">;

/**
 * The organisations a year's figures are about: active, and signed on or before 31 December of
 * that year (an organisation without a known signing date counts, so a missing date never hides
 * a missing report). Umbrellas are in scope, in their own row; "expected" leaves them out.
 */
export function inScope(eb: WithOrganisation, year: number) {
  return eb.and([eb("o.active", "=", 1), eb.or([eb("o.signed_at", "is", null), eb("o.signed_at", "<=", lastSigningDay(year))])]);
}

/** The same rule for an organisation read into memory (tests hold the two to each other). */
export const isInScope = (o: { active: number; signed_at: string | null }, year: number) =>
  o.active === 1 && (o.signed_at === null || o.signed_at <= lastSigningDay(year));

/** The organisations expected to report over a year: in scope, and not an umbrella. */
export function isExpected(o: { kind: OrganisationKind }): boolean {
  return o.kind !== UMBRELLA_KIND;
}

/**
 * Per organisation in scope, the version of its report of the year that counts:
 * - `geaccepteerd`: the latest accepted version, also while a newer one is reopened, in draft,
 *   submitted or returned;
 * - `ingediend`: the latest version that is submitted or accepted.
 * At most one row per organisation. Triggers keep each report's counted versions in its
 * `counted_*_version_id` columns (migration 20261206T180000 holds the rule in SQL), so a year's
 * choice is an index range scan; tests/integration/models/counted-version.test.ts holds the
 * columns to the rule (countedVersionByRule).
 */
export function countedVersions(db: Executor, args: { year: number; basis: DataBasis }) {
  const column = COUNTED_COLUMN[args.basis];
  return db
    .selectFrom("report as r")
    .innerJoin("organisation as o", "o.id", "r.organisation_id")
    .select(["r.organisation_id", `r.${column} as version_id`, "o.sector", "o.kind"])
    .where("r.year", "=", args.year)
    .where(`r.${column}`, "is not", null)
    .where((eb) => inScope(eb as unknown as WithOrganisation, args.year))
    .$narrowType<{ version_id: number }>();
}

/** The same with each counted version's number, status and submission time. */
export function countedVersionsWithStatus(db: Executor, args: { year: number; basis: DataBasis }) {
  return countedVersions(db, args)
    .innerJoin("report_version as v", "v.id", `r.${COUNTED_COLUMN[args.basis]}`)
    .select(["v.number", "v.status", "v.submitted_at"]);
}

type ScopeAttributes = { sector: Sector; kind: OrganisationKind; active: number; signed_at: string | null };

/**
 * Every organisation's sector, kind, whether it is active and when it signed: kept until an
 * organisation changes (the "organisations" change counter), so that the figures of many years
 * need not look every organisation up again for every year.
 */
function scopeAttributes(db: Executor): Promise<Map<number, ScopeAttributes>> {
  return cachedUntilChange(db, ["organisations"], "organisation-scope", async () => {
    const rows = await db.selectFrom("organisation").select(["id", "sector", "kind", "active", "signed_at"]).execute();
    return new Map(rows.map(({ id, ...o }) => [id, o]));
  });
}

/**
 * countedVersions as a list, for the figures that add up many years (trends) or every version
 * of a year (the overview): the versions that count are read from the reports every time; who
 * is in scope comes from the organisations kept in memory. The same rows as countedVersions
 * (tests/integration/models/counted-version.test.ts).
 */
export async function listCountedVersions(db: Executor, args: { year: number; basis: DataBasis }) {
  const column = COUNTED_COLUMN[args.basis];
  const [organisations, reports] = await Promise.all([
    scopeAttributes(db),
    // As two JSON arrays, not a row each: a trend reads ten years of about 10,000 reports, and
    // making a JavaScript object per row cost about five times as much as parsing the arrays.
    db
      .selectFrom("report")
      .select([
        sql<string>`json_group_array(organisation_id)`.as("organisations"),
        sql<string>`json_group_array(${sql.ref(column)})`.as("versions"),
      ])
      .where("year", "=", args.year)
      .where(column, "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  const organisationIds = JSON.parse(reports.organisations) as number[];
  const versionIds = JSON.parse(reports.versions) as number[];
  const out: { organisation_id: number; version_id: number; sector: Sector; kind: OrganisationKind }[] = [];
  organisationIds.forEach((organisationId, i) => {
    const o = organisations.get(organisationId);
    if (o && isInScope(o, args.year))
      out.push({ organisation_id: organisationId, version_id: versionIds[i]!, sector: o.sector, kind: o.kind });
  });
  return out;
}

/** The report year of each of these versions (unknown ids left out). */
export function yearsOfVersions(db: Executor, versionIds: number[]): Promise<{ id: number; year: number }[]> {
  return db
    .selectFrom("report_version as v")
    .innerJoin("report as r", "r.id", "v.report_id")
    .select(["v.id", "r.year"])
    .where("v.id", "in", versionIds)
    .execute();
}

/**
 * The versions of a year that are no longer drafts and have no figures kept for the year's figure
 * questions as they are now (`layout`: version-figures.server.ts keeps them, at a start).
 */
export async function versionsWithoutKeptFigures(db: Executor, args: { year: number; layout: string }): Promise<number[]> {
  const rows = await db
    .selectFrom("report_version as v")
    .innerJoin("report as r", "r.id", "v.report_id")
    .leftJoin("version_figures as f", (j) =>
      j.onRef("f.version_id", "=", "v.id").on("f.year", "=", args.year).on("f.layout", "=", args.layout),
    )
    .select("v.id")
    .where("r.year", "=", args.year)
    .where("v.status", "<>", "draft")
    .where("f.version_id", "is", null)
    .execute();
  return rows.map((r) => r.id);
}

/** How many organisations of each sector and kind are in scope, per year asked (from the organisations kept in memory). */
export async function scopeCounts(
  db: Executor,
  args: { years: number[] },
): Promise<Map<number, { sector: Sector; kind: OrganisationKind; n: number }[]>> {
  const counts = new Map(args.years.map((y) => [y, new Map<string, { sector: Sector; kind: OrganisationKind; n: number }>()]));
  for (const o of (await scopeAttributes(db)).values()) {
    const key = `${o.sector}|${o.kind}`;
    for (const [year, byKind] of counts) {
      if (!isInScope(o, year)) continue;
      const c = byKind.get(key);
      if (c) c.n++;
      else byKind.set(key, { sector: o.sector, kind: o.kind, n: 1 });
    }
  }
  return new Map([...counts].map(([year, byKind]) => [year, [...byKind.values()]]));
}

/** The column that holds a report's counted version for a basis. */
const COUNTED_COLUMN = { geaccepteerd: "counted_accepted_version_id", ingediend: "counted_submitted_version_id" } as const satisfies Record<
  DataBasis,
  string
>;

/**
 * The counted version of one organisation's report (for the ministry's organisation page), per
 * year: the same rule as countedVersions, without the year's scope (the page shows every year).
 */
export function countedVersionsOfOrganisation(db: Executor, args: { organisationId: number; basis: DataBasis }) {
  return db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.id", `r.${COUNTED_COLUMN[args.basis]}`)
    .select(["r.year", "v.id as version_id", "v.number", "v.status"])
    .where("r.organisation_id", "=", args.organisationId);
}

/** For each year with a counted version: the plan version it was submitted against (plan lineage); null: no plan was in force. */
export async function planVersionsOfCountedReports(
  db: Executor,
  args: { organisationId: number; basis: DataBasis },
): Promise<Map<number, number | null>> {
  const rows = await db
    .with("cur", () => countedVersionsOfOrganisation(db, args))
    .selectFrom("cur")
    .innerJoin("report_version as v", "v.id", "cur.version_id")
    .select(["cur.year", "v.plan_version_id"])
    .execute();
  return new Map(rows.map((r) => [r.year, r.plan_version_id]));
}

/** The rule itself, from the versions (what the triggers keep in the report's columns): the test compares the two. */
export function countedVersionByRule(db: Executor, args: { basis: DataBasis }) {
  const statuses = COUNTED_STATUSES[args.basis];
  return db
    .selectFrom("report as r")
    .select((eb) => [
      "r.id as report_id",
      `r.${COUNTED_COLUMN[args.basis]} as kept_version_id`,
      eb
        .selectFrom("report_version as v")
        .select("v.id")
        .whereRef("v.report_id", "=", "r.id")
        .where("v.status", "in", statuses)
        .orderBy("v.number", "desc")
        .limit(1)
        .as("version_id"),
    ]);
}

/** The date an organisation's report over a year is due: its extension if it has one, else the year's date (null when the year does not exist). */
export async function dueDateFor(db: Executor, args: { organisationId: number; year: number }): Promise<string | null> {
  const row = await db
    .selectFrom("reporting_year as y")
    .leftJoin("deadline_extension as x", (j) => j.onRef("x.year", "=", "y.year").on("x.organisation_id", "=", args.organisationId))
    .select((eb) => eb.fn.coalesce("x.due_at", "y.due_at").as("due_at"))
    .where("y.year", "=", args.year)
    .executeTakeFirst();
  return row?.due_at ?? null;
}

export type ReportState = {
  organisation_id: number;
  slug: string;
  name: string;
  sector: Sector;
  kind: OrganisationKind;
  group: FigureGroup;
  /** The state of the report: its newest version's status, or "none". */
  status: PlanStatus | "none";
  version: number | null;
  /** When the newest version was submitted (null for a draft or no report). */
  submitted_at: string | null;
  /** The organisation's due date (dueDateFor). */
  due_at: string;
  /** Whether the organisation is expected to report (umbrellas are not). */
  expected: boolean;
  /** Whether any version was ever submitted. */
  submitted: boolean;
  /** First submitted after the due date, or not submitted while the due date has passed. */
  late: boolean;
};

/**
 * Every organisation in scope for a year with the state of its report: the newest version's
 * status, and whether it is late. Late means: the first submission (of any version) came after
 * the organisation's due date (its extension if any), or nothing was submitted yet while that
 * date has passed. A report returned and resubmitted is late only if its first submission was.
 */
export async function reportStates(
  db: Executor,
  args: { year: number; today?: string; organisationIds?: readonly number[] },
): Promise<ReportState[]> {
  const today = args.today ?? todayInNL();
  const rows = await db
    .selectFrom("organisation as o")
    .innerJoin("reporting_year as y", (j) => j.on("y.year", "=", args.year))
    .leftJoin("deadline_extension as x", (j) => j.onRef("x.organisation_id", "=", "o.id").onRef("x.year", "=", "y.year"))
    .leftJoin("report as r", (j) => j.onRef("r.organisation_id", "=", "o.id").on("r.year", "=", args.year))
    .leftJoin("report_version as v", (j) =>
      j.onRef("v.report_id", "=", "r.id").on("v.number", "=", (eb) =>
        eb
          .selectFrom("report_version as v2")
          .select((e) => e.fn.max("v2.number").as("n"))
          .whereRef("v2.report_id", "=", "r.id"),
      ),
    )
    .select((eb) => [
      "o.id as organisation_id",
      "o.slug",
      "o.name",
      "o.sector",
      "o.kind",
      "v.status",
      "v.number as version",
      "v.submitted_at",
      eb.fn.coalesce("x.due_at", "y.due_at").as("due_at"),
      // When a version of the report was first submitted.
      eb
        .selectFrom("report_version as s")
        .select((e) => e.fn.min("s.submitted_at").as("m"))
        .whereRef("s.report_id", "=", "r.id")
        .as("first_submitted_at"),
    ])
    .where((eb) => inScope(eb as unknown as WithOrganisation, args.year))
    .$if(args.organisationIds !== undefined, (q) => q.where("o.id", "in", args.organisationIds!.length ? args.organisationIds! : [-1]))
    .execute();
  // Sorted here, not in SQL: "order by name" made SQLite walk the name index and fetch every
  // organisation out of order, four times slower at 10,000 organisations than a scan and a sort.
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows.map((r) => ({
    organisation_id: r.organisation_id,
    slug: r.slug,
    name: r.name,
    sector: r.sector,
    kind: r.kind,
    group: groupOf(r),
    status: r.status ?? "none",
    version: r.version ?? null,
    submitted_at: r.status === "draft" ? null : (r.submitted_at ?? null),
    due_at: r.due_at,
    expected: isExpected(r),
    submitted: r.first_submitted_at !== null,
    late: isExpected(r) && isLate(r.first_submitted_at, r.due_at, today),
  }));
}

/**
 * Late: the first submission (on a Dutch calendar day) came after the organisation's due date as
 * it is now (an extension granted afterwards counts), or nothing was ever submitted while that
 * date has passed.
 */
function isLate(firstSubmittedAt: string | null, dueAt: string, today: string): boolean {
  return firstSubmittedAt !== null ? dayInNL(firstSubmittedAt) > dueAt : today > dueAt;
}

// The Dutch calendar day of a UTC timestamp, by its UTC hour (the Dutch clock is a whole number of
// hours ahead, and changes only on the hour): the lists ask it for thousands of timestamps.
const dayOfHour = new Map<string, string>();
function dayInNL(iso: string): string {
  if (!iso.endsWith("Z") || iso[13] !== ":") return todayInNL(new Date(iso));
  const hour = iso.slice(0, 13);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    if (dayOfHour.size >= 50_000) dayOfHour.clear();
    dayOfHour.set(hour, (day = todayInNL(new Date(iso))));
  }
  return day;
}

/**
 * One organisation's reports, per reporting year: the state of each (as reportStates), for the
 * ministry's organisation page and the signatory's list. A year the organisation was not expected
 * to report over (it signed later) is never late.
 */
export async function reportStatesOfOrganisation(db: Executor, args: { organisationId: number; today?: string }) {
  const today = args.today ?? todayInNL();
  const organisation = await db
    .selectFrom("organisation")
    .select(["kind", "active", "signed_at"])
    .where("id", "=", args.organisationId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom("reporting_year as y")
    .leftJoin("deadline_extension as x", (j) => j.onRef("x.year", "=", "y.year").on("x.organisation_id", "=", args.organisationId))
    .leftJoin("report as r", (j) => j.onRef("r.year", "=", "y.year").on("r.organisation_id", "=", args.organisationId))
    .leftJoin("report_version as v", (j) =>
      j.onRef("v.report_id", "=", "r.id").on("v.number", "=", (eb) =>
        eb
          .selectFrom("report_version as v2")
          .select((e) => e.fn.max("v2.number").as("n"))
          .whereRef("v2.report_id", "=", "r.id"),
      ),
    )
    .select((eb) => [
      "y.year",
      "v.status",
      "v.number",
      "v.submitted_at",
      eb.fn.coalesce("x.due_at", "y.due_at").as("due_at"),
      // When a version of the report was first submitted.
      eb
        .selectFrom("report_version as s")
        .select((e) => e.fn.min("s.submitted_at").as("m"))
        .whereRef("s.report_id", "=", "r.id")
        .as("first_submitted_at"),
    ])
    .orderBy("y.year")
    .execute();
  return rows.map((r) => ({
    year: r.year,
    status: r.status ?? ("none" as const),
    number: r.number ?? null,
    submitted_at: r.status === "draft" ? null : (r.submitted_at ?? null),
    due_at: r.due_at,
    submitted: r.first_submitted_at !== null,
    late:
      Boolean(organisation && isInScope(organisation, r.year) && isExpected(organisation)) && isLate(r.first_submitted_at, r.due_at, today),
  }));
}

/**
 * The versions of a plan or report the ministry sees (drafts are the organisation's own), newest
 * first as given, and the one asked for by number (?versie=), else the newest of them.
 */
export function reviewableVersion<V extends { status: PlanStatus; number: number }>(versions: readonly V[], asked: string | null) {
  const visible = versions.filter((v) => v.status !== "draft");
  return { visible, version: asked ? visible.find((v) => String(v.number) === asked) : visible[0] };
}
