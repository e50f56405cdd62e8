import { data, Form, redirect } from "react-router";
import { z } from "~/utils/zod";
import type { Route } from "./+types/report";
import { ReviewPanel } from "~/components/document/review-panel";
import { VersionStatus } from "~/components/document/version-status";
import { ReportView } from "~/components/report/report-view";
import { ReviewSummary } from "~/components/report/review-summary";
import { deviationsOf } from "~/models/report.rules";
import { getReportingYear } from "~/models/reporting-year.server";
import { PlainTextarea } from "~/components/forms/plain-fields";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { reportStatesOfOrganisation, reviewableVersion } from "~/models/counted-version.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { portalOrigin } from "~/mail/links.server";
import {
  askReportQuestion,
  closeReportQuestion,
  getReportOverviewForReview,
  ReportNotFoundError,
  ReportTransitionError,
  reviewReport,
  type ReportQuestionItem,
} from "~/models/report.server";
import { loadReportQuestions, loadReportView, loadVersionChanges } from "~/models/report-view.server";
import { reviewerQuestionPost, singleIntent } from "~/flows/review-questions.server";
import { AskQuestionForm, openQuestionsText, ReviewQuestions, type AskChoices } from "~/components/document/review-questions";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { VersionChanges } from "~/components/report/version-changes";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Rapportage ${params.year} - Ministerie - MVOI-portaal` }];

const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

async function context(args: { params: { slug?: string; year?: string } }) {
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: args.params.slug ?? "" });
  const year = Number(args.params.year);
  if (!organisation || !Number.isInteger(year)) throw notFound();
  const overview = await getReportOverviewForReview(db, { organisationId: organisation.id, year });
  if (!overview) throw notFound();
  return { db, organisation, year, overview, base: `/ministerie/rapportages/${organisation.slug}/${year}` };
}

/** The ministry sees submitted versions (drafts are the organisation's own). */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, overview, base } = await context(args);
  const { visible, version } = reviewableVersion(overview.versions, new URL(args.request.url).searchParams.get("versie"));
  if (!version) throw notFound();
  const [states, reportingYear, view] = await Promise.all([
    reportStatesOfOrganisation(db, { organisationId: organisation.id }),
    getReportingYear(db, { year }),
    loadReportView(db, { organisationId: organisation.id, year, versionId: version.id }),
  ]);
  const state = states.find((r) => r.year === year);
  const questions = await loadReportQuestions(db, {
    organisationId: organisation.id,
    reportId: overview.reportId,
    versions: overview.versions,
    shown: version,
    indicators: view.indicators,
    upToVersion: version.number,
  });
  const canAsk = version.status === "submitted" && version.number === overview.latest.number;
  // The values one can ask about: every question of the version per section, and the actions' stand.
  const askChoices: AskChoices = canAsk
    ? REPORT_SECTIONS.map((section) => ({
        group: section.title,
        options:
          section.key === "voortgang"
            ? view.progress.map((p) => ({ value: `action:${p.lineage_id}`, label: `Actie: ${p.title}` }))
            : view.indicators.filter((i) => i.section === section.key).map((i) => ({ value: `answer:${i.code}`, label: i.label })),
      })).filter((g) => g.options.length > 0)
    : [];
  const changes = await loadVersionChanges(db, {
    organisationId: organisation.id,
    year,
    versionId: version.id,
    number: version.number,
    indicators: view.indicators,
  });
  return {
    organisation: { name: organisation.name },
    year,
    base,
    version,
    versions: visible,
    isLatest: version.number === overview.latest.number,
    // The report's lateness (first submission against its due date), as on every other page.
    state: state
      ? { due: state.due_at, extended: state.due_at !== reportingYear?.due_at, late: state.late, submitted: state.submitted }
      : null,
    view,
    deviations: deviationsOf(view.indicators, view.answers, view.previous),
    changes,
    questions: questions.map((q) => ({ ...q, href: `#${q.target === "answer" ? `vraag-${q.item}` : `actie-${q.item}`}` })),
    askChoices,
    chosen: new URL(args.request.url).searchParams.get("vraag"),
    showAllChanges: new URL(args.request.url).searchParams.get("wijzigingen") === "alle",
    message: new URL(args.request.url).searchParams.get("melding"),
  };
}

