import type { AuditAction } from "~/models/audit.labels";
import { sql } from "kysely";
import { actableOrganisationIds, actableOrganisationIn, getOrganisationAccess, writableOrganisationIds } from "~/models/access.server";
import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import { inTransaction } from "~/database/connection.server";
import type { PlanStatus, ProgressStatus, ReportVersionTable } from "~/database/types";
import { getCountingPlanVersion, listPlanTargets } from "~/models/action-plan.server";
import {
  countedVersionsOfOrganisation,
  dueDateFor,
  isExpected,
  isInScope,
  reportStates,
  reportStatesOfOrganisation,
  type FigureGroup,
  type ReportState,
} from "~/models/counted-version.server";
import { cachedUntilChange } from "~/models/data-change.server";
import { changedFields, recordAuditEvent, type FieldChange } from "~/models/audit.server";
import {
  answerDocumentQuestion,
  askQuestion,
  changeDraft as changeWorkflowDraft,
  checkBulkChoices,
  closeDocumentQuestion,
  reviewDocument,
  reviseDocument,
  submitDocument,
  type Actor,
  type BulkCandidate,
  type BulkChoice,
  type ReviewDecision,
  type VersionedDocument,
  type VersionRef,
} from "~/models/document-workflow.server";
import { notifyReview } from "~/models/notification.server";
import { currentCatalogueRevision, listIndicators, listIndicatorsAsOf } from "~/models/indicator.server";
import { checkReportForSubmit, deviationsOf, type Answer, type ReportProblem, type ReportSection } from "~/models/report.rules";
import { keepVersionFigures } from "~/models/version-figures.server";
import { nowIso, startOfDayInNL, todayInNL } from "~/utils/time";

export class ReportNotFoundError extends Error {
  constructor() {
    super("report not found");
  }
}
export class ReportConflictError extends Error {
  constructor() {
    super("report draft changed since it was loaded");
  }
}
export class ReportTransitionError extends Error {}
export class ReportIncompleteError extends Error {
  constructor(public problems: ReportProblem[]) {
    super("report incomplete");
  }
}

type VersionRow = Pick<
  ReportVersionTable,
  "number" | "status" | "updated_at" | "submitted_at" | "reviewed_at" | "return_reason" | "reopen_reason"
> & {
  id: number;
  lock_version: number;
  late: number;
  updated_by_name: string | null;
  submitted_by_name: string | null;
  reviewed_by_name: string | null;
};

export type ReportOverview = {
  reportId: number;
  organisationId: number;
  year: number;
  versions: VersionRow[];
  latest: VersionRow;
  draft: VersionRow | null;
};

/** A report's versions, newest first, as one overview; null when the query found none. */
function overviewOf(rows: (VersionRow & { report_id: number })[], args: { organisationId: number; year: number }): ReportOverview | null {
  if (rows.length === 0) return null;
  const versions: VersionRow[] = rows.map(({ report_id: _, ...version }) => version);
  return {
    reportId: rows[0]!.report_id,
    organisationId: args.organisationId,
    year: args.year,
    versions,
    latest: versions[0]!,
    draft: versions.find((v) => v.status === "draft") ?? null,
  };
}

/** The versions of an organisation's report of a year, with who changed them: one query (every report page runs it). */
function versionsOf(db: Executor, args: { organisationId: number; year: number }) {
  return db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .leftJoin("user as uu", "uu.id", "v.updated_by")
    .leftJoin("user as su", "su.id", "v.submitted_by")
    .leftJoin("user as ru", "ru.id", "v.reviewed_by")
    .select([
      "r.id as report_id",
      "v.id",
      "v.number",
      "v.status",
      "v.lock_version",
      "v.late",
      "v.updated_at",
      "v.submitted_at",
      "v.reviewed_at",
      "v.return_reason",
      "v.reopen_reason",
      "uu.name as updated_by_name",
      "su.name as submitted_by_name",
      "ru.name as reviewed_by_name",
    ])
    .where("r.organisation_id", "=", args.organisationId)
    .where("r.year", "=", args.year)
    .orderBy("v.number", "desc");
}

