import { data, Form, redirect } from "react-router";
import { Lateness } from "~/components/document/lateness";
import type { Route } from "./+types/overview";
import { PlanStatusTag } from "~/components/document/status";
import { DraftTaskList } from "~/components/document/draft-task-list";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { VersionHistory } from "~/components/document/version-history";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { REPORT_SECTIONS, reportSectionStates } from "~/models/report.rules";
import { answerReportQuestion, assessVersion, reviseReport, startReport, versionIndicators } from "~/models/report.server";
import { loadReportQuestions } from "~/models/report-view.server";
import { answerQuestionPost, singleIntent } from "~/flows/review-questions.server";
import { openQuestionsText, ReviewQuestions } from "~/components/document/review-questions";
import { countCoveredOrganisations } from "~/models/report-grid.server";
import { reportStatesOfOrganisation } from "~/models/counted-version.server";
import { reportingYearState } from "~/models/reporting-year.server";
import { formatDate, formatDateTime } from "~/utils/time";
import { notFound, reportError, requireReportContext } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Rapportage ${params.year} - MVOI-portaal` }];

export async function loader(args: Route.LoaderArgs) {
  const { db, user, organisation, year, reportingYear, overview, base } = await requireReportContext(args);
  const states = overview?.draft
    ? reportSectionStates((await assessVersion(db, { organisationId: organisation.id, year, versionId: overview.draft.id })).input)
    : null;
  const url = new URL(args.request.url);
  // The report's state as every other page reads it: the organisation's own due date (its
  // extension if it has one), and lateness of the first submission against that date.
  const lateness = (await reportStatesOfOrganisation(db, { organisationId: organisation.id })).find((s) => s.year === year);
  const dueAt = lateness?.due_at ?? reportingYear.due_at;
  // The ministry's questions on single values, with the value when asked and in the newest version.
  const questions = overview
    ? await loadReportQuestions(db, {
        organisationId: organisation.id,
        reportId: overview.reportId,
        versions: overview.versions,
        shown: overview.latest,
        // The questions the newest version is shown with.
        indicators: await versionIndicators(db, { year, versionId: overview.latest.id }),
      })
    : [];
  return {
    base,
    year,
    reportingYear: {
      ...reportingYear,
      due_at: dueAt,
      state: reportingYearState({ ...reportingYear, due_at: dueAt }),
      extended: dueAt !== reportingYear.due_at,
    },
    canWrite: organisation.access === "write",
    overview,
    states,
    lateness: { late: lateness?.late ?? false, submitted: lateness?.submitted ?? false },
    saved: url.searchParams.has("opgeslagen"),
    // A joint signatory (the Unie) also reports for the organisations it signed for.
    coversOthers:
      organisation.access === "write" && (await countCoveredOrganisations(db, { userId: user.id, signatoryId: organisation.id })) > 0,
    submitted: url.searchParams.get("ingediend"),
    answered: url.searchParams.has("beantwoord"),
    questions: questions.map((q) => ({
      ...q,
      // Where the value is changed: the section's form while there is a draft.
      href: overview?.draft ? (q.target === "answer" ? `${base}/${q.section}#rapportage-${q.item}` : `${base}/voortgang`) : undefined,
    })),
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, year, actor, base, overview } = await requireReportContext(args);
  const formData = await args.request.formData();
  const intent = singleIntent(formData);
  if (intent === "answer-question") {
    if (organisation.access !== "write") throw notFound();
    return answerQuestionPost({
      formData,
      answer: (questionId, answer, seen) =>
        answerReportQuestion(db, { actor, organisationId: organisation.id, year, questionId, answer, seen }),
      documentError: reportError,
      done: (questionId) => `${base}?beantwoord#vraag-${questionId}`,
    });
  }
  if (intent === "revise" && !overview) return data({ error: "Er is nog geen rapportage om te herzien." }, { status: 400 });
  try {
    if (intent === "start") await startReport(db, { actor, organisationId: organisation.id, year });
    else if (intent === "revise") await reviseReport(db, { actor, organisationId: organisation.id, year });
    else return data({ error: "Onbekende handeling." }, { status: 400 });
  } catch (error) {
    const { status, message } = reportError(error);
    return data({ error: message }, { status });
  }
  return redirect(base);
}

