import { data, Form, redirect } from "react-router";
import { Lateness } from "~/components/document/lateness";
import type { Route } from "./+types/overview";
import { PlanStatusTag } from "~/components/document/status";
import { DraftTaskList } from "~/components/document/draft-task-list";
import { VersionHistory } from "~/components/document/version-history";
import { Alert } from "~/components/ui/alert";
import { Button, ButtonLink } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import {
  answerPlanQuestion,
  loadPlanDocument,
  loadPlanQuestions,
  PlanNotFoundError,
  PlanTransitionError,
  revisePlan,
  startPlan,
} from "~/models/action-plan.server";
import { answerQuestionPost, singleIntent } from "~/flows/review-questions.server";
import { openQuestionsText, ReviewQuestions } from "~/components/document/review-questions";
import { SECTIONS, sectionStates } from "~/models/action-plan.schema";
import { actionPlanDueDate } from "~/models/organisation.schema";
import { formatDate, formatDateTime, todayInNL } from "~/utils/time";
import { notFound, planSaveError, requirePlanContext } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Actieplan MVOI - MVOI-portaal" }];

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, overview, base } = await requirePlanContext(args);
  const draftDoc = overview?.draft ? await loadPlanDocument(db, { versionId: overview.draft.id }) : null;
  const dueDate = actionPlanDueDate(organisation.signed_at);
  const everSubmitted = Boolean(overview?.versions.some((v) => v.submitted_at));
  return {
    base,
    canWrite: organisation.access === "write",
    overview,
    states: draftDoc ? sectionStates(draftDoc) : null,
    dueDate,
    overdue: Boolean(dueDate && dueDate < todayInNL() && !everSubmitted),
    saved: new URL(args.request.url).searchParams.has("opgeslagen"),
    submitted: new URL(args.request.url).searchParams.has("ingediend"),
    answered: new URL(args.request.url).searchParams.has("beantwoord"),
    // The ministry's questions on themes and actions, with the value when asked and in the newest version.
    questions: overview
      ? (await loadPlanQuestions(db, { planId: overview.planId, versions: overview.versions, shown: overview.latest })).map((q) => ({
          ...q,
          href: overview.draft ? `${base}/${q.target === "theme" ? "themas" : "acties"}` : undefined,
        }))
      : [],
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base, overview } = await requirePlanContext(args);
  const formData = await args.request.formData();
  const intent = singleIntent(formData);
  if (intent === "answer-question") {
    if (organisation.access !== "write") throw notFound();
    return answerQuestionPost({
      formData,
      answer: (questionId, answer, seen) => answerPlanQuestion(db, { actor, organisationId: organisation.id, questionId, answer, seen }),
      documentError: (error) => {
        if (error instanceof PlanNotFoundError) throw notFound();
        if (error instanceof PlanTransitionError) return { status: 409, message: error.message };
        throw error;
      },
      done: (questionId) => `${base}?beantwoord#vraag-${questionId}`,
    });
  }
  if (intent === "revise" && !overview) return data({ error: "Er is nog geen actieplan om te herzien." }, { status: 400 });
  try {
    if (intent === "start") await startPlan(db, { actor, organisationId: organisation.id });
    else if (intent === "revise") await revisePlan(db, { actor, organisationId: organisation.id });
    else return data({ error: "Onbekende handeling." }, { status: 400 });
  } catch (error) {
    return planSaveError(error, (message) => ({ error: message }));
  }
  return redirect(base);
}