// Prepared once (see db/prepared.server.ts).
const actableVersionsQuery = prepared((db, args: { userId: number; organisationId: number; year: number }) =>
  versionsOf(db, args).where(actableOrganisationIn(args.userId, "r.organisation_id")),
);
const versionsForReviewQuery = prepared((db, args: { organisationId: number; year: number }) => versionsOf(db, args));
const answersQuery = prepared((db, args: { versionId: number }) =>
  db
    .selectFrom("report_value as rv")
    .innerJoin("indicator as i", "i.id", "rv.indicator_id")
    .select(["i.code", "rv.state", "rv.number_value", "rv.text_value", "rv.explanation", "rv.prefilled", "rv.entered_at", "rv.entered_by"])
    .where("rv.version_id", "=", args.versionId),
);
const answersStampQuery = prepared((db, args: { versionId: number }) =>
  db.selectFrom("report_version").select(["lock_version", "updated_at"]).where("id", "=", args.versionId),
);
/** `ids`: a JSON array of user ids (one SQL text for any number of them). */
const userNamesQuery = prepared((db, args: { ids: string }) =>
  db
    .selectFrom("user")
    .select(["id", "name"])
    .where(sql<boolean>`id in (select value from json_each(${args.ids}))`),
);

/** The report of a year for an organisation the user may act for; null when there is none (or not theirs). */
export async function getReportOverview(
  db: Executor,
  args: { userId: number; organisationId: number; year: number },
): Promise<ReportOverview | null> {
  return overviewOf(await actableVersionsQuery.all(db, args), args);
}

export async function getReportOverviewForReview(
  db: Executor,
  args: { organisationId: number; year: number },
): Promise<ReportOverview | null> {
  return overviewOf(await versionsForReviewQuery.all(db, args), args);
}

export type AnswerWithProvenance = Answer & { entered_by_name: string | null; entered_at: string };

/**
 * The answers of one version, by indicator code. Every change to a version's answers raises its
 * lock version (changeDraft), and a submitted or accepted version never changes, so the answers
 * are kept per version and lock version: each page of the report form reads all of them (the
 * rules compare questions), some 60 rows. Only a writer outside the portal changes a submitted
 * version's answers; the "figures" counter then drops what was kept. Who entered an answer is looked up each time (a name
 * may change). A new Map per call; the answers in it are frozen (shared between requests).
 */
export async function loadAnswers(db: Executor, args: { versionId: number }): Promise<Map<string, AnswerWithProvenance>> {
  const version = await answersStampQuery.first(db, args);
  if (!version) return new Map();
  // The "figures" counter: a submitted version's answers changed by another writer (a script).
  const kept = await cachedUntilChange(db, ["figures"], `answers:${args.versionId}:${version.lock_version}:${version.updated_at}`, () =>
    readAnswers(db, args),
  );
  const userIds = [...new Set(kept.flatMap(([, a]) => (a.entered_by === null ? [] : [a.entered_by])))];
  const names = new Map(userIds.length ? (await userNamesQuery.all(db, { ids: JSON.stringify(userIds) })).map((u) => [u.id, u.name]) : []);
  return new Map(
    kept.map(([code, a]) => [
      code,
      {
        state: a.state,
        number: a.number,
        text: a.text,
        explanation: a.explanation,
        prefilled: a.prefilled,
        entered_at: a.entered_at,
        entered_by_name: a.entered_by === null ? null : (names.get(a.entered_by) ?? null),
      },
    ]),
  );
}

async function readAnswers(db: Executor, args: { versionId: number }) {
  const rows = await answersQuery.all(db, args);
  return rows.map(
    (r) =>
      [
        r.code,
        Object.freeze({
          state: r.state,
          number: r.number_value,
          text: r.text_value,
          explanation: r.explanation,
          prefilled: r.prefilled === 1,
          entered_by: r.entered_by,
          entered_at: r.entered_at,
        }),
      ] as const,
  );
}

/**
 * Last year's accepted answers, keyed by THIS year's indicator codes (following the catalogue's
 * continues_from mapping, so a renamed question still finds its predecessor).
 */
export async function loadPreviousAccepted(db: Executor, args: { organisationId: number; year: number }): Promise<Map<string, Answer>> {
  // Accepted versions never change, and which one is last year's latest changes only with a
  // review (the "reports" counter): every page of the report form reads these, so they are kept.
  // A new Map per call; the answers in it are frozen (shared between requests).
  const kept = await cachedUntilChange(
    db,
    ["reports", "catalogue", "figures"],
    `previous-accepted:${args.organisationId}:${args.year}`,
    () => readPreviousAccepted(db, args),
  );
  return new Map(kept);
}

