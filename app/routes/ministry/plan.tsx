import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/plan";
import { FieldError } from "~/components/forms/text-field";
import { PlanView } from "~/components/plan/plan-view";
import { ReviewPanel } from "~/components/document/review-panel";
import { VersionStatus } from "~/components/document/version-status";
import { VersionHistory } from "~/components/document/version-history";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { reopenSchema, reviewSchema } from "~/models/action-plan.schema";
import { reviewableVersion } from "~/models/counted-version.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { portalOrigin } from "~/mail/links.server";
import {
  askPlanQuestion,
  closePlanQuestion,
  loadPlanDocument,
  loadPlanQuestions,
  PlanNotFoundError,
  PlanTransitionError,
  reviewPlan,
  type PlanQuestionItem,
} from "~/models/action-plan.server";
import { reviewerQuestionPost, singleIntent } from "~/flows/review-questions.server";
import { AskQuestionForm, openQuestionsText, ReviewQuestions, type AskChoices } from "~/components/document/review-questions";
import { THEME_NAMES } from "~/models/theme";
import { notFound, requireReviewPlan } from "./plan.server";

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: `Actieplan ${loaderData?.organisation.name ?? ""} - Ministerie - MVOI-portaal` },
];

/** Which version to show: ?versie=N, else the newest that is not a draft (drafts are the organisation's own). */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, overview, base } = await requireReviewPlan(args);
  const asked = new URL(args.request.url).searchParams.get("versie");
  const { visible, version } = reviewableVersion(overview.versions, asked);
  if (asked && !version) throw notFound();
  const message = new URL(args.request.url).searchParams.get("melding");
  const doc = version ? await loadPlanDocument(db, { versionId: version.id }) : null;
  const questions = version
    ? await loadPlanQuestions(db, { planId: overview.planId, versions: overview.versions, shown: version, upToVersion: version.number })
    : [];
  // The reviewer asks about a chosen theme or an action of the version waiting for review.
  const askChoices: AskChoices =
    version && doc && version.status === "submitted" && version.number === overview.versions[0]?.number
      ? [
          {
            group: "Thema's",
            options: doc.themes
              .filter((t) => t.chosen)
              .map((t) => ({ value: `theme:${t.theme}`, label: `Thema: ${THEME_NAMES[t.theme]}` })),
          },
          { group: "Acties", options: doc.actions.map((a) => ({ value: `action:${a.lineageId}`, label: `Actie: ${a.title}` })) },
        ].filter((g) => g.options.length > 0)
      : [];
  return {
    organisation: { name: organisation.name, slug: organisation.slug },
    versions: visible,
    hasDraft: Boolean(overview.draft),
    version: version ?? null,
    doc,
    questions,
    askChoices,
    chosen: new URL(args.request.url).searchParams.get("vraag"),
    isNewest: version ? version.number === overview.versions[0]?.number : false,
    base,
    message,
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base, overview } = await requireReviewPlan(args);
  const formData = await args.request.formData();
  const versionNumber = Number(formData.get("version"));
  const intent = singleIntent(formData);
  if (intent === "ask" || intent === "close-question") {
    return reviewerQuestionPost({
      formData,
      intent,
      targets: ["theme", "action"],
      ask: (q) => askPlanQuestion(db, { actor, organisationId: organisation.id, ...(q as typeof q & PlanQuestionItem) }),
      close: (questionId) => closePlanQuestion(db, { actor, organisationId: organisation.id, questionId }),
      notFound: PlanNotFoundError,
      refused: PlanTransitionError,
      base,
    });
  }
  if (formData.get("intent") === "reopen") return reopen({ db, organisation, actor, base, overview, formData, versionNumber });
  const submission = parseWithZod(formData, { schema: reviewSchema });
  // The intent (a button) and the version (a hidden field) have no place for a message of their
  // own: when they are wrong, say so above the form.
  const stale = "Deze beoordeling hoort niet bij een versie die u kunt beoordelen. Laad de pagina opnieuw.";
  const reviewable = overview.versions.some((v) => v.number === versionNumber && v.status === "submitted");
  if (!reviewable || (submission.status !== "success" && submission.error?.intent)) {
    return data({ result: submission.reply({ formErrors: [stale] }) }, { status: 400 });
  }
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await reviewPlan(
      db,
      submission.value.intent === "accept"
        ? { actor, organisationId: organisation.id, versionNumber, origin: portalOrigin(args.request), decision: "accept" }
        : {
            actor,
            organisationId: organisation.id,
            versionNumber,
            origin: portalOrigin(args.request),
            decision: "return",
            reason: submission.value.reason,
          },
    );
    deliverMailSoon();
  } catch (error) {
    // The plan exists (requireReviewPlan), so the version asked for does not.
    if (error instanceof PlanNotFoundError) return data({ result: submission.reply({ formErrors: [stale] }) }, { status: 400 });
    if (error instanceof PlanTransitionError) return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
    throw error;
  }
  return redirect(`${base}?versie=${versionNumber}&melding=${submission.value.intent === "accept" ? "geaccepteerd" : "teruggestuurd"}`);
}

