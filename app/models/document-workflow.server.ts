import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { Channel, PlanStatus, ReviewQuestionTarget } from "~/database/types";
import { recordAuditEvent, type FieldChange } from "~/models/audit.server";
import type { AuditAction } from "~/models/audit.labels";
import {
  answerQuestion,
  closeQuestion,
  insertQuestion,
  isReviewer,
  QuestionItemError,
  unclosedQuestions,
} from "~/models/review-question.server";
import { nowIso } from "~/utils/time";

// Action plans and yearly reports are both versioned documents (../shared/STYLE.md: "one
// mechanism, two uses"). A document is a list of numbered versions; only the newest can be a
// draft. The organisation changes its draft and submits it; the ministry accepts or returns a
// submitted version; a new draft, copied from the newest version, is started by the organisation
// (revise) or by the ministry (reopen). This module holds the one transition table and the one
// implementation of each step; action-plan.server.ts and report.server.ts give the hooks: where a
// document's versions are, what a version copies, what submitting checks and records.

/**
 * Who acts: the user, with the e-mail address and IP recorded in the audit trail, and the way the
 * change came in (the values' history records it; a form when not given).
 */
export type Actor = { userId: number; email: string; ip: string; channel?: Channel };

export type DocumentKind = "plan" | "report";
export type DocumentAction = "submit" | "accept" | "return" | "revise" | "reopen";

/**
 * From which status of the version it applies to each action is allowed; everything else is
 * refused and changes nothing. submit: the draft; accept and return: the version under review;
 * revise and reopen: the newest version, which a new draft is copied from. A plan is revised by
 * its organisation whenever it has no draft; a report only after a return. An accepted plan or
 * report is reopened by the ministry, with a reason.
 */
export const DOCUMENT_TRANSITIONS: Record<DocumentKind, Record<DocumentAction, readonly PlanStatus[]>> = {
  plan: {
    submit: ["draft"],
    accept: ["submitted"],
    return: ["submitted"],
    revise: ["submitted", "accepted", "returned"],
    reopen: ["accepted"],
  },
  report: { submit: ["draft"], accept: ["submitted"], return: ["submitted"], revise: ["returned"], reopen: ["accepted"] },
};

/** Accepting or returning a version that is not (or no longer) waiting for review. */
const REVIEW_REFUSED = "Deze versie is niet (meer) ter beoordeling ingediend.";

/** What the workflow reads of a version. */
export type VersionRef = {
  id: number;
  number: number;
  status: PlanStatus;
  lock_version: number;
  parent_id: number;
  submitted_at: string | null;
};

/** The per-document hooks. `Scope` says which document: an organisation's plan, or its report over a year. */
export type VersionedDocument<Scope extends { organisationId: number }> = {
  kind: DocumentKind;
  /** The versions table: both have the same workflow columns. */
  table: "action_plan_version" | "report_version";
  /** The audit actions' prefix ("action_plan.submitted", "report.submitted"). */
  auditPrefix: "action_plan" | "report";
  /** The document's versions, newest first; with `writerId`, only if that user may write for the organisation. */
  versions(trx: Executor, scope: Scope, options: { writerId?: number }): Promise<VersionRef[]>;
  /** What the audit detail says of the document besides its version number. */
  auditDetail(scope: Scope): Record<string, unknown>;
  /** The document's errors: no such document or draft (for this user), changed since loaded, a refused action. */
  errors: { NotFound: new () => Error; Conflict: new () => Error; Transition: new (message: string) => Error };
  /**
   * The Dutch message for a refused submit, revise or reopen (a refused review says
   * REVIEW_REFUSED), and for accepting while a question on a value is not closed.
   */
  refused: Record<"submit" | "revise" | "reopen" | "questionsOpen" | "questionsOpenTogether", string>;
  /** Copies a version into a new draft (its number one higher); returns the draft's id. */
  copy(trx: Executor, args: { actor: Actor; from: VersionRef; reopenReason: string | null; now: string }): Promise<number>;
  /** Before submitting: throws when the draft is not complete. */
  checkForSubmit(trx: Executor, scope: Scope, draft: VersionRef): Promise<void>;
  /** At submitting: the submission time and what else is recorded on the version and in the audit detail. */
  onSubmit(
    trx: Executor,
    args: { scope: Scope; draft: VersionRef; now: string; today?: string },
  ): Promise<{ submittedAt: string; late?: boolean; detail?: Record<string, unknown> }>;
  /** After submitting, in the same transaction. */
  afterSubmit?(trx: Executor, draft: VersionRef): Promise<void>;
  /** The e-mail about a decision, in the same transaction (the outbox); a return lists the questions not yet closed. */
  notifyReview?(
    trx: Executor,
    args: { scope: Scope; decision: "accepted" | "returned"; reason?: string; questions?: QuestionInMail[]; origin: string },
  ): Promise<void>;
  /**
   * What a reviewer's question on this version is about, in words (a report question's wording,
   * an action's title, a theme's name); null when the version has no such value.
   */
  questionItem(trx: Executor, scope: Scope, version: VersionRef, target: ReviewQuestionTarget, item: string): Promise<string | null>;
};

