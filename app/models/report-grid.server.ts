import { writableOrganisationIds } from "~/models/access.server";
import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import type { Answer, ReportSection } from "~/models/report.rules";
import { getReportOverview, loadAnswers, loadPreviousAccepted, saveAnswers, startReport } from "~/models/report.server";

export type GridRow = {
  organisationId: number;
  name: string;
  slug: string;
  status: "none" | "draft" | "submitted" | "accepted" | "returned";
  lockVersion: number | null;
  editable: boolean;
  answers: Record<string, Answer>;
  previous: Record<string, Answer>;
};

/**
 * The joint signatory's grid for one reporting year and section: one row per organisation signed
 * via it (the 21 waterschappen for the Unie) that the user may write for, with the answers of its
 * current version. Rows whose report is submitted or accepted are shown, not editable.
 */
export async function loadGrid(db: Executor, args: { userId: number; signatoryId: number; year: number; section: ReportSection }) {
  const indicators = (await listIndicators(db, { year: args.year })).filter((i) => i.section === args.section && i.unit !== "text");
  const organisations = await db
    .selectFrom("organisation")
    .select(["id", "name", "slug"])
    .where("signed_via_id", "=", args.signatoryId)
    .where("id", "in", writableOrganisationIds(db, args.userId))
    .orderBy("name")
    .execute();
  const rows: GridRow[] = [];
  for (const o of organisations) {
    const overview = await getReportOverview(db, { userId: args.userId, organisationId: o.id, year: args.year });
    const current = overview?.draft ?? overview?.latest ?? null;
    const answers = current ? await loadAnswers(db, { versionId: current.id }) : new Map();
    rows.push({
      organisationId: o.id,
      name: o.name,
      slug: o.slug,
      status: overview?.latest.status ?? "none",
      lockVersion: overview?.draft?.lock_version ?? null,
      editable: !overview || Boolean(overview.draft),
      answers: Object.fromEntries(indicators.map((i) => [i.code, answers.get(i.code)]).filter(([, a]) => a)),
      previous: Object.fromEntries(await loadPreviousAccepted(db, { organisationId: o.id, year: args.year })),
    });
  }
  return { indicators, rows };
}

/**
 * Saves a whole grid in one transaction: for every row with answers, opens the report if needed
 * and saves through the same model (access, optimistic lock, provenance, audit). One refusal
 * (a conflict, a closed year) rolls everything back.
 */
export async function saveGrid(
  db: Executor,
  args: {
    actor: Actor;
    year: number;
    section: ReportSection;
    rows: { organisationId: number; lockVersion: number | null; answers: Map<number, Answer | null> }[];
  },
): Promise<number> {
  const run = async (trx: Executor) => {
    let saved = 0;
    for (const row of args.rows) {
      let lockVersion = row.lockVersion;
      if (lockVersion === null) {
        await startReport(trx, { actor: args.actor, organisationId: row.organisationId, year: args.year });
        lockVersion = 1;
      }
      await saveAnswers(trx, {
        actor: args.actor,
        organisationId: row.organisationId,
        year: args.year,
        lockVersion,
        answers: row.answers,
        section: `raster:${args.section}`,
      });
      saved++;
    }
    return saved;
  };
  return inTransaction(db, run);
}

/** How many organisations signed via this one the user may write for (0 for most organisations). */
export async function countCoveredOrganisations(db: Executor, args: { userId: number; signatoryId: number }): Promise<number> {
  const row = await db
    .selectFrom("organisation")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("signed_via_id", "=", args.signatoryId)
    .where("id", "in", writableOrganisationIds(db, args.userId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