async function readPreviousAccepted(
  db: Executor,
  args: { organisationId: number; year: number },
): Promise<readonly (readonly [string, Answer])[]> {
  const rows = await db
    // Last year's counted accepted version (counted-version.server.ts), its answers by this year's codes.
    .with("prev_version", () =>
      countedVersionsOfOrganisation(db, { organisationId: args.organisationId, basis: "geaccepteerd" }).where("r.year", "=", args.year - 1),
    )
    .selectFrom("indicator as cur")
    .innerJoin("indicator as prev", "prev.id", "cur.continues_from_id")
    .innerJoin("report_value as rv", "rv.indicator_id", "prev.id")
    .innerJoin("prev_version as pv", "pv.version_id", "rv.version_id")
    .select(["cur.code", "rv.state", "rv.number_value", "rv.text_value"])
    .where("cur.year", "=", args.year)
    .execute();
  return rows.map(
    (r) =>
      [r.code, Object.freeze({ state: r.state, number: r.number_value, text: r.text_value, explanation: null, prefilled: false })] as const,
  );
}

/**
 * The plan a report version is read against: for a submitted version the plan version in force
 * when it was submitted (for ever), for a draft the plan that counts now (the latest accepted
 * version, else the latest submitted).
 */
export async function planVersionOfReport(db: Executor, args: { organisationId: number; versionId: number }) {
  const version = await db
    .selectFrom("report_version as rv")
    .leftJoin("action_plan_version as v", "v.id", "rv.plan_version_id")
    .select(["rv.status as report_status", "v.id", "v.number", "v.status"])
    .where("rv.id", "=", args.versionId)
    .executeTakeFirst();
  if (version && version.report_status !== "draft")
    // Submitted without a plan in force: it stays without one, whatever plan comes later.
    return version.id !== null && version.number !== null && version.status !== null
      ? { id: version.id, number: version.number, status: version.status }
      : undefined;
  return getCountingPlanVersion(db, { organisationId: args.organisationId });
}

/** The actions of the plan the version is read against, with this version's progress on each (by the action's lineage). */
export async function loadProgress(db: Executor, args: { organisationId: number; versionId: number }) {
  const planVersion = await planVersionOfReport(db, args);
  if (!planVersion) return { planVersion: null, items: [], targets: [] };
  const items = await db
    .selectFrom("action_plan_action as a")
    .leftJoin("report_action_progress as rp", (j) =>
      j.onRef("rp.action_lineage_id", "=", "a.lineage_id").on("rp.version_id", "=", args.versionId),
    )
    .select(["a.lineage_id", "a.title", "a.themes", "a.planned_year", "a.planned_quarter", "rp.status", "rp.note"])
    .where("a.version_id", "=", planVersion.id)
    .orderBy("a.position")
    .execute();
  const targets = await listPlanTargets(db, { versionId: planVersion.id });
  return { planVersion, items, targets };
}

// Writing -----------------------------------------------------------------------------------

async function audit(
  trx: Executor,
  actor: Actor,
  organisationId: number | null,
  action: AuditAction,
  versionId: number,
  detail: Record<string, unknown>,
) {
  await recordAuditEvent(trx, {
    action,
    userId: actor.userId,
    userEmail: actor.email,
    actingOrganisationId: organisationId,
    objectType: "report_version",
    objectId: versionId,
    ip: actor.ip,
    detail,
  });
}