export default function ReportOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { base, year, reportingYear, canWrite, overview, states } = loaderData;
  const latest = overview?.latest;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={`${base.replace(/\/rapportage\/\d+$/, "")}/rapportages`}>Alle jaarrapportages</Link>
      </Paragraph>
      <Heading level={1}>Rapportage {year}</Heading>
      {loaderData.saved ? <Alert type="ok">Uw wijzigingen zijn opgeslagen.</Alert> : null}
      {loaderData.submitted ? (
        <Alert type="ok">
          Uw rapportage is ingediend{loaderData.submitted === "laat" ? " (na de uiterste datum; ze wordt gewoon beoordeeld)" : ""}. Het
          ministerie beoordeelt haar; u ziet de uitkomst op deze pagina.
        </Alert>
      ) : null}
      {actionData && "error" in actionData ? <Alert type="error">{actionData.error}</Alert> : null}
      {loaderData.answered ? <Alert type="ok">Uw antwoord is opgeslagen. Het ministerie ziet het bij de vraag.</Alert> : null}
      <Paragraph>
        Status: <PlanStatusTag status={latest?.status ?? "none"} />
        {latest ? ` · versie ${latest.number}` : ""}
        <Lateness {...loaderData.lateness} /> · open vanaf {formatDate(reportingYear.opens_at)}, uiterlijk{" "}
        {formatDate(reportingYear.due_at)}
        {reportingYear.extended ? " (met uitstel)" : ""}
      </Paragraph>

      {latest?.status === "returned" ? (
        <Alert type="warning">
          <strong>Het ministerie heeft versie {latest.number} teruggestuurd</strong>
          {latest.reviewed_at ? ` op ${formatDateTime(latest.reviewed_at)}` : ""}. De reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{latest.return_reason}</blockquote>
          {openQuestionsText(loaderData.questions, "organisation") ? (
            <Paragraph>
              Het ministerie heeft ook vragen over waarden: <a href="#vragen">{openQuestionsText(loaderData.questions, "organisation")}</a>.
            </Paragraph>
          ) : null}
          {canWrite ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revise" />
              <Button>Rapportage aanpassen</Button>
            </Form>
          ) : null}
        </Alert>
      ) : null}
      {overview?.draft?.reopen_reason ? (
        <Alert type="info">
          Het ministerie heeft de geaccepteerde rapportage heropend. De reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{overview.draft.reopen_reason}</blockquote>
        </Alert>
      ) : null}

      {loaderData.coversOthers && reportingYear.state !== "not_open" ? (
        <Alert type="info">
          Uw organisatie tekende ook voor andere organisaties.{" "}
          <Link to={`${base}/raster`}>Rapporteer voor alle leden tegelijk in één overzicht</Link>.
        </Alert>
      ) : null}
      {!overview ? (
        reportingYear.state === "not_open" ? (
          <Paragraph>
            De rapportage over {year} opent op {formatDate(reportingYear.opens_at)}.
          </Paragraph>
        ) : canWrite ? (
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <Paragraph>U heeft de rapportage over {year} nog niet geopend.</Paragraph>
            <Button>Rapportage {year} invullen</Button>
          </Form>
        ) : (
          <Paragraph>Er is nog geen rapportage over {year}.</Paragraph>
        )
      ) : null}

      {overview?.draft && states ? (
        <>
          <DraftTaskList number={overview.draft.number} sections={REPORT_SECTIONS} states={states} base={base} canWrite={canWrite} />
        </>
      ) : null}

      <ReviewQuestions
        questions={loaderData.questions}
        mode="organisation"
        canAct={canWrite}
        error={actionData && "answerError" in actionData ? actionData.answerError : null}
        intro={
          latest?.status === "submitted"
            ? "Het ministerie stelde deze vragen bij het beoordelen. U kunt ze nu al beantwoorden. Waarden aanpassen kan pas als het ministerie de rapportage terugstuurt."
            : "Het ministerie stelde deze vragen bij het beoordelen. Beantwoord een vraag hieronder en pas de waarde aan als dat nodig is; dien daarna de rapportage opnieuw in. Het ministerie sluit een vraag als het antwoord genoeg is."
        }
      />

      {overview ? (
        <>
          <Heading level={2}>Versies</Heading>
          <VersionHistory
            versions={overview.versions}
            versionHref={(n) => `${base}/versies/${n}`}
            caption="Alle versies van deze rapportage, nieuwste eerst"
          />
        </>
      ) : null}
    </div>
  );
}
