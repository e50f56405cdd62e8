import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/check";
import { ErrorSummary, type SummaryError } from "~/components/forms/error-summary";
import { PlanView } from "~/components/plan/plan-view";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { checkPlanForSubmit, type SubmitProblem } from "~/models/action-plan.schema";
import { PlanConflictError, PlanIncompleteError, submitPlan } from "~/models/action-plan.server";
import { CONFLICT_MESSAGE, planSaveError, requireDraft } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Controleer uw gegevens - Actieplan MVOI - MVOI-portaal" }];

/** Where to fix a problem: the section's page, at the field. */
function problemHref(base: string, p: SubmitProblem): string {
  if (p.section === "acties") {
    return p.field.startsWith("action-") ? `${base}/acties/${p.field.slice("action-".length)}` : `${base}/acties#actie-nieuw-title`;
  }
  const field = p.field === "themes" ? "themes.milieu.chosen" : p.field;
  return `${base}/${p.section}#plan-${p.section}-${field}`;
}

export async function loader(args: Route.LoaderArgs) {
  const { doc, draft, base } = await requireDraft(args);
  const problems = checkPlanForSubmit(doc).map((p) => ({ message: p.message, href: problemHref(base, p) }));
  return { doc, problems, lockVersion: draft.lock_version, number: draft.number, base };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  const lockVersion = Number((await args.request.formData()).get("lockVersion"));
  try {
    await submitPlan(db, { actor, organisationId: organisation.id, lockVersion });
  } catch (error) {
    if (error instanceof PlanIncompleteError) {
      return data(
        { problems: error.problems.map((p) => ({ message: p.message, href: problemHref(base, p) })), error: null },
        { status: 400 },
      );
    }
    if (error instanceof PlanConflictError) return data({ problems: null, error: CONFLICT_MESSAGE }, { status: 409 });
    return planSaveError(error, (message) => ({ problems: null, error: message }));
  }
  return redirect(`${base}?ingediend`);
}

export default function PlanCheck({ loaderData, actionData }: Route.ComponentProps) {
  const { doc, lockVersion, number, base } = loaderData;
  const problems: SummaryError[] = (actionData && "problems" in actionData ? actionData.problems : null) ?? loaderData.problems;
  const error =
    actionData && "error" in actionData ? actionData.error : actionData && "result" in actionData ? actionData.result.error : null;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Controleer uw gegevens</Heading>
      {error ? <Alert type="error">{error}</Alert> : null}
      <ErrorSummary errors={problems} title="Het plan is nog niet compleet" />
      <Paragraph>
        Dit is versie {number} van uw actieplan zoals het ministerie het ontvangt. Klopt alles? Dien het dan in. Na het indienen kunt u deze
        versie niet meer wijzigen; wel kunt u later een nieuwe versie maken.
      </Paragraph>
      <PlanView doc={doc} editHref={(section) => `${base}/${section}`} fileHref={`${base}/versies/${number}/plan.pdf`} />
      <Form method="post" className="mvoi-form">
        <input type="hidden" name="lockVersion" value={lockVersion} />
        <Button>Actieplan indienen</Button>
      </Form>
    </div>
  );
}
