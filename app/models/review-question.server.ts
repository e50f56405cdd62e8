import type { Executor } from "~/database/connection.server";
import type { ReviewQuestionTarget } from "~/database/types";
import { recordAuditEvent } from "~/models/audit.server";
import type { AuditAction } from "~/models/audit.labels";
import { nowIso } from "~/utils/time";

// Questions on single values (issue #24). The reviewer asks about one value of a submitted
// version (document-workflow.server.ts checks the version and what the question is about); the
// organisation answers; the reviewer closes the question. This module reads and writes only the
// questions themselves. A question stays with its document: every later version shows it.

export type QuestionDocument = "report" | "plan";

export class QuestionNotFoundError extends Error {
  constructor() {
    super("question not found");
  }
}
export class QuestionClosedError extends Error {
  constructor() {
    super("Deze vraag is al afgesloten.");
  }
}
/** The answer changed after the page was opened (someone else answered meanwhile). */
export class QuestionAnswerChangedError extends Error {
  constructor() {
    super(
      "Iemand anders heeft deze vraag intussen beantwoord. Uw antwoord is niet opgeslagen; u ziet het hieronder nog. Open de pagina opnieuw, lees het nieuwe antwoord en sla het uwe op als dat nog nodig is.",
    );
  }
}

/** The limits of a question's and an answer's text (trimmed), for every way in. */
export const QUESTION_TEXT_MAX = 2000;
export const QUESTION_TEXT_MIN = 5;
export const ANSWER_TEXT_MIN = 2;

/** A question's or answer's text outside its limits. */
export class QuestionTextError extends Error {}
/** A question about a value the version does not have. */
export class QuestionItemError extends Error {
  constructor() {
    super("Dit staat niet in deze versie. Kies iets uit de lijst.");
  }
}

function checkText(text: string, min: number, what: "vraag" | "antwoord"): string {
  const trimmed = text.trim();
  if (trimmed.length < min) throw new QuestionTextError(`Schrijf uw ${what} in ten minste ${min} tekens.`);
  if (trimmed.length > QUESTION_TEXT_MAX) throw new QuestionTextError(`Maximaal ${QUESTION_TEXT_MAX} tekens.`);
  return trimmed;
}

/** Whether the user reviews for the ministry (or administers the portal): only they ask and close questions. */
export async function isReviewer(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("membership")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "in", ["reviewer", "admin"])
    .executeTakeFirst();
  return row !== undefined;
}

/** A question as the pages show it: what it is about, who asked and answered, and its state. */
export type ReviewQuestion = {
  id: number;
  versionNumber: number;
  target: ReviewQuestionTarget;
  item: string;
  text: string;
  followUp: boolean;
  askedBy: string;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  /** The organisation the answer was given for (the Unie answers on behalf of its waterschap). */
  answeredFor: string | null;
  closedBy: string | null;
  closedAt: string | null;
  state: "open" | "answered" | "closed";
};

const prefix = (document: QuestionDocument) => (document === "report" ? "report" : "action_plan");

/**
 * One step on a question in the audit trail: who, for which organisation (the organisation when
 * it answers; null when the ministry acts for itself, the organisation then in the detail).
 */
function auditQuestion(
  trx: Executor,
  args: {
    step: "question_asked" | "question_answered" | "question_closed";
    document: QuestionDocument;
    actor: { userId: number; email: string; ip: string };
    actingFor: number | null;
    questionId: number;
    detail: Record<string, unknown>;
  },
) {
  return recordAuditEvent(trx, {
    action: `${prefix(args.document)}.${args.step}` as AuditAction,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    actingOrganisationId: args.actingFor,
    objectType: "review_question",
    objectId: args.questionId,
    ip: args.actor.ip,
    detail: args.detail,
  });
}
const documentColumn = (document: QuestionDocument) => (document === "report" ? "q.report_id" : "q.plan_id");

