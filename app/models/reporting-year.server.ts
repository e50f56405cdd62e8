import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import { recordAuditEvent } from "~/models/audit.server";
import type { ReportingYear } from "~/database/types";
import { nowIso, todayInNL } from "~/utils/time";

export type ReportingYearState = "not_open" | "open" | "overdue";

export function reportingYearState(year: Pick<ReportingYear, "opens_at" | "due_at">, today = todayInNL()): ReportingYearState {
  if (today < year.opens_at) return "not_open";
  return today > year.due_at ? "overdue" : "open";
}

/**
 * The year whose reports are being made now: the newest year that has opened (today on or after
 * its opening day), else the newest year there is; null without years. `years` newest first, as
 * listReportingYears gives them.
 */
export function currentReportingYear<Y extends Pick<ReportingYear, "year" | "opens_at">>(
  years: readonly Y[],
  today = todayInNL(),
): Y | null {
  return years.find((y) => y.opens_at <= today) ?? years[0] ?? null;
}

export async function listReportingYears(db: Executor): Promise<ReportingYear[]> {
  return reportingYearsQuery.all(db, {});
}

// Read by most pages (the year menus): prepared once (see db/prepared.server.ts).
const reportingYearsQuery = prepared((db) => db.selectFrom("reporting_year").selectAll().orderBy("year", "desc"));
const reportingYearQuery = prepared((db, args: { year: number }) =>
  db.selectFrom("reporting_year").selectAll().where("year", "=", args.year),
);

/** Adds the year unless it exists; an existing year's dates are left as an administrator set them. */
export async function ensureReportingYear(db: Executor, args: { year: number; opensAt: string; dueAt: string }): Promise<void> {
  const now = nowIso();
  await db
    .insertInto("reporting_year")
    .values({ year: args.year, opens_at: args.opensAt, due_at: args.dueAt, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column("year").doNothing())
    .execute();
}

export class ReportingYearError extends Error {}

/** A new reporting year (administrators); refuses an existing year. */
export async function createReportingYear(
  db: Executor,
  args: { year: number; opensAt: string; dueAt: string; actor: { userId: number; email: string; ip: string } },
): Promise<void> {
  const exists = await db.selectFrom("reporting_year").select("year").where("year", "=", args.year).executeTakeFirst();
  if (exists) throw new ReportingYearError(`Het rapportagejaar ${args.year} bestaat al.`);
  await db.transaction().execute(async (trx) => {
    await ensureReportingYear(trx, args);
    await recordAuditEvent(trx, {
      action: "reporting_year.created",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "reporting_year",
      objectId: args.year,
      detail: { opens_at: args.opensAt, due_at: args.dueAt },
    });
  });
}

export async function getReportingYear(db: Executor, args: { year: number }): Promise<ReportingYear | undefined> {
  if (!Number.isSafeInteger(args.year)) return undefined;
  return reportingYearQuery.first(db, args);
}

type Actor = { userId: number; email: string; ip: string };

/** A new opening date and deadline for a year (for everyone without an extension). */
export async function updateReportingYearDates(
  db: Executor,
  args: { year: number; opensAt: string; dueAt: string; actor: Actor },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("reporting_year").selectAll().where("year", "=", args.year).executeTakeFirst();
    if (!before) throw new ReportingYearError(`Het rapportagejaar ${args.year} bestaat niet.`);
    await trx
      .updateTable("reporting_year")
      .set({ opens_at: args.opensAt, due_at: args.dueAt, updated_at: nowIso() })
      .where("year", "=", args.year)
      .execute();
    await recordAuditEvent(trx, {
      action: "reporting_year.dates_changed",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "reporting_year",
      objectId: args.year,
      detail: { opens_at: { from: before.opens_at, to: args.opensAt }, due_at: { from: before.due_at, to: args.dueAt } },
    });
  });
}

export type Extension = {
  organisation_id: number;
  organisation_name: string;
  due_at: string;
  reason: string;
  granted_by_name: string | null;
  created_at: string;
};

export async function listExtensions(db: Executor, args: { year: number }): Promise<Extension[]> {
  return db
    .selectFrom("deadline_extension as x")
    .innerJoin("organisation as o", "o.id", "x.organisation_id")
    .leftJoin("user as u", "u.id", "x.granted_by")
    .select(["x.organisation_id", "o.name as organisation_name", "x.due_at", "x.reason", "u.name as granted_by_name", "x.created_at"])
    .where("x.year", "=", args.year)
    .orderBy("o.name")
    .execute();
}

/** One organisation gets a later deadline for one year (replacing an earlier extension). */
export async function grantExtension(
  db: Executor,
  args: { year: number; organisationId: number; dueAt: string; reason: string; actor: Actor },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const year = await trx.selectFrom("reporting_year").selectAll().where("year", "=", args.year).executeTakeFirst();
    if (!year) throw new ReportingYearError(`Het rapportagejaar ${args.year} bestaat niet.`);
    if (args.dueAt <= year.due_at) throw new ExtensionDateError("Een uitstel ligt na de gewone uiterste datum.");
    const organisation = await trx
      .selectFrom("organisation")
      .select("id")
      .where("id", "=", args.organisationId)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!organisation) throw new ExtensionOrganisationError("Kies een actieve organisatie uit de lijst.");
    const values = {
      organisation_id: args.organisationId,
      year: args.year,
      due_at: args.dueAt,
      reason: args.reason,
      granted_by: args.actor.userId,
      created_at: nowIso(),
    };
    await trx
      .insertInto("deadline_extension")
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(["organisation_id", "year"])
          .doUpdateSet({ due_at: args.dueAt, reason: args.reason, granted_by: args.actor.userId, created_at: values.created_at }),
      )
      .execute();
    await recordAuditEvent(trx, {
      action: "reporting_year.extension_granted",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "reporting_year",
      objectId: args.year,
      detail: { organisation_id: args.organisationId, due_at: args.dueAt, reason: args.reason },
    });
  });
}

export class ExtensionDateError extends Error {}
export class ExtensionOrganisationError extends Error {}

export async function removeExtension(db: Executor, args: { year: number; organisationId: number; actor: Actor }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom("deadline_extension")
      .where("year", "=", args.year)
      .where("organisation_id", "=", args.organisationId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) return;
    await recordAuditEvent(trx, {
      action: "reporting_year.extension_removed",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "reporting_year",
      objectId: args.year,
      detail: { organisation_id: args.organisationId },
    });
  });
}

/** How many organisations have an extension, per reporting year. */
export async function countExtensionsPerYear(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("deadline_extension")
    .select(["year", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("year")
    .execute();
  return new Map(rows.map((r) => [r.year, Number(r.n)]));
}
