import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "react-router";
import type { Route } from "./+types/plan";
import { FieldError } from "~/components/forms/text-field";
import { PlanView } from "~/components/plan/plan-view";
import { ReviewPanel } from "~/components/document/review-panel";
import { VersionStatus } from "~/components/document/version-status";
import { VersionHistory } from "~/components/document/version-history";
import { Alert } from "~/components/ui/alert";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { reviewSchema } from "~/models/action-plan.schema";
import { reviewableVersion } from "~/models/counted-version.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { portalOrigin } from "~/mail/links.server";
import { loadPlanDocument, PlanNotFoundError, PlanTransitionError, reviewPlan } from "~/models/action-plan.server";
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
  return {
    organisation: { name: organisation.name, slug: organisation.slug },
    versions: visible,
    hasDraft: Boolean(overview.draft),
    version: version ?? null,
    doc: version ? await loadPlanDocument(db, { versionId: version.id }) : null,
    base,
    message,
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base, overview } = await requireReviewPlan(args);
  const formData = await args.request.formData();
  const versionNumber = Number(formData.get("version"));
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

export default function MinistryPlan({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation, versions, version, doc, base, message, hasDraft } = loaderData;
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id: "beoordeling",
    lastResult: actionData?.result ?? restoredResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewSchema }),
    shouldValidate: "onSubmit",
  });
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
      {form.errors?.length ? <Alert type="error">{form.errors.join(" ")}</Alert> : null}
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
          <PlanView doc={doc} fileHref={`${base}/versies/${version.number}/plan.pdf`} />

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
