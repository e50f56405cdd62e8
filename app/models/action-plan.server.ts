import type { AuditAction } from "~/models/audit.labels";
import type { FieldChange } from "~/models/audit.server";
import { sql } from "kysely";
import { actableOrganisationIds, actableOrganisationIn, getOrganisationAccess, writableOrganisationIds } from "~/models/access.server";
import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import { inTransaction } from "~/database/connection.server";
import type { ActionPlanVersion, PlanStatus, Sector, ThemeCode } from "~/database/types";
import {
  checkPlanForSubmit,
  periodYears,
  type ActionInput,
  type GeneralInput,
  type PlanDocument,
  type ResourcesInput,
  type SubmitProblem,
  type ThemesInput,
} from "~/models/action-plan.schema";
import { recordAuditEvent } from "~/models/audit.server";
import { ACTION_STATUS_LABELS } from "~/models/action-plan.labels";
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
  type VersionedDocument,
  type VersionRef,
} from "~/models/document-workflow.server";
import { notifyReview } from "~/models/notification.server";
import { CRITERIA_LABELS, THEME_CODES, THEME_NAMES } from "~/models/theme";
import { listQuestions, type ReviewQuestion } from "~/models/review-question.server";
import { nowIso, todayInNL } from "~/utils/time";

/** Who does something, for the audit trail. */
export type { Actor } from "~/models/document-workflow.server";

/** The draft changed since the user loaded it (optimistic lock). */
export class PlanConflictError extends Error {
  constructor() {
    super("plan draft changed since it was loaded");
  }
}
/** The plan (or draft, or version) is not there for this user: the route answers 404. */
export class PlanNotFoundError extends Error {
  constructor() {
    super("plan not found");
  }
}
/** The status change is not allowed from the current status. */
export class PlanTransitionError extends Error {}
/** Submitting an incomplete plan. */
export class PlanIncompleteError extends Error {
  constructor(public problems: SubmitProblem[]) {
    super("plan incomplete");
  }
}

export type VersionSummary = Pick<
  ActionPlanVersion,
  "id" | "number" | "status" | "lock_version" | "updated_at" | "submitted_at" | "reviewed_at" | "return_reason" | "reopen_reason"
> & { updated_by_name: string | null; submitted_by_name: string | null; reviewed_by_name: string | null };

export type PlanOverview = {
  planId: number;
  organisationId: number;
  versions: VersionSummary[];
  latest: VersionSummary;
  draft: VersionSummary | null;
};

// Reading ---------------------------------------------------------------------------------

async function loadOverview(db: Executor, planId: number, organisationId: number): Promise<PlanOverview> {
  const versions = await planVersionsQuery.all(db, { planId });
  return {
    planId,
    organisationId,
    versions,
    latest: versions[0]!,
    draft: versions.find((v) => v.status === "draft") ?? null,
  };
}

// The queries behind the organisation's home and every plan page: prepared once (see db/prepared.server.ts).
const planVersionsQuery = prepared((db, args: { planId: number }) =>
  db
    .selectFrom("action_plan_version as v")
    .leftJoin("user as uu", "uu.id", "v.updated_by")
    .leftJoin("user as su", "su.id", "v.submitted_by")
    .leftJoin("user as ru", "ru.id", "v.reviewed_by")
    .select([
      "v.id",
      "v.number",
      "v.status",
      "v.lock_version",
      "v.updated_at",
      "v.submitted_at",
      "v.reviewed_at",
      "v.return_reason",
      "v.reopen_reason",
      "uu.name as updated_by_name",
      "su.name as submitted_by_name",
      "ru.name as reviewed_by_name",
    ])
    .where("v.plan_id", "=", args.planId)
    .orderBy("v.number", "desc"),
);
const actablePlanQuery = prepared((db, args: { userId: number; organisationId: number }) =>
  db
    .selectFrom("action_plan")
    .select(["id", "organisation_id"])
    .where("organisation_id", "=", args.organisationId)
    .where(actableOrganisationIn(args.userId, "action_plan.organisation_id")),
);

/** The plan of an organisation the user may act for, or null (no plan yet, or not theirs). */
export async function getPlanOverview(db: Executor, args: { userId: number; organisationId: number }): Promise<PlanOverview | null> {
  const plan = await actablePlanQuery.first(db, args);
  return plan ? loadOverview(db, plan.id, plan.organisation_id) : null;
}