/** Opens a year's report (version 1, a draft) once the reporting year has opened. */
export async function startReport(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; today?: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const allowed = (await getOrganisationAccess(trx, { userId: args.actor.userId, organisationId: args.organisationId })) === "write";
    const year = await trx.selectFrom("reporting_year").selectAll().where("year", "=", args.year).executeTakeFirst();
    if (!allowed || !year) throw new ReportNotFoundError();
    if ((args.today ?? todayInNL()) < year.opens_at)
      throw new ReportTransitionError(`De rapportage over ${args.year} is nog niet geopend.`);
    const existing = await trx
      .selectFrom("report")
      .select("id")
      .where("organisation_id", "=", args.organisationId)
      .where("year", "=", args.year)
      .executeTakeFirst();
    if (existing) throw new ReportTransitionError("Deze rapportage bestaat al.");
    const now = nowIso();
    const report = await trx
      .insertInto("report")
      .values({ organisation_id: args.organisationId, year: args.year, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("report_version")
      .values({
        report_id: report.id,
        number: 1,
        status: "draft",
        created_at: now,
        created_by: args.actor.userId,
        updated_at: now,
        updated_by: args.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, args.actor, args.organisationId, "report.started", version.id, { year: args.year, version: 1 });
  });
}

type Draft = { versionId: number; number: number; reportId: number };
type ReportScope = { organisationId: number; year: number };

/** An organisation's report over a year as a versioned document (document-workflow.server.ts). */
const REPORT: VersionedDocument<ReportScope> = {
  kind: "report",
  table: "report_version",
  auditPrefix: "report",
  versions: (trx, scope, { writerId }) =>
    trx
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .select(["v.id", "v.number", "v.status", "v.lock_version", "v.report_id as parent_id", "v.submitted_at"])
      .where("r.organisation_id", "=", scope.organisationId)
      .where("r.year", "=", scope.year)
      .$if(writerId !== undefined, (q) => q.where("r.organisation_id", "in", writableOrganisationIds(trx, writerId!)))
      .orderBy("v.number", "desc")
      .execute(),
  auditDetail: (scope) => ({ year: scope.year }),
  errors: { NotFound: ReportNotFoundError, Conflict: ReportConflictError, Transition: ReportTransitionError },
  refused: {
    submit: "Deze rapportage is al ingediend.",
    revise: "Alleen een teruggestuurde rapportage kan opnieuw worden bewerkt.",
    reopen: "Alleen de laatste, geaccepteerde versie kan worden heropend.",
    questionsOpen:
      "Er zijn nog vragen over waarden in deze rapportage die niet zijn afgesloten. Sluit die vragen eerst, of stuur de rapportage terug.",
    questionsOpenTogether: "Er staan vragen open over waarden in deze rapportage. Beoordeel haar apart.",
  },
  copy: copyReportVersion,
  async checkForSubmit(trx, scope, draft) {
    const { problems } = await assessVersion(trx, { ...scope, versionId: draft.id });
    if (problems.length) throw new ReportIncompleteError(problems);
  },
  async onSubmit(trx, { scope, draft, now, today }) {
    // The plan in force now is the plan this version is read against for ever (plan lineage, #21).
    // And the questions as they are now are the ones it is shown and checked with for ever (catalogue revisions).
    const plan = await getCountingPlanVersion(trx, { organisationId: scope.organisationId });
    await trx
      .updateTable("report_version")
      .set({ plan_version_id: plan?.id ?? null, catalogue_revision: await currentCatalogueRevision(trx) })
      .where("id", "=", draft.id)
      .execute();
    // Late only for an organisation expected to report over the year (not an umbrella, signed by
    // the year's end), after its own due date (an extension replaces the year's).
    const organisation = await trx
      .selectFrom("organisation")
      .select(["kind", "active", "signed_at"])
      .where("id", "=", scope.organisationId)
      .executeTakeFirstOrThrow();
    const dueAt = await dueDateFor(trx, scope);
    const late = isExpected(organisation) && isInScope(organisation, scope.year) && dueAt !== null && (today ?? todayInNL()) > dueAt;
    // A simulated day (seeds, tests) is also the day of the submission: lateness is read from it.
    const submittedAt = today ? new Date(Date.parse(startOfDayInNL(today)) + 12 * 3600_000).toISOString() : now;
    return { submittedAt, late, detail: { late } };
  },
  afterSubmit: (trx, draft) => keepVersionFigures(trx, [draft.id]),
  async notifyReview(trx, { scope, decision, reason, questions, origin }) {
    await notifyReview(trx, {
      kind: "report",
      decision,
      organisationId: scope.organisationId,
      year: scope.year,
      reason,
      questions,
      origin,
    });
  },
  async questionItem(trx, scope, version, target, item) {
    if (target === "answer") {
      // The questions this version is shown and checked with (its catalogue revision).
      const indicators = await versionIndicators(trx, { year: scope.year, versionId: version.id });
      return indicators.find((i) => i.code === item)?.label ?? null;
    }
    if (target === "action") {
      const { items } = await loadProgress(trx, { organisationId: scope.organisationId, versionId: version.id });
      const action = items.find((i) => String(i.lineage_id) === item);
      return action ? `Actie: ${action.title}` : null;
    }
    return null;
  },
};

/** Runs a change on the draft: write access, a draft, the right lock version; bumps the lock and audits. */
function changeDraft(
  db: Executor,
  args: {
    actor: Actor;
    organisationId: number;
    year: number;
    lockVersion: number;
    action: AuditAction;
    detail?: Record<string, unknown>;
    changes?: FieldChange[];
  },
  change: (trx: Executor, draft: Draft) => Promise<void | boolean>,
): Promise<number> {
  const { organisationId, year, action, ...rest } = args;
  return changeWorkflowDraft(
    REPORT,
    db,
    { ...rest, scope: { organisationId, year }, action: action.replace(/^report\./, "") },
    (trx, draft) => change(trx, { versionId: draft.id, number: draft.number, reportId: draft.parent_id }),
  );
}

const same = (a: Answer, b: { state: string; number_value: number | null; text_value: string | null; explanation: string | null }) =>
  a.state === b.state && a.number === b.number_value && a.text === b.text_value && (a.explanation ?? null) === (b.explanation ?? null);

/**
 * Saves the answers of the given questions (null = not answered). An unchanged answer keeps its
 * provenance; a changed one records who entered it and when. Saving confirms pre-filled values.
 * A save that changes nothing leaves the lock version as it was.
 */
export async function saveAnswers(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; lockVersion: number; answers: Map<number, Answer | null>; section: string },
): Promise<number> {
  const changes: FieldChange[] = [];
  return changeDraft(
    db,
    { ...args, action: "report.saved", detail: { section: args.section, answers: args.answers.size }, changes },
    async (trx, draft) => (await writeAnswers(trx, args.actor, draft.versionId, args.answers, false, changes)) > 0,
  );
}