/** The ministry reopens the newest, accepted version: a new draft for the organisation, with the reason. */
async function reopen(args: {
  db: Awaited<ReturnType<typeof requireReviewPlan>>["db"];
  organisation: { id: number };
  actor: Awaited<ReturnType<typeof requireReviewPlan>>["actor"];
  base: string;
  overview: Awaited<ReturnType<typeof requireReviewPlan>>["overview"];
  formData: FormData;
  versionNumber: number;
}) {
  const submission = parseWithZod(args.formData, { schema: reopenSchema });
  const newest = args.overview.versions[0];
  if (!newest || newest.number !== args.versionNumber || newest.status !== "accepted") {
    const stale = "Alleen de nieuwste, geaccepteerde versie kan worden heropend. Laad de pagina opnieuw.";
    return data({ result: submission.reply({ formErrors: [stale] }), form: "heropenen" as const }, { status: 400 });
  }
  // The intent (a button) has no place for a message of its own: when it is malformed, say so above the form.
  if (submission.status !== "success" && submission.error?.intent) {
    const unclear = "Deze handeling is niet duidelijk. Laad de pagina opnieuw en kies Heropenen.";
    return data({ result: submission.reply({ formErrors: [unclear] }), form: "heropenen" as const }, { status: 400 });
  }
  if (submission.status !== "success") return data({ result: submission.reply(), form: "heropenen" as const }, { status: 400 });
  try {
    await reviewPlan(args.db, {
      actor: args.actor,
      organisationId: args.organisation.id,
      versionNumber: args.versionNumber,
      decision: "reopen",
      reason: submission.value.reason,
    });
  } catch (error) {
    if (error instanceof PlanNotFoundError || error instanceof PlanTransitionError) {
      return data({ result: submission.reply({ formErrors: [error.message] }), form: "heropenen" as const }, { status: 409 });
    }
    throw error;
  }
  return redirect(`${args.base}?versie=${args.versionNumber}&melding=heropend`);
}