/** Inserts a question (the workflow checked the version and the item) and records it. */
export async function insertQuestion(
  trx: Executor,
  args: {
    actor: { userId: number; email: string; ip: string };
    document: QuestionDocument;
    organisationId: number;
    documentId: number;
    version: { id: number; number: number };
    target: ReviewQuestionTarget;
    item: string;
    text: string;
    followUp: boolean;
    detail: Record<string, unknown>;
  },
): Promise<number> {
  const text = checkText(args.text, QUESTION_TEXT_MIN, "vraag");
  const now = nowIso();
  const { id } = await trx
    .insertInto("review_question")
    .values({
      organisation_id: args.organisationId,
      document: args.document,
      report_id: args.document === "report" ? args.documentId : null,
      plan_id: args.document === "plan" ? args.documentId : null,
      version_id: args.version.id,
      version_number: args.version.number,
      target: args.target,
      item: args.item,
      text,
      follow_up: args.followUp ? 1 : 0,
      asked_by: args.actor.userId,
      asked_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await auditQuestion(trx, {
    step: "question_asked",
    document: args.document,
    actor: args.actor,
    actingFor: null,
    questionId: id,
    detail: {
      organisation_id: args.organisationId,
      ...args.detail,
      version: args.version.number,
      about: args.item,
      question: text,
      follow_up: args.followUp,
    },
  });
  return id;
}

async function findQuestion(
  trx: Executor,
  args: { questionId: number; organisationId: number; document: QuestionDocument; documentId: number },
) {
  if (!Number.isSafeInteger(args.questionId)) return undefined;
  return trx
    .selectFrom("review_question as q")
    .select(["q.id", "q.document", "q.version_number", "q.item", "q.closed_at", "q.answer", "q.answered_at"])
    .where("q.id", "=", args.questionId)
    .where("q.organisation_id", "=", args.organisationId)
    .where("q.document", "=", args.document)
    .where(documentColumn(args.document), "=", args.documentId)
    .executeTakeFirst();
}

/**
 * The organisation answers a question on its document (or changes its answer) until the reviewer
 * closes it. The caller checked that the user may write for the organisation; the audit trail
 * records the answer as given by the user on behalf of that organisation.
 */
export async function answerQuestion(
  trx: Executor,
  args: {
    actor: { userId: number; email: string; ip: string };
    document: QuestionDocument;
    organisationId: number;
    documentId: number;
    questionId: number;
    answer: string;
    /**
     * When the answer the user saw was given (null: none yet); undefined skips the check. An
     * answer given meanwhile is not overwritten.
     */
    seen?: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  const answer = checkText(args.answer, ANSWER_TEXT_MIN, "antwoord");
  const question = await findQuestion(trx, args);
  if (!question) throw new QuestionNotFoundError();
  if (question.closed_at) throw new QuestionClosedError();
  if (args.seen !== undefined && question.answered_at !== args.seen) throw new QuestionAnswerChangedError();
  const now = nowIso();
  const updated = await trx
    .updateTable("review_question")
    .set({ answer, answered_by: args.actor.userId, answered_at: now })
    .where("id", "=", question.id)
    .where("closed_at", "is", null)
    .where((eb) => (question.answered_at === null ? eb("answered_at", "is", null) : eb("answered_at", "=", question.answered_at)))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new QuestionAnswerChangedError();
  await auditQuestion(trx, {
    step: "question_answered",
    document: args.document,
    actor: args.actor,
    actingFor: args.organisationId,
    questionId: question.id,
    detail: { ...args.detail, version: question.version_number, about: question.item, before: question.answer, answer },
  });
}

/** The reviewer closes a question (answered or not). */
export async function closeQuestion(
  trx: Executor,
  args: {
    actor: { userId: number; email: string; ip: string };
    document: QuestionDocument;
    organisationId: number;
    documentId: number;
    questionId: number;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  const question = await findQuestion(trx, args);
  if (!question) throw new QuestionNotFoundError();
  if (question.closed_at) throw new QuestionClosedError();
  await trx
    .updateTable("review_question")
    .set({ closed_by: args.actor.userId, closed_at: nowIso() })
    .where("id", "=", question.id)
    .where("closed_at", "is", null)
    .execute();
  await auditQuestion(trx, {
    step: "question_closed",
    document: args.document,
    actor: args.actor,
    actingFor: null,
    questionId: question.id,
    detail: { organisation_id: args.organisationId, ...args.detail, version: question.version_number, about: question.item },
  });
}

/** Every question on a document, oldest first; up to a version number for the ministry's view of an older version. */
export async function listQuestions(
  db: Executor,
  args: { document: QuestionDocument; documentId: number; upToVersion?: number; item?: { target: ReviewQuestionTarget; item: string } },
): Promise<ReviewQuestion[]> {
  const rows = await db
    .selectFrom("review_question as q")
    .innerJoin("organisation as o", "o.id", "q.organisation_id")
    .leftJoin("user as asker", "asker.id", "q.asked_by")
    .leftJoin("user as answerer", "answerer.id", "q.answered_by")
    .leftJoin("user as closer", "closer.id", "q.closed_by")
    .select([
      "q.id",
      "q.version_number",
      "q.target",
      "q.item",
      "q.text",
      "q.follow_up",
      "q.asked_at",
      "q.answer",
      "q.answered_at",
      "q.closed_at",
      "o.name as organisation_name",
      "asker.name as asked_by",
      "answerer.name as answered_by",
      "closer.name as closed_by",
    ])
    .where("q.document", "=", args.document)
    .where(documentColumn(args.document), "=", args.documentId)
    .$if(args.upToVersion !== undefined, (q) => q.where("q.version_number", "<=", args.upToVersion!))
    .$if(args.item !== undefined, (q) => q.where("q.target", "=", args.item!.target).where("q.item", "=", args.item!.item))
    .orderBy("q.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    versionNumber: r.version_number,
    target: r.target,
    item: r.item,
    text: r.text,
    followUp: r.follow_up === 1,
    askedBy: r.asked_by ?? "het ministerie",
    askedAt: r.asked_at,
    answer: r.answer,
    answeredBy: r.answer ? (r.answered_by ?? "een onbekende gebruiker") : null,
    answeredAt: r.answered_at,
    answeredFor: r.answer ? r.organisation_name : null,
    closedBy: r.closed_at ? (r.closed_by ?? "het ministerie") : null,
    closedAt: r.closed_at,
    state: r.closed_at ? "closed" : r.answer ? "answered" : "open",
  }));
}

/** The questions on a document that the reviewer has not closed (answered or not). */
export async function unclosedQuestions(trx: Executor, args: { document: QuestionDocument; documentId: number }) {
  return trx
    .selectFrom("review_question as q")
    .select(["q.id", "q.target", "q.item", "q.text", "q.answer"])
    .where("q.document", "=", args.document)
    .where(documentColumn(args.document), "=", args.documentId)
    .where("q.closed_at", "is", null)
    .orderBy("q.id")
    .execute();
}

/** A document with questions the reviewer has not closed: how many were answered (waiting for the reviewer) and how many not yet. */
export type DocumentWithQuestions = {
  document: QuestionDocument;
  slug: string;
  name: string;
  year: number | null;
  answered: number;
  unanswered: number;
  /** Of all its questions (closed or not), how many the reviewer marked for follow-up. */
  followUp: number;
};

/**
 * Every document with questions not closed or marked for follow-up, those with answers waiting
 * for the reviewer first (the ministry's work queue).
 */
export async function documentsWithOpenQuestions(db: Executor): Promise<DocumentWithQuestions[]> {
  const rows = await db
    .selectFrom("review_question as q")
    .innerJoin("organisation as o", "o.id", "q.organisation_id")
    .leftJoin("report as r", "r.id", "q.report_id")
    .select((eb) => [
      "q.document",
      "o.slug",
      "o.name",
      "r.year",
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb("q.closed_at", "is", null), eb("q.answer", "is not", null)]))
            .then(1)
            .end(),
        )
        .as("answered"),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb("q.closed_at", "is", null), eb("q.answer", "is", null)]))
            .then(1)
            .end(),
        )
        .as("unanswered"),
      eb.fn.count<number>(eb.case().when("q.follow_up", "=", 1).then(1).end()).as("followUp"),
    ])
    .where((eb) => eb.or([eb("q.closed_at", "is", null), eb("q.follow_up", "=", 1)]))
    .groupBy(["q.document", "q.report_id", "q.plan_id", "o.slug", "o.name", "r.year"])
    .execute();
  return rows
    .map((r) => ({ ...r, answered: Number(r.answered), unanswered: Number(r.unanswered), followUp: Number(r.followUp) }))
    .sort((a, b) => b.answered - a.answered || b.unanswered - a.unanswered || a.name.localeCompare(b.name, "nl"));
}