/** An answer as the values' history records it. */
function answerRecord(a: { state: string; number: number | null; text: string | null; explanation: string | null }) {
  return { state: a.state, number: a.number, text: a.text, explanation: a.explanation ?? null };
}

/** Writes the answers that differ from the stored ones; returns how many rows it changed. */
async function writeAnswers(
  trx: Executor,
  actor: Actor,
  versionId: number,
  answers: Map<number, Answer | null>,
  prefilled: boolean,
  changes: FieldChange[],
): Promise<number> {
  const ids = [...answers.keys()];
  if (ids.length === 0) return 0;
  let written = 0;
  const existing = await trx
    .selectFrom("report_value")
    .selectAll()
    .where("version_id", "=", versionId)
    .where("indicator_id", "in", ids)
    .execute();
  const now = nowIso();
  for (const [indicatorId, answer] of answers) {
    const old = existing.find((e) => e.indicator_id === indicatorId);
    const before = old
      ? answerRecord({ state: old.state, number: old.number_value, text: old.text_value, explanation: old.explanation })
      : null;
    if (!answer) {
      if (old) {
        await trx.deleteFrom("report_value").where("version_id", "=", versionId).where("indicator_id", "=", indicatorId).execute();
        changes.push({ subject: "answer", indicatorId, field: "antwoord", before, after: null });
        written++;
      }
      continue;
    }
    if (old && same(answer, old)) {
      if (old.prefilled && !prefilled) {
        written++;
        await trx
          .updateTable("report_value")
          .set({ prefilled: 0 })
          .where("version_id", "=", versionId)
          .where("indicator_id", "=", indicatorId)
          .execute();
      }
      continue;
    }
    const row = {
      state: answer.state,
      number_value: answer.number,
      text_value: answer.text,
      explanation: answer.explanation,
      prefilled: prefilled ? 1 : 0,
      entered_by: actor.userId,
      entered_at: now,
    };
    await trx
      .insertInto("report_value")
      .values({ version_id: versionId, indicator_id: indicatorId, ...row })
      .onConflict((oc) => oc.columns(["version_id", "indicator_id"]).doUpdateSet(row))
      .execute();
    changes.push({ subject: "answer", indicatorId, field: "antwoord", before, after: answerRecord(answer) });
    written++;
  }
  return written;
}

