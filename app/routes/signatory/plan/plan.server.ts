import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type RouterContextProvider } from "react-router";
import type { z } from "zod";
import { nowIso } from "~/utils/time";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb, type Executor } from "~/database/instance.server";
import {
  getPlanOverview,
  loadPlanDocument,
  loadPlanQuestions,
  PlanConflictError,
  PlanIncompleteError,
  PlanNotFoundError,
  PlanTransitionError,
  type Actor,
} from "~/models/action-plan.server";

// Shared by the signatory's action plan routes: who, for which organisation, which plan.

export const CONFLICT_MESSAGE =
  "Iemand anders heeft dit actieplan gewijzigd nadat u de pagina opende. Uw invoer is daarom niet opgeslagen; u ziet hem hieronder nog. Open de pagina opnieuw om de nieuwste versie te zien en breng uw wijziging daarna opnieuw aan.";

export const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

export async function requirePlanContext(args: { context: Readonly<RouterContextProvider>; request: Request; params: { slug?: string } }) {
  const user = requireUser(args.context, args.request);
  const db = getDb();
  const organisation = await actableOrganisationOnce(args.context, args.request, { userId: user.id, slug: args.params.slug ?? "" });
  if (!organisation) throw notFound();
  const overview = await getPlanOverview(db, { userId: user.id, organisationId: organisation.id });
  const actor: Actor = { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip };
  const base = `/organisatie/${organisation.slug}/actieplan`;
  return { db, user, organisation, overview, actor, base };
}

/** For the editor pages: the draft and its content; without a draft (or write access) back to the plan page. */
export async function requireDraft(args: Parameters<typeof requirePlanContext>[0]) {
  const ctx = await requirePlanContext(args);
  if (!ctx.overview?.draft || ctx.organisation.access !== "write") throw redirect(ctx.base);
  const doc = await loadPlanDocument(ctx.db, { versionId: ctx.overview.draft.id });
  return { ...ctx, draft: ctx.overview.draft, doc };
}

/**
 * Maps the model's errors on a save: a conflict keeps the input and explains (409); a missing
 * plan or draft is a 404; anything else is rethrown.
 */
export function planSaveError<T>(error: unknown, reply: (message: string) => T) {
  if (error instanceof PlanConflictError) return data({ result: reply(CONFLICT_MESSAGE), conflict: true as const }, { status: 409 });
  if (error instanceof PlanNotFoundError) throw notFound();
  if (error instanceof PlanTransitionError) return data({ result: reply(error.message), conflict: false as const }, { status: 409 });
  if (error instanceof PlanIncompleteError)
    return data({ result: reply("Het plan is nog niet compleet."), conflict: false as const }, { status: 400 });
  throw error;
}

/**
 * The action of a section editor (general, themes, resources): validate with the form's schema,
 * save through `save` (which checks the lock and the right to write), then answer an automatic
 * save with the new lock version, and a normal save with a redirect to the task list. Invalid
 * input comes back with the user's values (400); a conflict keeps them too (409).
 */
export async function saveSection<Schema extends z.ZodType<{ lockVersion: number }>>(args: {
  formData: FormData;
  schema: Schema;
  base: string;
  save: (value: z.output<Schema>) => Promise<number>;
}) {
  const submission = parseWithZod(args.formData, { schema: args.schema });
  if (submission.status !== "success") return data({ result: submission.reply(), invalid: true }, { status: 400 });
  try {
    const lockVersion = await args.save(submission.value);
    if (args.formData.get("intent") === "autosave") return { lockVersion, savedAt: nowIso() };
  } catch (error) {
    return planSaveError(error, (message) => submission.reply({ formErrors: [message] }));
  }
  return redirect(`${args.base}?opgeslagen`);
}

/** The ministry's questions on the plan's themes or actions that wait for the organisation's answer. */
export async function openPlanQuestions(
  db: Executor,
  args: { overview: NonNullable<Awaited<ReturnType<typeof requirePlanContext>>["overview"]>; target: "theme" | "action" },
) {
  const questions = await loadPlanQuestions(db, {
    planId: args.overview.planId,
    versions: args.overview.versions,
    shown: args.overview.latest,
  });
  return questions.filter((q) => q.target === args.target && q.state === "open").map((q) => ({ id: q.id, about: q.about, text: q.text }));
}