const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({
    intent: z.enum(["return", "reopen"]),
    reason: z.string().trim().min(10, "Schrijf in ten minste 10 tekens waarom.").max(4000, "Hoogstens 4000 tekens."),
  }),
]);

export async function action(args: Route.ActionArgs) {
  const user = requireUser(args.context, args.request);
  const { db, organisation, year, base } = await context(args);
  const formData = await args.request.formData();
  const intent = singleIntent(formData);
  if (intent === "ask" || intent === "close-question") {
    const actor = { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip };
    return reviewerQuestionPost({
      formData,
      intent,
      targets: ["answer", "action"],
      ask: (q) => askReportQuestion(db, { actor, organisationId: organisation.id, year, ...(q as typeof q & ReportQuestionItem) }),
      close: (questionId) => closeReportQuestion(db, { actor, organisationId: organisation.id, year, questionId }),
      notFound: ReportNotFoundError,
      refused: ReportTransitionError,
      base,
    });
  }
  const versionNumber = Number(formData.get("version"));
  const parsed = reviewSchema.safeParse({ intent: formData.get("intent"), reason: formData.get("reason") ?? undefined });
  if (!parsed.success || !Number.isSafeInteger(versionNumber)) {
    return data(
      {
        form: "review" as const,
        error: parsed.error?.issues[0]?.message ?? "Onbekende handeling.",
        reason: String(formData.get("reason") ?? ""),
        // Only a reason that is too short or too long is the reason field's own error.
        onReason: parsed.error?.issues[0]?.path[0] === "reason",
      },
      { status: 400 },
    );
  }
  const actor = { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip };
  try {
    await reviewReport(db, {
      actor,
      organisationId: organisation.id,
      year,
      versionNumber,
      origin: portalOrigin(args.request),
      ...(parsed.data.intent === "accept" ? { decision: "accept" } : { decision: parsed.data.intent, reason: parsed.data.reason }),
    });
    deliverMailSoon();
  } catch (error) {
    // The report exists (context above), so it is the version in the hidden field that does not.
    if (error instanceof ReportNotFoundError)
      return data(
        { form: "review" as const, error: "Deze versie bestaat niet. Laad de pagina opnieuw.", reason: "", onReason: false },
        { status: 400 },
      );
    if (error instanceof ReportTransitionError)
      return data(
        { form: "review" as const, error: error.message, reason: String(formData.get("reason") ?? ""), onReason: false },
        { status: 409 },
      );
    throw error;
  }
  const message = { accept: "geaccepteerd", return: "teruggestuurd", reopen: "heropend" }[parsed.data.intent];
  return redirect(`${base}?versie=${versionNumber}&melding=${message}`);
}

const MESSAGES: Record<string, string> = {
  geaccepteerd: "U heeft deze versie geaccepteerd.",
  teruggestuurd: "U heeft deze versie teruggestuurd. De organisatie ziet uw toelichting.",
  heropend: "U heeft de rapportage heropend. De organisatie kan een nieuwe versie indienen.",
  "vraag-gesteld": "Uw vraag is opgeslagen. De organisatie ziet haar bij de waarde.",
  "vraag-gesloten": "De vraag is afgesloten.",
};