/** "Use last year's values": fills a section's questions from last year's accepted report, marked as pre-filled. */
export async function prefillSection(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; lockVersion: number; section: ReportSection },
): Promise<{ lockVersion: number; filled: number }> {
  let filled = 0;
  const changes: FieldChange[] = [];
  const lockVersion = await changeDraft(
    db,
    { ...args, action: "report.prefilled", detail: { section: args.section }, changes },
    async (trx, draft) => {
      const previous = await loadPreviousAccepted(trx, { organisationId: args.organisationId, year: args.year });
      const indicators = (await listIndicators(trx, { year: args.year })).filter((i) => i.section === args.section && previous.has(i.code));
      const answers = new Map(indicators.map((i) => [i.id, { ...previous.get(i.code)!, explanation: null, prefilled: true }]));
      filled = answers.size;
      return (await writeAnswers(trx, args.actor, draft.versionId, answers, true, changes)) > 0;
    },
  );
  return { lockVersion, filled };
}

/**
 * Saves the progress of the given actions of the plan; an action whose status and note are as
 * stored is not written, and a save that changes nothing leaves the lock version as it was.
 */
export async function saveProgress(
  db: Executor,
  args: {
    actor: Actor;
    organisationId: number;
    year: number;
    lockVersion: number;
    progress: { lineageId: number; status: ProgressStatus | null; note: string | null }[];
  },
): Promise<number> {
  const changes: FieldChange[] = [];
  return changeDraft(db, { ...args, action: "report.saved", detail: { section: "voortgang" }, changes }, async (trx, draft) => {
    const { items } = await loadProgress(trx, { organisationId: args.organisationId, versionId: draft.versionId });
    const now = nowIso();
    let written = 0;
    for (const p of args.progress) {
      const item = items.find((i) => i.lineage_id === p.lineageId);
      if (!item) throw new ReportNotFoundError();
      if ((item.status ?? null) === p.status && (item.note ?? null) === p.note) continue;
      changes.push(
        ...changedFields(
          { stand: item.status ?? null, toelichting: item.note ?? null },
          { stand: p.status, toelichting: p.note },
          ["stand", "toelichting"],
          { subject: "progress", item: String(p.lineageId) },
        ),
      );
      const row = { status: p.status, note: p.note, entered_by: args.actor.userId, entered_at: now };
      await trx
        .insertInto("report_action_progress")
        .values({ version_id: draft.versionId, action_lineage_id: p.lineageId, ...row })
        .onConflict((oc) => oc.columns(["version_id", "action_lineage_id"]).doUpdateSet(row))
        .execute();
      written++;
    }
    return written > 0;
  });
}

/** Everything the check page and the submission need to judge a version. */
/** A version's questions, its answers and last year's accepted answers: what a section page shows. */
/** The questions a version is shown and checked with: for a submitted version, as they were when it was submitted. */
export async function versionIndicators(db: Executor, args: { year: number; versionId: number }) {
  const version = await db.selectFrom("report_version").select("catalogue_revision").where("id", "=", args.versionId).executeTakeFirst();
  return listIndicatorsAsOf(db, { year: args.year, revision: version?.catalogue_revision ?? null });
}

export async function loadVersionAnswers(db: Executor, args: { organisationId: number; year: number; versionId: number }) {
  const indicators = await versionIndicators(db, args);
  const answers = await loadAnswers(db, { versionId: args.versionId });
  const previous = await loadPreviousAccepted(db, { organisationId: args.organisationId, year: args.year });
  return { indicators, answers, previous };
}

/** The same with the plan's progress, and what still stops the version from being submitted. */
export async function assessVersion(db: Executor, args: { organisationId: number; year: number; versionId: number }) {
  const { indicators, answers, previous } = await loadVersionAnswers(db, args);
  const progress = await loadProgress(db, { organisationId: args.organisationId, versionId: args.versionId });
  const input = {
    indicators,
    answers: answers as Map<string, Answer | null>,
    previous: previous as Map<string, Answer | null>,
    progress: progress.items.map((i) => ({ lineage_id: i.lineage_id, title: i.title, status: i.status })),
  };
  return { indicators, answers, previous, progress, input, problems: checkReportForSubmit(input) };
}