/** A question not closed, as the return e-mail lists it. */
export type QuestionInMail = { about: string; text: string; answered: boolean };

async function audit<Scope extends { organisationId: number }>(
  trx: Executor,
  doc: VersionedDocument<Scope>,
  args: {
    actor: Actor;
    actingFor: number | null;
    action: string;
    versionId: number;
    detail: Record<string, unknown>;
    changes?: { parentId: number; versionNumber: number; fields: FieldChange[] };
  },
) {
  const changes = args.changes;
  await recordAuditEvent(trx, {
    // The step comes as text from the plan's and report's draft changes (action-plan.server.ts,
    // report.server.ts); tests/integration/admin/audit-dutch.test.ts checks that each code they
    // can make is in AUDIT_ACTIONS.
    action: `${doc.auditPrefix}.${args.action}` as AuditAction,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    actingOrganisationId: args.actingFor,
    objectType: doc.table,
    objectId: args.versionId,
    ip: args.actor.ip,
    detail: args.detail,
    changes: changes
      ? {
          channel: args.actor.channel ?? "form",
          organisationId: args.actingFor,
          ...(doc.kind === "report" ? { reportId: changes.parentId } : { planId: changes.parentId }),
          versionNumber: changes.versionNumber,
          fields: changes.fields,
        }
      : null,
  });
}

/**
 * Runs `change` on the document's draft in one transaction: the user may write for the
 * organisation, there is a draft, and it is still at `lockVersion`; raises the lock and records
 * `action` in the audit trail. A change that returns false stored nothing: the lock stays and
 * nothing is recorded (so a post that changes nothing cannot make someone else's next save a
 * conflict). `changes`, filled by `change`, is recorded with the event: what it wrote, field by
 * field, before and after. Returns the lock version the draft has afterwards.
 */
export async function changeDraft<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; lockVersion: number; action: string; detail?: Record<string, unknown>; changes?: FieldChange[] },
  change: (trx: Executor, draft: VersionRef) => Promise<void | boolean>,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const [newest] = await doc.versions(trx, args.scope, { writerId: args.actor.userId });
    if (!newest || newest.status !== "draft") throw new doc.errors.NotFound();
    if (newest.lock_version !== args.lockVersion) throw new doc.errors.Conflict();
    if ((await change(trx, newest)) === false) return args.lockVersion;
    const updated = await trx
      .updateTable(doc.table)
      .set({ lock_version: sql`lock_version + 1`, updated_at: nowIso(), updated_by: args.actor.userId })
      .where("id", "=", newest.id)
      .where("lock_version", "=", args.lockVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new doc.errors.Conflict();
    await audit(trx, doc, {
      actor: args.actor,
      actingFor: args.scope.organisationId,
      action: args.action,
      versionId: newest.id,
      detail: { ...doc.auditDetail(args.scope), version: newest.number, ...args.detail },
      // What the change wrote, field by field (filled by `change`): the values' history.
      changes: args.changes ? { parentId: newest.parent_id, versionNumber: newest.number, fields: args.changes } : undefined,
    });
    return args.lockVersion + 1;
  });
}

/** Submits the draft: only at the lock version the user saw, only when complete. Freezes it. */
export async function submitDocument<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; lockVersion: number; today?: string },
): Promise<{ late: boolean }> {
  return inTransaction(db, async (trx) => {
    const [newest] = await doc.versions(trx, args.scope, { writerId: args.actor.userId });
    if (!newest) throw new doc.errors.NotFound();
    if (!DOCUMENT_TRANSITIONS[doc.kind].submit.includes(newest.status)) throw new doc.errors.Transition(doc.refused.submit);
    if (newest.lock_version !== args.lockVersion) throw new doc.errors.Conflict();
    await doc.checkForSubmit(trx, args.scope, newest);
    const now = nowIso();
    const submitted = await doc.onSubmit(trx, { scope: args.scope, draft: newest, now, today: args.today });
    await trx
      .updateTable(doc.table)
      .set({
        status: "submitted",
        submitted_at: submitted.submittedAt,
        submitted_by: args.actor.userId,
        lock_version: sql`lock_version + 1`,
        updated_at: now,
        updated_by: args.actor.userId,
        ...(submitted.late === undefined ? {} : { late: submitted.late ? 1 : 0 }),
      })
      .where("id", "=", newest.id)
      .where("status", "=", "draft")
      .where("lock_version", "=", args.lockVersion)
      .execute();
    await doc.afterSubmit?.(trx, newest);
    await audit(trx, doc, {
      actor: args.actor,
      actingFor: args.scope.organisationId,
      action: "submitted",
      versionId: newest.id,
      detail: { ...doc.auditDetail(args.scope), version: newest.number, ...submitted.detail },
    });
    return { late: submitted.late ?? false };
  });
}