/** For the ministry, who reads every plan (the audience guard has checked the role). */
export async function getPlanOverviewForReview(db: Executor, args: { organisationId: number }): Promise<PlanOverview | null> {
  const plan = await db
    .selectFrom("action_plan")
    .select(["id", "organisation_id"])
    .where("organisation_id", "=", args.organisationId)
    .executeTakeFirst();
  return plan ? loadOverview(db, plan.id, plan.organisation_id) : null;
}

/** A whole version as one document. */
export async function loadPlanDocument(db: Executor, args: { versionId: number }): Promise<PlanDocument> {
  const v = await db.selectFrom("action_plan_version").selectAll().where("id", "=", args.versionId).executeTakeFirstOrThrow();
  const themes = await db.selectFrom("action_plan_theme").selectAll().where("version_id", "=", v.id).execute();
  const targets = await db.selectFrom("action_plan_target").selectAll().where("version_id", "=", v.id).execute();
  const actions = await db.selectFrom("action_plan_action").selectAll().where("version_id", "=", v.id).orderBy("position").execute();
  return {
    periodStartYear: v.period_start_year,
    periodEndYear: v.period_end_year,
    adoptedState: v.adopted_state,
    adoptedOn: v.adopted_on,
    publishedUrl: v.published_url,
    file: v.file_sha256 && v.file_name && v.file_size != null ? { name: v.file_name, sha256: v.file_sha256, size: v.file_size } : null,
    themes: THEME_CODES.map((code) => {
      const t = themes.find((x) => x.theme === code);
      return {
        theme: code,
        chosen: t?.chosen === 1,
        currentStep: t?.current_step ?? null,
        criteriaLevel: t?.criteria_level ?? null,
        ambition: t?.ambition ?? null,
        targets: Object.fromEntries(targets.filter((x) => x.theme === code).map((x) => [x.year, x.target_step])),
      };
    }),
    actions: actions.map((a) => ({
      id: a.id,
      lineageId: a.lineage_id,
      position: a.position,
      title: a.title,
      themes: JSON.parse(a.themes) as ThemeCode[],
      owner: a.owner,
      plannedYear: a.planned_year,
      plannedQuarter: a.planned_quarter,
      status: a.status,
    })),
    budgetEur: v.budget_eur,
    staffFte: v.staff_fte,
  };
}

/** The stored PDF of a version the user may read (signatory rule), or null. */
export async function getPlanFile(
  db: Executor,
  args: { userId: number | null; organisationId: number; versionNumber: number },
): Promise<{ name: string; sha256: string; size: number } | null> {
  let query = db
    .selectFrom("action_plan_version as v")
    .innerJoin("action_plan as p", "p.id", "v.plan_id")
    .select(["v.file_name", "v.file_sha256", "v.file_size"])
    .where("p.organisation_id", "=", args.organisationId)
    .where("v.number", "=", args.versionNumber);
  // userId null: the ministry, whose role the audience guard has checked.
  if (args.userId !== null) query = query.where("p.organisation_id", "in", actableOrganisationIds(db, args.userId));
  const row = await query.executeTakeFirst();
  return row?.file_name && row.file_sha256 && row.file_size != null
    ? { name: row.file_name, sha256: row.file_sha256, size: row.file_size }
    : null;
}

