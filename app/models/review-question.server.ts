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

/** The limits of a question's and an answer's text. */
export const QUESTION_TEXT_MAX = 2000;

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
      text: args.text,
      follow_up: args.followUp ? 1 : 0,
      asked_by: args.actor.userId,
      asked_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    action: `${prefix(args.document)}.question_asked` as AuditAction,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    // The ministry acts for itself; whose document it is goes in the detail.
    actingOrganisationId: null,
    objectType: "review_question",
    objectId: id,
    ip: args.actor.ip,
    detail: {
      organisation_id: args.organisationId,
      ...args.detail,
      version: args.version.number,
      about: args.item,
      question: args.text,
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
    .select(["q.id", "q.document", "q.version_number", "q.item", "q.closed_at", "q.answer"])
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
    detail: Record<string, unknown>;
  },
): Promise<void> {
  const question = await findQuestion(trx, args);
  if (!question) throw new QuestionNotFoundError();
  if (question.closed_at) throw new QuestionClosedError();
  const now = nowIso();
  await trx
    .updateTable("review_question")
    .set({ answer: args.answer, answered_by: args.actor.userId, answered_at: now })
    .where("id", "=", question.id)
    .where("closed_at", "is", null)
    .execute();
  await recordAuditEvent(trx, {
    action: `${prefix(args.document)}.question_answered` as AuditAction,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    actingOrganisationId: args.organisationId,
    objectType: "review_question",
    objectId: question.id,
    ip: args.actor.ip,
    detail: { ...args.detail, version: question.version_number, about: question.item, before: question.answer, answer: args.answer },
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
  await recordAuditEvent(trx, {
    action: `${prefix(args.document)}.question_closed` as AuditAction,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    actingOrganisationId: null,
    objectType: "review_question",
    objectId: question.id,
    ip: args.actor.ip,
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
