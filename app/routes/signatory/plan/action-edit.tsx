import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "react-router";
import type { Route } from "./+types/action-edit";
import { ActionForm } from "~/components/plan/action-form";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { actionSchema } from "~/models/action-plan.schema";
import { updateAction } from "~/models/action-plan.server";
import { notFound, planSaveError, requireDraft } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Actie wijzigen - Actieplan MVOI - MVOI-portaal" }];

export async function loader(args: Route.LoaderArgs) {
  const { doc, draft, base } = await requireDraft(args);
  const action = doc.actions.find((a) => String(a.id) === args.params.actionId);
  if (!action) throw notFound();
  return { action, lockVersion: draft.lock_version, base };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  const actionId = Number(args.params.actionId);
  if (!Number.isSafeInteger(actionId)) throw notFound();
  const submission = parseWithZod(await args.request.formData(), { schema: actionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await updateAction(db, {
      actor,
      organisationId: organisation.id,
      lockVersion: submission.value.lockVersion,
      actionId,
      values: submission.value,
    });
  } catch (error) {
    return planSaveError(error, (message) => submission.reply({ formErrors: [message] }));
  }
  return redirect(`${base}/acties?melding=gewijzigd`);
}

export default function PlanActionEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { action, lockVersion, base } = loaderData;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={`${base}/acties`}>Terug naar de acties</Link>
      </Paragraph>
      <Heading level={1}>Actie wijzigen</Heading>
      <ActionForm
        id="actie-wijzigen"
        action={action}
        lockVersion={lockVersion}
        lastResult={result && "status" in result ? result : undefined}
        submitLabel="Opslaan"
      />
    </div>
  );
}