export default function PlanOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { base, canWrite, overview, states, dueDate, overdue } = loaderData;
  const latest = overview?.latest;
  const error =
    actionData && "result" in actionData ? actionData.result.error : actionData && "error" in actionData ? actionData.error : null;
  const answerError = actionData && "answerError" in actionData ? actionData.answerError : null;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Actieplan MVOI</Heading>
      {loaderData.saved ? <Alert type="ok">Uw wijzigingen zijn opgeslagen.</Alert> : null}
      {loaderData.answered ? <Alert type="ok">Uw antwoord is opgeslagen. Het ministerie ziet het bij de vraag.</Alert> : null}
      {openQuestionsText(loaderData.questions, "organisation") ? (
        <Alert type="warning">
          Het ministerie heeft vragen over uw plan: <a href="#vragen">{openQuestionsText(loaderData.questions, "organisation")}</a>.
        </Alert>
      ) : null}
      {loaderData.submitted ? (
        <Alert type="ok">Uw actieplan is ingediend. Het ministerie beoordeelt het; u ziet de uitkomst op deze pagina.</Alert>
      ) : null}
      {error ? <Alert type="error">{error}</Alert> : null}

      <Paragraph>
        Status: <PlanStatusTag status={latest?.status ?? "none"} />
        {latest ? <> · versie {latest.number}</> : null}
        {dueDate ? (
          <>
            {" "}
            · uiterlijk {formatDate(dueDate)}
            <Lateness late={overdue} submitted={false} />
          </>
        ) : null}
      </Paragraph>

      {latest?.status === "returned" ? (
        <Alert type="warning">
          <strong>Het ministerie heeft versie {latest.number} teruggestuurd</strong>
          {latest.reviewed_at ? ` op ${formatDateTime(latest.reviewed_at)}` : ""}. De reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{latest.return_reason}</blockquote>
          Herzie het plan en dien het opnieuw in.
        </Alert>
      ) : null}

      {!overview ? (
        <>
          <Paragraph>
            Uw organisatie heeft nog geen actieplan in het portaal. Een actieplan beschrijft per thema uw ambitie, de acties die u daarvoor
            onderneemt en de tijd en het budget die u ervoor reserveert.
          </Paragraph>
          {canWrite ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <Button>Actieplan opstellen</Button>
            </Form>
          ) : null}
        </>
      ) : null}

      {overview?.draft?.reopen_reason ? (
        <Alert type="warning">
          Het ministerie heeft het geaccepteerde actieplan heropend. De reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{overview.draft.reopen_reason}</blockquote>
        </Alert>
      ) : null}
      {overview?.draft && states ? (
        <>
          <DraftTaskList number={overview.draft.number} sections={SECTIONS} states={states} base={base} canWrite={canWrite}>
            <Paragraph>
              Vul de onderdelen in de volgorde die u wilt. U kunt steeds tussentijds opslaan.
              {overview.draft.updated_by_name
                ? ` Laatst gewijzigd ${formatDateTime(overview.draft.updated_at)} door ${overview.draft.updated_by_name}.`
                : ""}
            </Paragraph>
          </DraftTaskList>
        </>
      ) : null}

      {latest && latest.status !== "draft" && !overview?.draft ? (
        <>
          <Paragraph>
            {latest.status === "submitted"
              ? "Het ministerie beoordeelt deze versie. U kunt het plan intussen herzien; dat begint een nieuwe versie."
              : latest.status === "accepted"
                ? "Het ministerie heeft dit plan geaccepteerd. Verandert uw plan? Herzie het dan: dat begint een nieuwe versie."
                : null}
          </Paragraph>
          <div className="mvoi-button-row">
            <ButtonLink appearance="secondary" to={`${base}/versies/${latest.number}`}>
              Versie {latest.number} bekijken
            </ButtonLink>
            {canWrite ? (
              <Form method="post">
                <input type="hidden" name="intent" value="revise" />
                <Button>Plan herzien</Button>
              </Form>
            ) : null}
          </div>
        </>
      ) : null}

      <ReviewQuestions
        questions={loaderData.questions}
        mode="organisation"
        title="Vragen over thema's en acties"
        canAct={canWrite}
        error={answerError}
        intro={
          latest?.status === "submitted"
            ? "Het ministerie stelde deze vragen bij het beoordelen. U kunt ze nu al beantwoorden. Het plan aanpassen kan pas als het ministerie het terugstuurt."
            : "Het ministerie stelde deze vragen bij het beoordelen. Beantwoord een vraag hieronder en pas het plan aan als dat nodig is; dien daarna het plan opnieuw in. Het ministerie sluit een vraag als het antwoord genoeg is."
        }
      />

      {overview ? (
        <>
          <Heading level={2}>Versies</Heading>
          <VersionHistory versions={overview.versions} versionHref={(n) => `${base}/versies/${n}`} compareAction={`${base}/vergelijken`} />
        </>
      ) : null}
    </div>
  );
}