export default function MinistryPlan({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation, versions, version, doc, base, message, hasDraft, isNewest, questions, askChoices } = loaderData;
  const restoredResult = useRestoredResult();
  // The page's forms answer in different shapes: the review and reopen forms (Conform), the question forms.
  const answered = actionData as
    | {
        form?: "heropenen" | "ask" | "close";
        result?: SubmissionResult<string[]>;
        errors?: { about?: string; question?: string; form?: string };
        values?: { about?: string; question?: string; followUp?: boolean };
        questionId?: number;
        message?: string;
      }
    | undefined;
  const reopening = answered?.form === "heropenen";
  const asked = answered?.form === "ask" ? answered : null;
  const closing = answered?.form === "close" ? answered : null;
  const [form, fields] = useForm({
    id: "beoordeling",
    lastResult: reopening ? undefined : (answered?.result ?? restoredResult),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewSchema }),
    shouldValidate: "onSubmit",
  });
  const [reopenForm, reopenFields] = useForm({
    id: "heropenen",
    lastResult: reopening ? answered?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reopenSchema }),
    shouldValidate: "onSubmit",
  });
  const { key: reopenKey, ...reopenProps } = getTextareaProps(reopenFields.reason);
  const reasonField = (fields as unknown as Record<string, Parameters<typeof getTextareaProps>[0]>).reason!;
  const { key: reasonKey, ...reasonProps } = getTextareaProps(reasonField);
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to="/ministerie/actieplannen">Terug naar alle actieplannen</Link>
      </Paragraph>
      <Heading level={1}>Actieplan {organisation.name}</Heading>
      {message === "geaccepteerd" ? <Alert type="ok">U heeft deze versie geaccepteerd.</Alert> : null}
      {message === "teruggestuurd" ? <Alert type="ok">U heeft deze versie teruggestuurd. De organisatie ziet uw toelichting.</Alert> : null}
      {message === "vraag-gesteld" ? <Alert type="ok">Uw vraag is opgeslagen. De organisatie ziet haar bij het plan.</Alert> : null}
      {message === "vraag-gesloten" ? <Alert type="ok">De vraag is afgesloten.</Alert> : null}
      {asked && !askChoices.length ? (
        <Alert type="error">U kunt alleen een vraag stellen over de versie die ter beoordeling ligt.</Alert>
      ) : null}
      {/* What was typed, kept where it can be copied (the form is not shown for this version). */}
      {asked && !askChoices.length && asked.values?.question ? (
        <Paragraph>
          Uw vraag was: <q>{asked.values?.question}</q>
        </Paragraph>
      ) : null}
      {message === "heropend" ? (
        <Alert type="ok">U heeft het actieplan heropend. De organisatie kan een nieuwe versie indienen en ziet uw reden.</Alert>
      ) : null}
      {form.errors?.length ? <Alert type="error">{form.errors.join(" ")}</Alert> : null}
      {/* Here, not in the reopen section: a refused reopen may come from a page where that section is no longer shown. */}
      {reopenForm.errors?.length ? <Alert type="error">{reopenForm.errors.join(" ")}</Alert> : null}
      {!version || !doc ? (
        <Paragraph>
          {organisation.name} heeft nog geen versie ingediend{hasDraft ? "; er is een concept in bewerking" : ""}.
        </Paragraph>
      ) : (
        <>
          <VersionStatus version={version} />
          {version.status === "submitted" ? (
            <Paragraph>
              <a className="nl-link" href="#beoordelen">
                Naar accepteren of terugsturen
              </a>
            </Paragraph>
          ) : null}
          {hasDraft ? <Alert type="info">De organisatie werkt aan een nieuwe versie; die ziet u zodra ze is ingediend.</Alert> : null}
          {openQuestionsText(questions, "ministry") ? (
            <Paragraph>
              <a className="nl-link" href="#vragen">
                {openQuestionsText(questions, "ministry")}
              </a>
            </Paragraph>
          ) : null}
          <ReviewQuestions
            questions={questions}
            mode="ministry"
            title="Vragen over thema's en acties"
            canAct={isNewest}
            error={closing ? { questionId: closing.questionId ?? NaN, message: closing.message ?? "" } : null}
          />
          <PlanView doc={doc} fileHref={`${base}/versies/${version.number}/plan.pdf`} />
          {askChoices.length ? (
            <AskQuestionForm
              choices={askChoices}
              versionNumber={version.number}
              chosen={loaderData.chosen}
              errors={asked?.errors}
              values={asked?.values}
              documentWord="het plan"
              words={{
                title: "Een vraag stellen over een thema of actie",
                label: "Over welk thema of welke actie?",
                choose: "Kies een thema of actie",
              }}
              asked={questions.length}
            />
          ) : null}

          {version.status === "submitted" ? (
            <ReviewPanel
              versionNumber={version.number}
              acceptText="Voldoet het plan? Accepteer het dan."
              returnForm={getFormProps(form)}
              reasonField={
                <div
                  className={`utrecht-form-field utrecht-form-field--textarea${reasonField.errors?.length ? " utrecht-form-field--invalid" : ""}`}
                >
                  <div className="utrecht-form-field__label">
                    <label className="utrecht-form-label" htmlFor={reasonField.id}>
                      Reden om terug te sturen
                    </label>
                  </div>
                  <div className="utrecht-form-field__description" id={reasonField.descriptionId}>
                    De organisatie ziet deze tekst. Schrijf wat er moet veranderen.
                  </div>
                  <FieldError field={reasonField} />
                  <div className="utrecht-form-field__input">
                    <textarea
                      key={reasonKey}
                      {...reasonProps}
                      rows={4}
                      aria-describedby={[reasonField.descriptionId, reasonField.errors?.length ? reasonField.errorId : ""].join(" ").trim()}
                      className="utrecht-textarea utrecht-textarea--html-textarea"
                    />
                  </div>
                </div>
              }
            />
          ) : null}
          {version.status === "accepted" && isNewest && !hasDraft ? (
            <section aria-labelledby="heropenen-titel" className="mvoi-review">
              <Heading level={2} id="heropenen-titel">
                Heropenen
              </Heading>
              <Form method="post" {...getFormProps(reopenForm)} className="mvoi-form">
                <input type="hidden" name="version" value={version.number} />
                <div
                  className={`utrecht-form-field utrecht-form-field--textarea${reopenFields.reason.errors?.length ? " utrecht-form-field--invalid" : ""}`}
                >
                  <div className="utrecht-form-field__label">
                    <label className="utrecht-form-label" htmlFor={reopenFields.reason.id}>
                      Reden om te heropenen
                    </label>
                  </div>
                  <div className="utrecht-form-field__description" id={reopenFields.reason.descriptionId}>
                    De organisatie krijgt een nieuwe conceptversie van het plan en ziet deze tekst.
                  </div>
                  <FieldError field={reopenFields.reason} />
                  <div className="utrecht-form-field__input">
                    <textarea
                      key={reopenKey}
                      {...reopenProps}
                      rows={4}
                      aria-describedby={[
                        reopenFields.reason.descriptionId,
                        reopenFields.reason.errors?.length ? reopenFields.reason.errorId : "",
                      ]
                        .join(" ")
                        .trim()}
                      className="utrecht-textarea utrecht-textarea--html-textarea"
                    />
                  </div>
                </div>
                <Button appearance="secondary" name="intent" value="reopen">
                  Heropenen
                </Button>
              </Form>
            </section>
          ) : null}
        </>
      )}
      {versions.length > 0 ? (
        <>
          <Heading level={2}>Versies</Heading>
          <VersionHistory
            versions={versions}
            current={version?.number}
            versionHref={(n) => `${base}?versie=${n}`}
            compareAction={`${base}/vergelijken`}
          />
        </>
      ) : null}
    </div>
  );
}
