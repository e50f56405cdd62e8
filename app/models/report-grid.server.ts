import { createHash } from "node:crypto";
import { writableOrganisationIds } from "~/models/access.server";
import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { AnswerState } from "~/database/types";
import type { Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import { cellText, parseCell, type Answer, type IndicatorDef, type ReportSection } from "~/models/report.rules";
import {
  getReportOverview,
  loadAnswers,
  loadPreviousAccepted,
  ReportNotFoundError,
  saveAnswers,
  startReport,
} from "~/models/report.server";

// The joint signatory's grid and its Excel template (report-xlsx.server.ts): many organisations'
// answers edited at once, beside each organisation's own report form. The form keeps one lock for
// its whole report; the grid and the upload work per cell. Each cell carries its stamp: the answer
// as it was read. A cell is written only when the user changed it; when the stored answer no
// longer matches the stamp, someone else changed it in between, and the cell is a conflict, not
// written. A cell that was not changed, or not sent at all, is never touched. Writing a cell goes
// through saveAnswers, which raises the report's lock, so a form open on it sees the change.

/**
 * An answer as it was read: state, number, text, and a digest of its explanation (an explanation
 * can be 2,000 characters, and a template carries every cell's stamp); null when the question was
 * not answered.
 */
export type Stamp = [state: AnswerState, number: number | null, text: string | null, explanationDigest: string | null] | null;

/** Explanations as typed in a browser (CRLF) and in Excel (LF) are the same explanation. */
export const normaliseExplanation = (text: string | null | undefined) => text?.replace(/\r\n?/g, "\n").trim().slice(0, 2000) || null;

const digest = (explanation: string | null | undefined) => {
  const text = normaliseExplanation(explanation);
  return text === null ? null : createHash("sha256").update(text).digest("base64url").slice(0, 16);
};

export function stampOf(answer: Answer | null | undefined): Stamp {
  return answer ? [answer.state, answer.number, answer.text, digest(answer.explanation)] : null;
}

/** The value a stamp records, without its explanation (a stamp keeps only a digest of that). */
export function answerOf(stamp: Stamp): Answer | null {
  return stamp ? { state: stamp[0], number: stamp[1], text: stamp[2], explanation: null, prefilled: false } : null;
}

const sameValue = (a: Answer | null | undefined, b: Answer | null | undefined) =>
  !a || !b ? !a && !b : a.state === b.state && a.number === b.number && a.text === b.text;
const sameAnswer = (a: Answer | null | undefined, b: Answer | null | undefined) =>
  sameValue(a, b) && normaliseExplanation(a?.explanation) === normaliseExplanation(b?.explanation);
/** Whether an answer is still the one a stamp recorded. */
const matchesStamp = (answer: Answer | null | undefined, stamp: Stamp) =>
  sameValue(answer, answerOf(stamp)) && digest(answer?.explanation) === (stamp?.[3] ?? null);

/** A stamp read back from the browser or a spreadsheet: exactly the shape stampOf makes, or undefined. */
export function parseStamp(value: unknown): Stamp | undefined {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [state, number, text, explanation] = value as unknown[];
  const ok =
    (state === "value" || state === "unknown" || state === "not_applicable") &&
    (number === null || (typeof number === "number" && Number.isFinite(number))) &&
    (text === null || typeof text === "string") &&
    (explanation === null || typeof explanation === "string");
  return ok ? (value as Stamp) : undefined;
}

export type GridRow = {
  organisationId: number;
  name: string;
  slug: string;
  status: "none" | "draft" | "submitted" | "accepted" | "returned";
  editable: boolean;
  answers: Record<string, Answer>;
  previous: Record<string, Answer>;
};

function coveredOrganisations(db: Executor, args: { userId: number; signatoryId: number }) {
  return db
    .selectFrom("organisation")
    .select(["id", "name", "slug"])
    .where("signed_via_id", "=", args.signatoryId)
    .where("id", "in", writableOrganisationIds(db, args.userId))
    .orderBy("name")
    .execute();
}

const gridIndicators = async (db: Executor, year: number) => (await listIndicators(db, { year })).filter((i) => i.unit !== "text");

/**
 * The joint signatory's grid for one reporting year and section: one row per organisation signed
 * via it (the 21 waterschappen for the Unie) that the user may write for, with the answers of its
 * current version. Rows whose report is submitted or accepted are shown, not editable.
 */
export async function loadGrid(db: Executor, args: { userId: number; signatoryId: number; year: number; section: ReportSection }) {
  const indicators = (await gridIndicators(db, args.year)).filter((i) => i.section === args.section);
  const rows: GridRow[] = [];
  for (const o of await coveredOrganisations(db, args)) {
    const overview = await getReportOverview(db, { userId: args.userId, organisationId: o.id, year: args.year });
    const current = overview?.draft ?? overview?.latest ?? null;
    const answers = current ? await loadAnswers(db, { versionId: current.id }) : new Map();
    rows.push({
      organisationId: o.id,
      name: o.name,
      slug: o.slug,
      status: overview?.latest.status ?? "none",
      editable: !overview || Boolean(overview.draft),
      answers: Object.fromEntries(indicators.map((i) => [i.code, answers.get(i.code)]).filter(([, a]) => a)),
      previous: Object.fromEntries(await loadPreviousAccepted(db, { organisationId: o.id, year: args.year })),
    });
  }
  return { indicators, rows };
}

/**
 * One cell as the user sent it: the text typed, the explanation (undefined: not sent, keep it) and
 * the stamp of what they read. Without a stamp (`stamp: undefined`: the page's stamps did not
 * verify) what they read is unknown, so any difference from the stored answer is a conflict.
 */
export type CellEdit = { organisationId: number; code: string; text: string; explanation?: string | null; stamp: Stamp | undefined };

type CellPlace = {
  organisationId: number;
  organisation: string;
  code: string;
  question: string;
  section: ReportSection;
  /** How the question's answers read (formatValue). */
  indicator: Pick<IndicatorDef, "unit" | "choices">;
};
/** A cell the user changed whose stored answer is still the one they read: written on save. */
export type CellChange = CellPlace & {
  before: Answer | null;
  after: Answer | null;
  text: string;
  explanation: string | null;
};
/** A cell the user changed that someone else changed since it was read: not written. */
export type CellConflict = CellPlace & {
  /** What the user read (its value; undefined when that is not known). */
  then: Answer | null | undefined;
  now: Answer | null;
  mine: Answer | null;
  /** What the user typed, to offer it again. */
  text: string;
  explanation: string | null;
  /** Who changed the stored answer and when (the report's last change when it was removed). */
  changedBy: string | null;
  changedAt: string | null;
  /** The stamp of the stored answer: keeping one's own value is a change made after reading it. */
  stampNow: Stamp;
};
export type CellError = CellPlace & { message: string };
export type CellsOutcome = { changes: CellChange[]; conflicts: CellConflict[]; errors: CellError[]; saved: number };

/**
 * Weighs cell edits against what is stored now and, unless `preview`, writes the changes in one
 * transaction (one saveAnswers per organisation, "by the actor on behalf of the organisation").
 * Nothing is written when a cell is invalid or a changed cell belongs to a report that is submitted
 * or accepted: `errors` says which. Conflicts are left out and the rest is written. An edit for an
 * organisation the user may not write for via this signatory, or for a question outside the grid,
 * is refused as not found.
 */
export async function saveCells(
  db: Executor,
  args: { actor: Actor; signatoryId: number; year: number; edits: CellEdit[]; channel: "raster" | "excel"; preview?: boolean },
): Promise<CellsOutcome> {
  return inTransaction(db, async (trx) => {
    const indicators = new Map((await gridIndicators(trx, args.year)).map((i) => [i.code, i]));
    const organisations = new Map(
      (await coveredOrganisations(trx, { userId: args.actor.userId, signatoryId: args.signatoryId })).map((o) => [o.id, o]),
    );
    const outcome: CellsOutcome = { changes: [], conflicts: [], errors: [], saved: 0 };
    const byOrganisation = new Map<number, CellEdit[]>();
    for (const edit of args.edits) {
      if (!organisations.has(edit.organisationId) || !indicators.has(edit.code)) throw new ReportNotFoundError();
      byOrganisation.set(edit.organisationId, [...(byOrganisation.get(edit.organisationId) ?? []), edit]);
    }
    const writes: { organisationId: number; lockVersion: number | null; answers: Map<number, Answer | null> }[] = [];
    for (const [organisationId, edits] of byOrganisation) {
      const organisation = organisations.get(organisationId)!;
      const stored = await storedAnswers(trx, { userId: args.actor.userId, organisationId, year: args.year });
      const answers = new Map<number, Answer | null>();
      for (const edit of edits) {
        const indicator = indicators.get(edit.code)!;
        const place: CellPlace = {
          organisationId,
          organisation: organisation.name,
          code: edit.code,
          question: indicator.label,
          section: indicator.section,
          indicator: { unit: indicator.unit, choices: indicator.choices },
        };
        const then = edit.stamp;
        const text = edit.text.trim();
        const now = stored.answers.get(edit.code) ?? null;
        // The value as the user left it: shown rounded ("12,35" for 12.345), so the text as shown
        // means "not changed", whatever it parses to (also a value outside bounds set since).
        const shownAsRead = then !== undefined && text === cellText(indicator, answerOf(then));
        const parsed = parseCell(indicator, edit.text);
        if (parsed.error && !shownAsRead) {
          outcome.errors.push({ ...place, message: parsed.error });
          continue;
        }
        const valueKept = shownAsRead || (then !== undefined && sameValue(parsed.answer, answerOf(then)));
        const posted = edit.explanation === undefined ? undefined : normaliseExplanation(edit.explanation);
        const explanationKept = posted === undefined || (then !== undefined && digest(posted) === (then?.[3] ?? null));
        if (valueKept && explanationKept) {
          // Not changed by the user: never written. Only a value the portal pre-filled, still as
          // it was read, is confirmed by saving it, as the report form does.
          if (now?.prefilled && matchesStamp(now, then) && stored.editable) answers.set(indicator.id, { ...now, prefilled: false });
          continue;
        }
        const value = valueKept ? answerOf(then) : parsed.answer;
        const explanation = posted !== undefined ? posted : (now?.explanation ?? null);
        const mine = value ? { ...value, explanation } : null;
        // Someone else got there first with the same answer: nothing to do.
        if (sameAnswer(mine, now)) continue;
        if (then === undefined || !matchesStamp(now, then)) {
          outcome.conflicts.push({
            ...place,
            then: then === undefined ? undefined : answerOf(then),
            now,
            mine,
            text,
            explanation,
            changedBy: now ? now.entered_by_name : stored.updatedBy,
            changedAt: now ? now.entered_at : stored.updatedAt,
            stampNow: stampOf(now),
          });
          continue;
        }
        if (!stored.editable) {
          outcome.errors.push({
            ...place,
            message: `De rapportage van ${organisation.name} is al ingediend en kan niet meer worden gewijzigd.`,
          });
          continue;
        }
        outcome.changes.push({ ...place, before: now, after: mine, text, explanation });
        answers.set(indicator.id, mine);
      }
      if (answers.size) writes.push({ organisationId, lockVersion: stored.lockVersion, answers });
    }
    if (args.preview || outcome.errors.length) return outcome;
    for (const write of writes) {
      let lockVersion = write.lockVersion;
      if (lockVersion === null) {
        await startReport(trx, { actor: args.actor, organisationId: write.organisationId, year: args.year });
        lockVersion = 1;
      }
      await saveAnswers(trx, {
        // The values' history records the way in: the grid or the Excel upload.
        actor: { ...args.actor, channel: args.channel === "raster" ? "grid" : "upload" },
        organisationId: write.organisationId,
        year: args.year,
        lockVersion,
        answers: write.answers,
        section: args.channel,
      });
      outcome.saved++;
    }
    return outcome;
  });
}

/** An organisation's current answers as stored, with the draft's lock (null without a report) and its last change. */
async function storedAnswers(db: Executor, args: { userId: number; organisationId: number; year: number }) {
  const overview = await getReportOverview(db, args);
  const current = overview?.draft ?? overview?.latest ?? null;
  return {
    answers: current ? await loadAnswers(db, { versionId: current.id }) : (new Map() as Awaited<ReturnType<typeof loadAnswers>>),
    editable: !overview || Boolean(overview.draft),
    lockVersion: overview ? (overview.draft?.lock_version ?? -1) : null,
    updatedBy: current?.updated_by_name ?? null,
    updatedAt: current?.updated_at ?? null,
  };
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