/** The plan version that counts for reporting: the newest accepted one, else the newest submitted one. */
export async function getCountingPlanVersion(db: Executor, args: { organisationId: number }) {
  return db
    .selectFrom("action_plan_version as v")
    .innerJoin("action_plan as p", "p.id", "v.plan_id")
    .select(["v.id", "v.number", "v.status"])
    .where("p.organisation_id", "=", args.organisationId)
    .where("v.status", "in", ["accepted", "submitted"])
    .orderBy(sql`case v.status when 'accepted' then 0 else 1 end`)
    .orderBy("v.number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** A version's target step per chosen theme and year. */
export async function listPlanTargets(db: Executor, args: { versionId: number }) {
  return db
    .selectFrom("action_plan_target as t")
    .innerJoin("action_plan_theme as th", (j) => j.onRef("th.version_id", "=", "t.version_id").onRef("th.theme", "=", "t.theme"))
    .select(["t.theme", "t.year", "t.target_step"])
    .where("t.version_id", "=", args.versionId)
    .where("th.chosen", "=", 1)
    .execute();
}

// Writing a draft ---------------------------------------------------------------------------

type DraftContext = { versionId: number; planId: number; number: number };

/** The organisation's action plan as a versioned document (document-workflow.server.ts). */
const PLAN: VersionedDocument<{ organisationId: number }> = {
  kind: "plan",
  table: "action_plan_version",
  auditPrefix: "action_plan",
  versions: (trx, scope, { writerId }) =>
    trx
      .selectFrom("action_plan_version as v")
      .innerJoin("action_plan as p", "p.id", "v.plan_id")
      .select(["v.id", "v.number", "v.status", "v.lock_version", "v.plan_id as parent_id", "v.submitted_at"])
      .where("p.organisation_id", "=", scope.organisationId)
      .$if(writerId !== undefined, (q) => q.where("p.organisation_id", "in", writableOrganisationIds(trx, writerId!)))
      .orderBy("v.number", "desc")
      .execute(),
  auditDetail: () => ({}),
  errors: { NotFound: PlanNotFoundError, Conflict: PlanConflictError, Transition: PlanTransitionError },
  refused: {
    submit: "Dit plan is al ingediend.",
    revise: "Er is al een concept van dit plan.",
    reopen: "Alleen de nieuwste, geaccepteerde versie kan worden heropend.",
    questionsOpen: "Er zijn nog vragen over dit actieplan die niet zijn afgesloten. Sluit die vragen eerst, of stuur het plan terug.",
    questionsOpenTogether: "Er zijn vragen over dit plan die niet zijn afgesloten. Beoordeel het apart.",
  },
  copy: copyPlanVersion,
  async checkForSubmit(trx, _scope, draft) {
    const problems = checkPlanForSubmit(await loadPlanDocument(trx, { versionId: draft.id }));
    if (problems.length) throw new PlanIncompleteError(problems);
  },
  onSubmit: (_trx, { now }) => Promise.resolve({ submittedAt: now }),
  async notifyReview(trx, { scope, decision, reason, questions, origin }) {
    await notifyReview(trx, { kind: "plan", decision, organisationId: scope.organisationId, reason, questions, origin });
  },
  async questionItem(trx, _scope, version, target, item) {
    if (target === "theme") {
      const theme = await trx
        .selectFrom("action_plan_theme")
        .select("theme")
        .where("version_id", "=", version.id)
        .where("theme", "=", item as ThemeCode)
        .where("chosen", "=", 1)
        .executeTakeFirst();
      return theme ? `Thema: ${THEME_NAMES[theme.theme]}` : null;
    }
    if (target === "action") {
      const lineage = Number(item);
      if (!Number.isSafeInteger(lineage)) return null;
      const action = await trx
        .selectFrom("action_plan_action")
        .select("title")
        .where("version_id", "=", version.id)
        .where("lineage_id", "=", lineage)
        .executeTakeFirst();
      return action ? `Actie: ${action.title}` : null;
    }
    return null;
  },
};

/** A reviewer's question on a plan as its pages show it: what it is about, and the value when asked and now. */
export type PlanQuestionView = ReviewQuestion & { about: string; before: string; after: string; shownNumber: number };

/** A theme's or an action's content in one line, to set the value when asked beside the value now. */
function planItemText(doc: PlanDocument, target: string, item: string): string | null {
  if (target === "theme") {
    const t = doc.themes.find((x) => x.theme === item && x.chosen);
    if (!t) return null;
    return [
      t.currentStep !== null ? `Huidige stap ${t.currentStep}` : null,
      t.criteriaLevel ? `Criteria: ${CRITERIA_LABELS[t.criteriaLevel]}` : null,
      Object.keys(t.targets).length
        ? `Doelen: ${Object.entries(t.targets)
            .map(([year, step]) => `${year} stap ${step}`)
            .join(", ")}`
        : null,
      t.ambition ? `Ambitie: ${t.ambition}` : null,
    ]
      .filter(Boolean)
      .join(" · ");
  }
  const a = doc.actions.find((x) => String(x.lineageId) === item);
  if (!a) return null;
  return [
    a.title,
    ACTION_STATUS_LABELS[a.status],
    a.plannedYear ? `gepland ${a.plannedQuarter ? `kwartaal ${a.plannedQuarter} ` : ""}${a.plannedYear}` : null,
    a.owner ? `trekker: ${a.owner}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Every question on a plan (up to the version on screen, for the ministry), with the theme or action when asked and now. */
export async function loadPlanQuestions(
  db: Executor,
  args: {
    planId: number;
    versions: readonly { id: number; number: number }[];
    shown: { id: number; number: number };
    upToVersion?: number;
  },
): Promise<PlanQuestionView[]> {
  const questions = await listQuestions(db, { document: "plan", documentId: args.planId, upToVersion: args.upToVersion });
  if (questions.length === 0) return [];
  const docs = new Map<number, Promise<PlanDocument>>();
  const docOf = (versionId: number) => {
    if (!docs.has(versionId)) docs.set(versionId, loadPlanDocument(db, { versionId }));
    return docs.get(versionId)!;
  };
  const out: PlanQuestionView[] = [];
  for (const q of questions) {
    const askedId = args.versions.find((v) => v.number === q.versionNumber)?.id ?? args.shown.id;
    const [then, now] = await Promise.all([docOf(askedId), docOf(args.shown.id)]);
    const about =
      q.target === "theme"
        ? `Thema: ${THEME_NAMES[q.item as ThemeCode] ?? "onbekend thema"}`
        : `Actie: ${(now.actions.find((a) => String(a.lineageId) === q.item) ?? then.actions.find((a) => String(a.lineageId) === q.item))?.title ?? "een actie"}`;
    out.push({
      ...q,
      about,
      before: planItemText(then, q.target, q.item) ?? "niet in deze versie",
      after: planItemText(now, q.target, q.item) ?? "niet meer in het plan",
      shownNumber: args.shown.number,
    });
  }
  return out;
}

/** Checks chosen plans for accepting together (the checks of checkBulkChoices; a plan has no others). */
export function checkBulkPlanAcceptance(db: Executor, args: { choices: BulkChoice[] }): Promise<BulkCandidate[]> {
  return checkBulkChoices(PLAN, db, { choices: args.choices, scopeOf: (organisationId) => ({ organisationId }) });
}

/** What a question on a plan is about: a chosen theme (its code) or an action (its lineage). */
export type PlanQuestionItem = { target: "theme" | "action"; item: string };

/** The ministry asks about one theme or action of the plan version waiting for review. */
export function askPlanQuestion(
  db: Executor,
  args: { actor: Actor; organisationId: number; versionNumber: number; text: string; followUp: boolean } & PlanQuestionItem,
): Promise<number> {
  const { organisationId, ...rest } = args;
  return askQuestion(PLAN, db, { ...rest, scope: { organisationId } });
}

/** The organisation answers a question on its plan (a user who may write for it). */
export function answerPlanQuestion(
  db: Executor,
  args: { actor: Actor; organisationId: number; questionId: number; answer: string; seen?: string | null },
) {
  const { organisationId, ...rest } = args;
  return answerDocumentQuestion(PLAN, db, { ...rest, scope: { organisationId } });
}

/** The ministry closes a question on a plan. */
export function closePlanQuestion(db: Executor, args: { actor: Actor; organisationId: number; questionId: number }) {
  const { organisationId, ...rest } = args;
  return closeDocumentQuestion(PLAN, db, { ...rest, scope: { organisationId } });
}

/**
 * Runs `change` on the organisation's draft in one transaction: checks that the user may write
 * for the organisation, that there is a draft, and that it is still at `lockVersion`; bumps the
 * lock and writes the audit event. Returns the new lock version.
 */
function changeDraft(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; action: AuditAction; detail?: Record<string, unknown> },
  change: (trx: Executor, draft: DraftContext) => Promise<void>,
): Promise<number> {
  const { organisationId, action, ...rest } = args;
  // Every change to a draft plan, whichever form or step made it, is recorded field by field:
  // the draft as read before and after the change, compared (the values' history).
  const changes: FieldChange[] = [];
  return changeWorkflowDraft(
    PLAN,
    db,
    { ...rest, scope: { organisationId }, action: action.replace(/^action_plan\./, ""), changes },
    async (trx, draft) => {
      const before = await planSnapshot(trx, draft.id);
      await change(trx, { versionId: draft.id, planId: draft.parent_id, number: draft.number });
      changes.push(...diffPlanSnapshots(before, await planSnapshot(trx, draft.id)));
    },
  );
}

/** A plan version as flat fields: subject, item (theme code or action lineage), field → value. */
type PlanSnapshot = Map<string, { subject: "plan" | "theme" | "action"; item: string | null; field: string; value: unknown }>;

const PLAN_FIELDS = [
  "period_start_year",
  "period_end_year",
  "adopted_state",
  "adopted_on",
  "published_url",
  "file_name",
  "file_sha256",
  "budget_eur",
  "staff_fte",
] as const;
const THEME_FIELDS = ["chosen", "current_step", "criteria_level", "ambition"] as const;
const ACTION_FIELDS = ["title", "themes", "owner", "planned_year", "planned_quarter", "status", "position"] as const;

async function planSnapshot(trx: Executor, versionId: number): Promise<PlanSnapshot> {
  const [version, themes, targets, actions] = await Promise.all([
    trx.selectFrom("action_plan_version").select(PLAN_FIELDS).where("id", "=", versionId).executeTakeFirstOrThrow(),
    trx.selectFrom("action_plan_theme").selectAll().where("version_id", "=", versionId).execute(),
    trx.selectFrom("action_plan_target").selectAll().where("version_id", "=", versionId).execute(),
    trx.selectFrom("action_plan_action").selectAll().where("version_id", "=", versionId).execute(),
  ]);
  const out: PlanSnapshot = new Map();
  const put = (subject: "plan" | "theme" | "action", item: string | null, field: string, value: unknown) =>
    out.set(`${subject}|${item ?? ""}|${field}`, { subject, item, field, value: value ?? null });
  for (const f of PLAN_FIELDS) put("plan", null, f, version[f]);
  for (const t of themes) for (const f of THEME_FIELDS) put("theme", t.theme, f, t[f]);
  for (const t of targets) put("theme", t.theme, `target_${t.year}`, t.target_step);
  for (const a of actions)
    for (const f of ACTION_FIELDS) put("action", String(a.lineage_id), f, f === "themes" ? JSON.parse(a.themes) : a[f]);
  return out;
}

function diffPlanSnapshots(before: PlanSnapshot, after: PlanSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const was = b?.value ?? null;
    const is = a?.value ?? null;
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    const { subject, item, field } = (a ?? b)!;
    changes.push({ subject, item, field, before: was, after: is });
  }
  return changes;
}

export async function saveGeneral(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; values: GeneralInput },
): Promise<number> {
  const v = args.values;
  return changeDraft(db, { ...args, action: "action_plan.saved", detail: { section: "algemeen" } }, async (trx, draft) => {
    await trx
      .updateTable("action_plan_version")
      .set({
        period_start_year: v.periodStartYear ?? null,
        period_end_year: v.periodEndYear ?? null,
        adopted_state: v.adoptedState ?? null,
        adopted_on: v.adoptedState === "not_yet" ? null : (v.adoptedOn ?? null),
        published_url: v.publishedUrl ?? null,
      })
      .where("id", "=", draft.versionId)
      .execute();
    // Targets outside a shortened period no longer mean anything.
    const years = periodYears({ periodStartYear: v.periodStartYear ?? null, periodEndYear: v.periodEndYear ?? null });
    await trx
      .deleteFrom("action_plan_target")
      .where("version_id", "=", draft.versionId)
      .$if(years.length > 0, (q) => q.where("year", "not in", years))
      .execute();
  });
}

export async function setPlanFile(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; file: { name: string; sha256: string; size: number } | null },
): Promise<number> {
  return changeDraft(
    db,
    {
      ...args,
      action: args.file ? "action_plan.file_uploaded" : "action_plan.file_removed",
      detail: args.file ? { sha256: args.file.sha256, size: args.file.size } : {},
    },
    async (trx, draft) => {
      await trx
        .updateTable("action_plan_version")
        .set({ file_name: args.file?.name ?? null, file_sha256: args.file?.sha256 ?? null, file_size: args.file?.size ?? null })
        .where("id", "=", draft.versionId)
        .execute();
    },
  );
}

export async function saveThemes(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; values: ThemesInput },
): Promise<number> {
  return changeDraft(db, { ...args, action: "action_plan.saved", detail: { section: "themas" } }, async (trx, draft) => {
    const version = await trx
      .selectFrom("action_plan_version")
      .select(["period_start_year", "period_end_year"])
      .where("id", "=", draft.versionId)
      .executeTakeFirstOrThrow();
    const years = periodYears({ periodStartYear: version.period_start_year, periodEndYear: version.period_end_year });
    await trx.deleteFrom("action_plan_target").where("version_id", "=", draft.versionId).execute();
    await trx.deleteFrom("action_plan_theme").where("version_id", "=", draft.versionId).execute();
    for (const code of THEME_CODES) {
      const t = args.values.themes[code];
      await trx
        .insertInto("action_plan_theme")
        .values({
          version_id: draft.versionId,
          theme: code,
          chosen: t?.chosen ? 1 : 0,
          current_step: t?.currentStep ?? null,
          criteria_level: t?.criteriaLevel ?? null,
          ambition: t?.ambition?.trim() || null,
        })
        .execute();
      const targets = years.flatMap((year, i) => {
        const step = t?.targets?.[i];
        return step ? [{ version_id: draft.versionId, theme: code, year, target_step: step }] : [];
      });
      if (targets.length) await trx.insertInto("action_plan_target").values(targets).execute();
    }
  });
}

function actionRow(values: ActionInput) {
  return {
    title: values.title,
    themes: JSON.stringify(values.themes ?? []),
    owner: values.owner?.trim() || null,
    planned_year: values.plannedYear ?? null,
    planned_quarter: values.plannedQuarter ?? null,
    status: values.status,
  };
}

export async function addAction(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; values: ActionInput },
): Promise<number> {
  return changeDraft(db, { ...args, action: "action_plan.action_added", detail: { title: args.values.title } }, async (trx, draft) => {
    const last = await trx
      .selectFrom("action_plan_action")
      .select((eb) => eb.fn.max("position").as("max"))
      .where("version_id", "=", draft.versionId)
      .executeTakeFirst();
    // A new action starts its own lineage: its own id (kept by every later version's copy).
    const created = await trx
      .insertInto("action_plan_action")
      .values({ version_id: draft.versionId, lineage_id: 0, position: Number(last?.max ?? 0) + 1, ...actionRow(args.values) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("action_plan_action").set({ lineage_id: created.id }).where("id", "=", created.id).execute();
  });
}

async function requireDraftAction(trx: Executor, draft: DraftContext, actionId: number) {
  const action = await trx
    .selectFrom("action_plan_action")
    .select(["id", "position"])
    .where("id", "=", actionId)
    .where("version_id", "=", draft.versionId)
    .executeTakeFirst();
  if (!action) throw new PlanNotFoundError();
  return action;
}

export async function updateAction(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; actionId: number; values: ActionInput },
): Promise<number> {
  return changeDraft(db, { ...args, action: "action_plan.action_changed", detail: { action_id: args.actionId } }, async (trx, draft) => {
    await requireDraftAction(trx, draft, args.actionId);
    await trx.updateTable("action_plan_action").set(actionRow(args.values)).where("id", "=", args.actionId).execute();
  });
}

export async function removeAction(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; actionId: number },
): Promise<number> {
  return changeDraft(db, { ...args, action: "action_plan.action_removed", detail: { action_id: args.actionId } }, async (trx, draft) => {
    await requireDraftAction(trx, draft, args.actionId);
    await trx.deleteFrom("action_plan_action").where("id", "=", args.actionId).execute();
  });
}

/** Swaps the action with its neighbour above or below; at the top or bottom nothing moves. */
export async function moveAction(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; actionId: number; direction: "up" | "down" },
): Promise<number> {
  return changeDraft(
    db,
    { ...args, action: "action_plan.action_moved", detail: { action_id: args.actionId, direction: args.direction } },
    async (trx, draft) => {
      const action = await requireDraftAction(trx, draft, args.actionId);
      const neighbour = await trx
        .selectFrom("action_plan_action")
        .select(["id", "position"])
        .where("version_id", "=", draft.versionId)
        .where("position", args.direction === "up" ? "<" : ">", action.position)
        .orderBy("position", args.direction === "up" ? "desc" : "asc")
        .limit(1)
        .executeTakeFirst();
      if (!neighbour) return;
      await trx.updateTable("action_plan_action").set({ position: neighbour.position }).where("id", "=", action.id).execute();
      await trx.updateTable("action_plan_action").set({ position: action.position }).where("id", "=", neighbour.id).execute();
    },
  );
}

export async function saveResources(
  db: Executor,
  args: { actor: Actor; organisationId: number; lockVersion: number; values: ResourcesInput },
): Promise<number> {
  return changeDraft(db, { ...args, action: "action_plan.saved", detail: { section: "middelen" } }, async (trx, draft) => {
    await trx
      .updateTable("action_plan_version")
      .set({ budget_eur: args.values.budgetEur ?? null, staff_fte: args.values.staffFte ?? null })
      .where("id", "=", draft.versionId)
      .execute();
  });
}

// Status changes ------------------------------------------------------------------------------

/** Starts the organisation's first plan: version 1, a draft with the six themes not yet chosen. */
export async function startPlan(db: Executor, args: { actor: Actor; organisationId: number }): Promise<void> {
  await inTransaction(db, async (trx) => {
    if ((await getOrganisationAccess(trx, { userId: args.actor.userId, organisationId: args.organisationId })) !== "write") {
      throw new PlanNotFoundError();
    }
    const existing = await trx.selectFrom("action_plan").select("id").where("organisation_id", "=", args.organisationId).executeTakeFirst();
    if (existing) throw new PlanTransitionError("Er is al een actieplan voor deze organisatie.");
    const now = nowIso();
    const plan = await trx
      .insertInto("action_plan")
      .values({ organisation_id: args.organisationId, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("action_plan_version")
      .values({
        plan_id: plan.id,
        number: 1,
        status: "draft",
        created_at: now,
        created_by: args.actor.userId,
        updated_at: now,
        updated_by: args.actor.userId,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("action_plan_theme")
      .values(THEME_CODES.map((theme) => ({ version_id: version.id, theme, chosen: 0 })))
      .execute();
    await recordAuditEvent(trx, {
      action: "action_plan.started",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      actingOrganisationId: args.organisationId,
      objectType: "action_plan_version",
      objectId: version.id,
      ip: args.actor.ip,
      detail: { version: 1 },
    });
  });
}

/** Submits the draft: only a complete plan, only at the lock version the user saw. Freezes it. */
export async function submitPlan(db: Executor, args: { actor: Actor; organisationId: number; lockVersion: number }): Promise<void> {
  await submitDocument(PLAN, db, { actor: args.actor, scope: { organisationId: args.organisationId }, lockVersion: args.lockVersion });
}

/** Copies a version (its fields, themes, targets and actions) into a new draft, one number higher. */
async function copyPlanVersion(
  trx: Executor,
  args: { actor: Actor; from: VersionRef; reopenReason?: string | null; now: string },
): Promise<number> {
  const latest = await trx.selectFrom("action_plan_version").selectAll().where("id", "=", args.from.id).executeTakeFirstOrThrow();
  const created = await trx
    .insertInto("action_plan_version")
    .values({
      plan_id: latest.plan_id,
      number: latest.number + 1,
      status: "draft",
      period_start_year: latest.period_start_year,
      period_end_year: latest.period_end_year,
      adopted_state: latest.adopted_state,
      adopted_on: latest.adopted_on,
      published_url: latest.published_url,
      file_name: latest.file_name,
      file_sha256: latest.file_sha256,
      file_size: latest.file_size,
      budget_eur: latest.budget_eur,
      staff_fte: latest.staff_fte,
      created_at: args.now,
      created_by: args.actor.userId,
      updated_at: args.now,
      updated_by: args.actor.userId,
      reopen_reason: args.reopenReason ?? null,
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into action_plan_theme (version_id, theme, chosen, current_step, criteria_level, ambition)
    select ${created.id}, theme, chosen, current_step, criteria_level, ambition from action_plan_theme where version_id = ${latest.id}`.execute(
    trx,
  );
  await sql`insert into action_plan_target (version_id, theme, year, target_step)
    select ${created.id}, theme, year, target_step from action_plan_target where version_id = ${latest.id}`.execute(trx);
  await sql`insert into action_plan_action (version_id, lineage_id, position, title, themes, owner, planned_year, planned_quarter, status)
    select ${created.id}, lineage_id, position, title, themes, owner, planned_year, planned_quarter, status from action_plan_action where version_id = ${latest.id} order by position`.execute(
    trx,
  );
  return created.id;
}

/** Starts a new draft version as a copy of the latest (submitted, accepted or returned) version. */
export async function revisePlan(db: Executor, args: { actor: Actor; organisationId: number }): Promise<number> {
  return reviseDocument(PLAN, db, { actor: args.actor, scope: { organisationId: args.organisationId } });
}

/** The ministry accepts a submitted version, or returns it with a reason the signatory sees. */
export async function reviewPlan(
  db: Executor,
  args: { actor: Actor; organisationId: number; versionNumber: number; origin?: string } & (
    { decision: "accept" } | { decision: "return" | "reopen"; reason: string }
  ),
): Promise<void> {
  const { organisationId, ...rest } = args;
  await reviewDocument(PLAN, db, { ...rest, scope: { organisationId } });
}

// Lists -------------------------------------------------------------------------------------

export type PlanListStatus = PlanStatus | "none";
export type PlanListSort = "naam" | "uiterlijk" | "status" | "gewijzigd";

export type PlanListItem = {
  organisation_id: number;
  slug: string;
  name: string;
  sector: Sector;
  due_date: string | null;
  status: PlanListStatus;
  version: number | null;
  last_change: string | null;
  ever_submitted: boolean;
  overdue: boolean;
};

/** Every organisation with the state of its plan, for the ministry. */
export async function listPlansForReview(
  db: Executor,
  args: {
    sector?: Sector;
    status?: PlanListStatus;
    overdueOnly?: boolean;
    sort?: PlanListSort;
    today?: string;
    organisationIds?: readonly number[];
  },
): Promise<PlanListItem[]> {
  const today = args.today ?? todayInNL();
  const rows = await db
    .selectFrom("organisation as o")
    .leftJoin("action_plan as p", "p.organisation_id", "o.id")
    .leftJoin("action_plan_version as v", (join) =>
      join.onRef("v.plan_id", "=", "p.id").on("v.number", "=", (eb) =>
        eb
          .selectFrom("action_plan_version as v2")
          .select((e) => e.fn.max("v2.number").as("n"))
          .whereRef("v2.plan_id", "=", "p.id"),
      ),
    )
    .select((eb) => [
      "o.id as organisation_id",
      "o.slug",
      "o.name",
      "o.sector",
      sql<string | null>`date(o.signed_at, '+1 year')`.as("due_date"),
      "v.status",
      "v.number as version",
      sql<string | null>`max(coalesce(v.updated_at, ''), coalesce(v.submitted_at, ''), coalesce(v.reviewed_at, ''))`.as("last_change"),
      eb
        .exists(
          eb
            .selectFrom("action_plan_version as s")
            .select("s.id")
            .whereRef("s.plan_id", "=", "p.id")
            .where("s.submitted_at", "is not", null),
        )
        .as("ever_submitted"),
    ])
    .where("o.active", "=", 1)
    .$if(Boolean(args.sector), (q) => q.where("o.sector", "=", args.sector!))
    .$if(args.organisationIds !== undefined, (q) => q.where("o.id", "in", args.organisationIds!.length ? args.organisationIds! : [-1]))
    .execute();

  let items: PlanListItem[] = rows.map((r) => {
    const everSubmitted = Boolean(Number(r.ever_submitted));
    return {
      organisation_id: r.organisation_id,
      slug: r.slug,
      name: r.name,
      sector: r.sector,
      due_date: r.due_date,
      status: r.status ?? "none",
      version: r.version ?? null,
      last_change: r.last_change || null,
      ever_submitted: everSubmitted,
      overdue: Boolean(r.due_date && r.due_date < today && !everSubmitted),
    };
  });
  if (args.status) items = items.filter((i) => i.status === args.status);
  if (args.overdueOnly) items = items.filter((i) => i.overdue);
  const order: PlanListStatus[] = ["submitted", "returned", "draft", "none", "accepted"];
  const byName = (a: PlanListItem, b: PlanListItem) => a.name.localeCompare(b.name, "nl");
  const sorters: Record<PlanListSort, (a: PlanListItem, b: PlanListItem) => number> = {
    naam: byName,
    uiterlijk: (a, b) => (a.due_date ?? "9999").localeCompare(b.due_date ?? "9999") || byName(a, b),
    status: (a, b) => order.indexOf(a.status) - order.indexOf(b.status) || byName(a, b),
    gewijzigd: (a, b) => (b.last_change ?? "").localeCompare(a.last_change ?? "") || byName(a, b),
  };
  return items.sort(sorters[args.sort ?? "naam"]);
}
