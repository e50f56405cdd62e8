import type { Executor } from "~/db.server";
import { recordAuditEvent } from "~/models/audit.server";
import type { ReportingYear } from "~/db/types";
import { nowIso, todayInNL } from "~/utils/time";

export type ReportingYearState = "not_open" | "open" | "overdue";

export function reportingYearState(year: Pick<ReportingYear, "opens_at" | "due_at">, today = todayInNL()): ReportingYearState {
  if (today < year.opens_at) return "not_open";
  return today > year.due_at ? "overdue" : "open";
}

export async function listReportingYears(db: Executor): Promise<ReportingYear[]> {
  return db.selectFrom("reporting_year").selectAll().orderBy("year", "desc").execute();
}

/** Adds the year unless it exists; an existing year's dates are left as an administrator set them. */
export async function ensureReportingYear(
  db: Executor,
  args: { year: number; opensAt: string; dueAt: string },
): Promise<void> {
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
  return db.selectFrom("reporting_year").selectAll().where("year", "=", args.year).executeTakeFirst();
}