export async function submitReport(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; lockVersion: number; today?: string },
): Promise<{ late: boolean }> {
  const { organisationId, year, ...rest } = args;
  return submitDocument(REPORT, db, { ...rest, scope: { organisationId, year } });
}

/** Copies a version's answers and progress into a new draft version (with the reason when the ministry reopened it). */
async function copyReportVersion(
  trx: Executor,
  args: { actor: Actor; from: VersionRef; reopenReason: string | null; now: string },
): Promise<number> {
  const created = await trx
    .insertInto("report_version")
    .values({
      report_id: args.from.parent_id,
      number: args.from.number + 1,
      status: "draft",
      reopen_reason: args.reopenReason,
      created_at: args.now,
      created_by: args.actor.userId,
      updated_at: args.now,
      updated_by: args.actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into report_value (version_id, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at)
    select ${created.id}, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at from report_value where version_id = ${args.from.id}`.execute(
    trx,
  );
  await sql`insert into report_action_progress (version_id, action_lineage_id, status, note, entered_by, entered_at)
    select ${created.id}, action_lineage_id, status, note, entered_by, entered_at from report_action_progress where version_id = ${args.from.id}`.execute(
    trx,
  );
  return created.id;
}

/** The newest submitted version of a report before version `number` (what a resubmission is compared with), or undefined. */
export async function previousSubmittedVersion(db: Executor, args: { organisationId: number; year: number; number: number }) {
  return db
    .selectFrom("report_version as v")
    .innerJoin("report as r", "r.id", "v.report_id")
    .select(["v.id", "v.number"])
    .where("r.organisation_id", "=", args.organisationId)
    .where("r.year", "=", args.year)
    .where("v.number", "<", args.number)
    .where("v.submitted_at", "is not", null)
    .orderBy("v.number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** After a return, the organisation starts the next version from the returned one. */
export async function reviseReport(db: Executor, args: { actor: Actor; organisationId: number; year: number }): Promise<number> {
  return reviseDocument(REPORT, db, { actor: args.actor, scope: { organisationId: args.organisationId, year: args.year } });
}

export type { ReviewDecision } from "~/models/document-workflow.server";

/** The ministry accepts or returns a submitted version, or reopens an accepted one (a new draft). */
export async function reviewReport(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; versionNumber: number; origin?: string } & ReviewDecision,
): Promise<void> {
  const { organisationId, year, ...rest } = args;
  await reviewDocument(REPORT, db, { ...rest, scope: { organisationId, year } });
}

// Questions on single values ---------------------------------------------------------------

/** What a question on a report is about: a question's answer (its code) or an action's stand (its lineage). */
export type ReportQuestionItem = { target: "answer" | "action"; item: string };

/** The ministry asks about one value of the version waiting for review. */
export function askReportQuestion(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; versionNumber: number; text: string; followUp: boolean } & ReportQuestionItem,
): Promise<number> {
  const { organisationId, year, ...rest } = args;
  return askQuestion(REPORT, db, { ...rest, scope: { organisationId, year } });
}

/** The organisation answers a question on its report (a user who may write for it). */
export function answerReportQuestion(
  db: Executor,
  args: { actor: Actor; organisationId: number; year: number; questionId: number; answer: string; seen?: string | null },
): Promise<void> {
  const { organisationId, year, ...rest } = args;
  return answerDocumentQuestion(REPORT, db, { ...rest, scope: { organisationId, year } });
}

/** The ministry closes a question on a report. */
export function closeReportQuestion(db: Executor, args: { actor: Actor; organisationId: number; year: number; questionId: number }) {
  const { organisationId, year, ...rest } = args;
  return closeDocumentQuestion(REPORT, db, { ...rest, scope: { organisationId, year } });
}

// Accepting several reports at once ---------------------------------------------------------

export type { BulkCandidate, BulkChoice } from "~/models/document-workflow.server";

/**
 * Checks chosen reports of a year for accepting together: each must still be the newest version
 * as it was shown, waiting for review, without a question on a value that is not closed, and
 * without a value that asks for an explanation (more than half off last year, or unusually
 * high): such a report is reviewed on its own page.
 * Unknown organisations and reports are left out.
 */
export function checkBulkAcceptance(db: Executor, args: { year: number; choices: BulkChoice[] }): Promise<BulkCandidate[]> {
  return checkBulkChoices(REPORT, db, {
    choices: args.choices,
    scopeOf: (organisationId) => ({ organisationId, year: args.year }),
    async problemOf(version, scope) {
      const { indicators, answers, previous } = await assessVersion(db, { ...scope, versionId: version.id });
      const deviations = deviationsOf(indicators, Object.fromEntries(answers), Object.fromEntries(previous));
      if (deviations.length === 0) return null;
      return `${deviations.length === 1 ? "1 waarde wijkt veel af van vorig jaar of is ongewoon hoog" : `${deviations.length} waarden wijken veel af van vorig jaar of zijn ongewoon hoog`}. Beoordeel deze rapportage apart.`;
    },
  });
}

// Lists -------------------------------------------------------------------------------------

export type ReportListItem = ReportState;

export type ReportListSort = "naam" | "status" | "ingediend";

/**
 * Every organisation in scope for a year with the state of its report (for the ministry): the
 * definitions of counted-version.server.ts (which organisations, lateness by their own due date).
 * `row`: a sector, or "koepel" for the umbrellas (without one: the five sectors). `sort`: by name
 * (the default); "status": what waits for review first, the longest waiting on top, then returned,
 * draft, not started, accepted (as the plans list); "ingediend": the newest submission first.
 */
export async function listReportsForYear(
  db: Executor,
  args: {
    year: number;
    row?: FigureGroup;
    status?: PlanStatus | "none";
    /** Only those whose due date passed without a submission, or only those with an extension. */
    deadline?: "passed" | "extended";
    sort?: ReportListSort;
    today?: string;
  },
): Promise<ReportListItem[]> {
  const rows = await reportStates(db, { year: args.year, today: args.today });
  const extended =
    args.deadline === "extended"
      ? new Set(
          (await db.selectFrom("deadline_extension").select("organisation_id").where("year", "=", args.year).execute()).map(
            (x) => x.organisation_id,
          ),
        )
      : null;
  const onDeadline = (r: ReportState) =>
    args.deadline === "passed" ? r.late && !r.submitted : extended ? extended.has(r.organisation_id) : true;
  // As the completeness table: without a row, the five sectors (umbrellas have their own row);
  // an umbrella is not expected to report, so it is listed only with a report it started.
  const inRow = (r: ReportState) => (args.row ? r.group === args.row : r.group !== "koepel") && (r.expected || r.status !== "none");
  const items = rows.filter((r) => inRow(r) && (!args.status || r.status === args.status) && onDeadline(r));
  const order: (PlanStatus | "none")[] = ["submitted", "returned", "draft", "none", "accepted"];
  const byName = (a: ReportListItem, b: ReportListItem) => a.name.localeCompare(b.name, "nl");
  const sorters: Record<ReportListSort, (a: ReportListItem, b: ReportListItem) => number> = {
    naam: byName,
    status: (a, b) =>
      order.indexOf(a.status) - order.indexOf(b.status) || (a.submitted_at ?? "").localeCompare(b.submitted_at ?? "") || byName(a, b),
    ingediend: (a, b) => (b.submitted_at ?? "").localeCompare(a.submitted_at ?? "") || byName(a, b),
  };
  return items.sort(sorters[args.sort ?? "naam"]);
}

/** The reports of an organisation the user may act for, per reporting year, with its own due date and lateness. */
export async function listReportsForOrganisation(db: Executor, args: { userId: number; organisationId: number; today?: string }) {
  const allowed = await db
    .selectFrom("organisation")
    .select("id")
    .where("id", "=", args.organisationId)
    .where("id", "in", actableOrganisationIds(db, args.userId))
    .executeTakeFirst();
  if (!allowed) return [];
  const [years, states] = await Promise.all([
    db.selectFrom("reporting_year").select(["year", "opens_at"]).execute(),
    reportStatesOfOrganisation(db, { organisationId: args.organisationId, today: args.today }),
  ]);
  return states
    .map((s) => ({
      year: s.year,
      opens_at: years.find((y) => y.year === s.year)!.opens_at,
      due_at: s.due_at,
      status: s.status === "none" ? null : s.status,
      version: s.number,
      submitted: s.submitted,
      late: s.late,
    }))
    .sort((a, b) => b.year - a.year);
}