/** The organisation starts a new draft, copied from the newest version. Returns its number. */
export async function reviseDocument<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const [newest] = await doc.versions(trx, args.scope, { writerId: args.actor.userId });
    if (!newest) throw new doc.errors.NotFound();
    if (!DOCUMENT_TRANSITIONS[doc.kind].revise.includes(newest.status)) throw new doc.errors.Transition(doc.refused.revise);
    const id = await doc.copy(trx, { actor: args.actor, from: newest, reopenReason: null, now: nowIso() });
    await audit(trx, doc, {
      actor: args.actor,
      actingFor: args.scope.organisationId,
      action: "revised",
      versionId: id,
      detail: { ...doc.auditDetail(args.scope), version: newest.number + 1, from_version: newest.number },
    });
    return newest.number + 1;
  });
}

/** A document chosen for accepting together with others, as it was shown: its organisation and version number. */
export type BulkChoice = { slug: string; number: number };

/** A chosen document and why it cannot be accepted with the others (null: it can). */
export type BulkCandidate = {
  slug: string;
  name: string;
  organisationId: number;
  number: number;
  submittedAt: string | null;
  problem: string | null;
};

/**
 * Checks documents chosen for accepting together: each must still be the newest version as it
 * was shown, waiting for review, and without a question on it that is not closed; `problemOf`
 * adds the document's own reason to review it apart (a report's striking values). Unknown
 * organisations and documents are left out; a document chosen twice counts once.
 */
export async function checkBulkChoices<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: {
    choices: BulkChoice[];
    scopeOf: (organisationId: number) => Scope;
    problemOf?: (version: VersionRef, scope: Scope) => Promise<string | null>;
  },
): Promise<BulkCandidate[]> {
  const out: BulkCandidate[] = [];
  const seen = new Set<string>();
  for (const choice of args.choices) {
    if (seen.has(choice.slug)) continue;
    seen.add(choice.slug);
    const organisation = await db.selectFrom("organisation").select(["id", "name"]).where("slug", "=", choice.slug).executeTakeFirst();
    if (!organisation) continue;
    const scope = args.scopeOf(organisation.id);
    const [newest] = await doc.versions(db, scope, {});
    if (!newest) continue;
    let problem: string | null = null;
    if (newest.number !== choice.number) problem = `Er is nu versie ${newest.number}: beoordeel die apart.`;
    else if (newest.status !== "submitted") problem = "Deze versie wacht niet (meer) op beoordeling.";
    else if ((await unclosedQuestions(db, { document: doc.kind, documentId: newest.parent_id })).length > 0)
      problem = doc.refused.questionsOpenTogether;
    else if (args.problemOf) problem = await args.problemOf(newest, scope);
    out.push({
      slug: choice.slug,
      name: organisation.name,
      organisationId: organisation.id,
      number: choice.number,
      submittedAt: newest.submitted_at,
      problem,
    });
  }
  return out;
}

export type ReviewDecision = { decision: "accept" } | { decision: "return"; reason: string } | { decision: "reopen"; reason: string };

/**
 * The ministry accepts or returns a submitted version, or reopens the newest version when it was
 * accepted (a new draft copied from it, with the reason). The ministry acts for itself: the
 * organisation whose document it is goes in the audit detail.
 */