export default function MinistryReport({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation, year, base, version, view, message, isLatest, state, deviations, changes, showAllChanges, questions } = loaderData;
  const review = actionData && actionData.form === "review" ? actionData : null;
  const asked = actionData && actionData.form === "ask" ? actionData : null;
  const closing = actionData && actionData.form === "close" ? actionData : null;
  const unclosed = new Set(questions.filter((q) => q.state !== "closed").map((q) => `${q.target}:${q.item}`));
  const decision =
    version.status === "submitted"
      ? { href: "#beoordelen", text: "Naar accepteren of terugsturen" }
      : version.status === "accepted" && isLatest
        ? { href: "#heropenen", text: "Naar heropenen" }
        : null;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={`/ministerie/rapportages?jaar=${year}`}>Terug naar de rapportages {year}</Link>
      </Paragraph>
      <Heading level={1}>
        Rapportage {year}: {organisation.name}
      </Heading>
      {message && MESSAGES[message] ? <Alert type="ok">{MESSAGES[message]}</Alert> : null}
      {review?.error ? <Alert type="error">{review.error}</Alert> : null}
      {asked && !loaderData.askChoices.length ? (
        <Alert type="error">U kunt alleen een vraag stellen over de versie die ter beoordeling ligt.</Alert>
      ) : null}
      {/* What was typed, kept where it can be copied (the form is not shown for this version). */}
      {asked && !loaderData.askChoices.length && asked.values.question ? (
        <Paragraph>
          Uw vraag was: <q>{asked.values.question}</q>
        </Paragraph>
      ) : null}
      <ReviewSummary
        due={state?.due ?? null}
        extended={state?.extended ?? false}
        late={state?.late ?? false}
        submitted={state?.submitted ?? false}
        deviations={deviations}
        decisionHref={decision?.href ?? null}
        decisionText={decision?.text ?? ""}
        changes={changes ? { previousNumber: changes.previousNumber, changed: changes.changed } : null}
        questions={questions.length ? (openQuestionsText(questions, "ministry") ?? "Alle vragen zijn afgesloten") : null}
      >
        {/* Lateness is on the summary's "Termijn" line. */}
        <VersionStatus version={version} />
      </ReviewSummary>
      {changes ? (
        <VersionChanges
          changes={changes}
          number={version.number}
          showAll={showAllChanges}
          allHref={`${base}?versie=${version.number}&wijzigingen=alle#wijzigingen`}
          changedHref={`${base}?versie=${version.number}#wijzigingen`}
        />
      ) : null}
      <ReviewQuestions
        questions={questions}
        mode="ministry"
        canAct={isLatest}
        error={closing ? { questionId: closing.questionId, message: closing.message } : null}
      />
      <ReportView
        {...view}
        year={year}
        historyHref={`${base}/geschiedenis`}
        askHref={loaderData.askChoices.length ? (about) => `${base}?versie=${version.number}&vraag=${about}#stel-vraag-blok` : undefined}
        openQuestions={unclosed}
      />
      {loaderData.askChoices.length ? (
        <AskQuestionForm
          choices={loaderData.askChoices}
          versionNumber={version.number}
          chosen={loaderData.chosen}
          errors={asked?.errors}
          values={asked?.values}
          documentWord="de rapportage"
          asked={questions.length}
        />
      ) : null}
      {version.status === "submitted" ? (
        <ReviewPanel
          versionNumber={version.number}
          reasonField={
            <PlainTextarea
              id="reden"
              name="reason"
              label="Reden om terug te sturen"
              description="De organisatie ziet deze tekst."
              defaultValue={review?.reason}
              errors={review?.error && review.onReason ? [review.error] : undefined}
            />
          }
        />
      ) : null}
      {version.status === "accepted" && isLatest ? (
        <section aria-labelledby="heropenen" className="mvoi-review">
          <Heading level={2} id="heropenen">
            Heropenen
          </Heading>
          <Form method="post" className="mvoi-form">
            <input type="hidden" name="version" value={version.number} />
            <PlainTextarea
              id="reden-heropenen"
              name="reason"
              label="Reden om te heropenen"
              description="De organisatie ziet deze tekst en kan een nieuwe versie indienen."
            />
            <Button appearance="secondary" name="intent" value="reopen">
              Heropenen
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
