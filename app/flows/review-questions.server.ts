import { data, redirect } from "react-router";
import type { ReviewQuestionTarget } from "~/database/types";
import {
  ANSWER_TEXT_MIN,
  QuestionAnswerChangedError,
  QuestionClosedError,
  QuestionItemError,
  QuestionNotFoundError,
  QuestionTextError,
  QUESTION_TEXT_MAX,
  QUESTION_TEXT_MIN,
} from "~/models/review-question.server";
import { z } from "~/utils/zod";

// The posts of the question forms (issue #24), the same for reports and plans: the reviewer asks
// about one value or closes a question; the organisation answers. Each answers a refusal at its
// own form, in Dutch, with what was typed; a question or document that is not found is a 404.

const CHOOSE = "Kies waarover u een vraag heeft.";

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

/** The ask form: which value ("answer:<code>", "action:<lineage>", "theme:<code>"), the question, a follow-up mark. */
const askSchema = z.object({
  about: z.string({ message: CHOOSE }).regex(/^(answer|action|theme):[a-z0-9_-]{1,80}$/, CHOOSE),
  question: z
    .string({ message: "Schrijf uw vraag." })
    .trim()
    .min(QUESTION_TEXT_MIN, `Schrijf uw vraag in ten minste ${QUESTION_TEXT_MIN} tekens.`)
    .max(QUESTION_TEXT_MAX, `Maximaal ${QUESTION_TEXT_MAX} tekens.`),
  followUp: z.string().optional(),
});

/** The answer form: which question, and the answer. */
const answerSchema = z.object({
  questionId: z.coerce.number({ message: "Deze vraag bestaat niet." }).int("Deze vraag bestaat niet."),
  answer: z
    .string({ message: "Schrijf uw antwoord." })
    .trim()
    .min(ANSWER_TEXT_MIN, `Schrijf uw antwoord in ten minste ${ANSWER_TEXT_MIN} tekens.`)
    .max(QUESTION_TEXT_MAX, `Maximaal ${QUESTION_TEXT_MAX} tekens.`),
});

/** The single intent of a post (a repeated intent is none). */
export function singleIntent(formData: FormData): string | null {
  const all = formData.getAll("intent");
  return all.length === 1 && typeof all[0] === "string" ? all[0] : null;
}

/** The reviewer asks about one value ("ask") or closes a question ("close-question"). */
export async function reviewerQuestionPost(args: {
  formData: FormData;
  intent: "ask" | "close-question";
  /** What may be asked about in this kind of document. */
  targets: readonly ReviewQuestionTarget[];
  ask(question: { versionNumber: number; target: ReviewQuestionTarget; item: string; text: string; followUp: boolean }): Promise<unknown>;
  close(questionId: number): Promise<unknown>;
  /** The document's own errors: the version does not exist, or the step is refused (with a Dutch message). */
  notFound: new () => Error;
  refused: new (message: string) => Error;
  base: string;
}) {
  const { formData } = args;
  if (args.intent === "close-question") {
    const questionId = Number(formData.get("questionId"));
    try {
      await args.close(questionId);
    } catch (error) {
      if (error instanceof QuestionClosedError)
        return data({ form: "close" as const, questionId, message: error.message }, { status: 409 });
      if (error instanceof QuestionNotFoundError || error instanceof args.notFound) {
        const message = "Deze vraag bestaat niet (meer). Laad de pagina opnieuw.";
        return data({ form: "close" as const, questionId, message }, { status: 404 });
      }
      throw error;
    }
    return redirect(`${args.base}?melding=vraag-gesloten#vragen`);
  }
  const values = {
    about: text(formData.get("about")),
    question: text(formData.get("question")),
    followUp: formData.get("followUp") !== null,
  };
  const parsed = askSchema.safeParse({ ...values, followUp: text(formData.get("followUp")) });
  const errors: { about?: string; question?: string; form?: string } = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path[0] === "about" ? "about" : "question"] ??= issue.message;
    return data({ form: "ask" as const, errors, values }, { status: 400 });
  }
  const [target, item] = parsed.data.about.split(":") as [ReviewQuestionTarget, string];
  if (!args.targets.includes(target)) return data({ form: "ask" as const, errors: { about: CHOOSE }, values }, { status: 400 });
  const versionNumber = Number(formData.get("version"));
  try {
    await args.ask({
      versionNumber: Number.isSafeInteger(versionNumber) ? versionNumber : -1,
      target,
      item,
      text: parsed.data.question,
      followUp: values.followUp,
    });
  } catch (error) {
    if (error instanceof args.notFound)
      return data({ form: "ask" as const, errors: { form: "Deze versie bestaat niet. Laad de pagina opnieuw." }, values }, { status: 400 });
    if (error instanceof QuestionItemError)
      return data({ form: "ask" as const, errors: { about: error.message }, values }, { status: 409 });
    if (error instanceof QuestionTextError)
      return data({ form: "ask" as const, errors: { question: error.message }, values }, { status: 400 });
    if (error instanceof args.refused) return data({ form: "ask" as const, errors: { form: error.message }, values }, { status: 409 });
    throw error;
  }
  return redirect(`${args.base}?versie=${versionNumber}&melding=vraag-gesteld#vragen`);
}

/** The organisation answers one of the ministry's questions; `answer` checks the user may write for it. */
export async function answerQuestionPost(args: {
  formData: FormData;
  /** `seen`: when the answer on the user's page was given (null: none), so an answer given meanwhile is not overwritten. */
  answer(questionId: number, text: string, seen: string | null | undefined): Promise<unknown>;
  /** Maps the document's own errors (no draft, no access) to a status and message; throws what it does not know. */
  documentError(error: unknown): { status: number; message: string };
  done(questionId: number): string;
}) {
  const raw = { questionId: args.formData.get("questionId"), answer: args.formData.get("answer") };
  const answer = typeof raw.answer === "string" ? raw.answer : "";
  const questionId = Number(raw.questionId);
  const parsed = answerSchema.safeParse({ questionId: raw.questionId ?? undefined, answer: raw.answer ?? undefined });
  if (!parsed.success) return data({ answerError: { questionId, message: parsed.error.issues[0]!.message, answer } }, { status: 400 });
  try {
    // The page carries the answer's time as it showed it ("" for none); a post without it is not checked.
    const seen = args.formData.get("seen");
    await args.answer(parsed.data.questionId, parsed.data.answer, typeof seen === "string" ? seen || null : undefined);
  } catch (error) {
    if (error instanceof QuestionNotFoundError || error instanceof QuestionClosedError) {
      const message = error instanceof QuestionClosedError ? error.message : "Deze vraag bestaat niet (meer). Laad de pagina opnieuw.";
      return data({ answerError: { questionId, message, answer } }, { status: error instanceof QuestionNotFoundError ? 404 : 409 });
    }
    if (error instanceof QuestionTextError) return data({ answerError: { questionId, message: error.message, answer } }, { status: 400 });
    if (error instanceof QuestionAnswerChangedError)
      return data({ answerError: { questionId, message: error.message, answer } }, { status: 409 });
    const { status, message } = args.documentError(error);
    return data({ answerError: { questionId, message, answer } }, { status });
  }
  return redirect(args.done(parsed.data.questionId));
}