export async function reviewDocument<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; versionNumber: number; origin?: string } & ReviewDecision,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const all = await doc.versions(trx, args.scope, {});
    const version = all.find((v) => v.number === args.versionNumber);
    if (!version) throw new doc.errors.NotFound();
    const detail = { organisation_id: args.scope.organisationId, ...doc.auditDetail(args.scope), version: version.number };
    if (args.decision === "reopen") {
      const newest = all[0]!;
      if (!DOCUMENT_TRANSITIONS[doc.kind].reopen.includes(version.status) || newest.number !== version.number) {
        throw new doc.errors.Transition(doc.refused.reopen);
      }
      const id = await doc.copy(trx, { actor: args.actor, from: version, reopenReason: args.reason, now: nowIso() });
      await audit(trx, doc, {
        actor: args.actor,
        actingFor: null,
        action: "reopened",
        versionId: id,
        detail: { ...detail, reason: args.reason },
      });
      return;
    }
    if (!DOCUMENT_TRANSITIONS[doc.kind][args.decision].includes(version.status)) throw new doc.errors.Transition(REVIEW_REFUSED);
    // A question not yet closed holds the acceptance; a return lists it for the organisation.
    const unclosed = await unclosedQuestions(trx, { document: doc.kind, documentId: version.parent_id });
    if (args.decision === "accept" && unclosed.length > 0) throw new doc.errors.Transition(doc.refused.questionsOpen);
    const to: PlanStatus = args.decision === "accept" ? "accepted" : "returned";
    await trx
      .updateTable(doc.table)
      .set({
        status: to,
        reviewed_at: nowIso(),
        reviewed_by: args.actor.userId,
        return_reason: args.decision === "return" ? args.reason : null,
      })
      .where("id", "=", version.id)
      .where("status", "=", "submitted")
      .execute();
    await audit(trx, doc, {
      actor: args.actor,
      actingFor: null,
      action: to,
      versionId: version.id,
      detail: { ...detail, ...(args.decision === "return" ? { reason: args.reason } : {}) },
    });
    // The e-mail goes into the outbox in this transaction: no decision without its message.
    if (args.origin && doc.notifyReview) {
      await doc.notifyReview(trx, {
        scope: args.scope,
        decision: to,
        reason: args.decision === "return" ? args.reason : undefined,
        questions: await Promise.all(
          unclosed.map(async (q) => ({
            about: (await doc.questionItem(trx, args.scope, version, q.target, q.item)) ?? "een onderdeel dat niet meer wordt gevraagd",
            text: q.text,
            answered: q.answer !== null,
          })),
        ),
        origin: args.origin,
      });
    }
  });
}

// Questions on single values ------------------------------------------------------------------

/** Asking about a version that is not the one waiting for review. */
const ASK_REFUSED = "U kunt alleen een vraag stellen over de versie die ter beoordeling ligt.";

/**
 * The ministry asks about one value of the version waiting for review (the newest, submitted):
 * an answer, an action or a theme that this version has. Returns the question's id.
 */
export async function askQuestion<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; versionNumber: number; target: ReviewQuestionTarget; item: string; text: string; followUp: boolean },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    // Only the ministry's reviewers (and admins) ask: for anyone else there is no such document.
    if (!(await isReviewer(trx, args.actor.userId))) throw new doc.errors.NotFound();
    const all = await doc.versions(trx, args.scope, {});
    const version = all.find((v) => v.number === args.versionNumber);
    if (!version) throw new doc.errors.NotFound();
    if (version.status !== "submitted" || all[0]!.number !== version.number) throw new doc.errors.Transition(ASK_REFUSED);
    if ((await doc.questionItem(trx, args.scope, version, args.target, args.item)) === null) throw new QuestionItemError();
    return insertQuestion(trx, {
      actor: args.actor,
      document: doc.kind,
      organisationId: args.scope.organisationId,
      documentId: version.parent_id,
      version,
      target: args.target,
      item: args.item,
      text: args.text,
      followUp: args.followUp,
      detail: doc.auditDetail(args.scope),
    });
  });
}

/**
 * The organisation answers a question on its document: only a user who may write for it (the
 * Unie for its waterschappen, recorded on behalf of the waterschap), until the question is closed.
 */
export async function answerDocumentQuestion<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; questionId: number; answer: string; seen?: string | null },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const [newest] = await doc.versions(trx, args.scope, { writerId: args.actor.userId });
    if (!newest) throw new doc.errors.NotFound();
    await answerQuestion(trx, {
      actor: args.actor,
      document: doc.kind,
      organisationId: args.scope.organisationId,
      documentId: newest.parent_id,
      questionId: args.questionId,
      answer: args.answer,
      seen: args.seen,
      detail: doc.auditDetail(args.scope),
    });
  });
}

/** The ministry closes a question on the document (answered or not). */
export async function closeDocumentQuestion<Scope extends { organisationId: number }>(
  doc: VersionedDocument<Scope>,
  db: Executor,
  args: { actor: Actor; scope: Scope; questionId: number },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await isReviewer(trx, args.actor.userId))) throw new doc.errors.NotFound();
    const [newest] = await doc.versions(trx, args.scope, {});
    if (!newest) throw new doc.errors.NotFound();
    await closeQuestion(trx, {
      actor: args.actor,
      document: doc.kind,
      organisationId: args.scope.organisationId,
      documentId: newest.parent_id,
      questionId: args.questionId,
      detail: doc.auditDetail(args.scope),
    });
  });
}
