import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "react-router";
import { useRestoredLock, useRestoredResult } from "~/components/forms/restored-input";
import type { Route } from "./+types/resources";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { TextField } from "~/components/forms/text-field";
import { keepFormWhenRefused, skipRevalidationOnAutosave, useAutosave } from "~/components/forms/use-autosave";
import { SaveStatus } from "~/components/plan/save-status";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { resourcesSchema } from "~/models/action-plan.schema";
import { saveResources } from "~/models/action-plan.server";
import { formatDecimal, formatInteger } from "~/utils/number";
import { requireDraft, saveSection } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Middelen - Actieplan MVOI - MVOI-portaal" }];
export const shouldRevalidate = skipRevalidationOnAutosave;
export const clientAction = (args: Route.ClientActionArgs) => keepFormWhenRefused(args);

const FORM_ID = "plan-middelen";

export async function loader(args: Route.LoaderArgs) {
  const { doc, draft, base } = await requireDraft(args);
  return { budgetEur: doc.budgetEur, staffFte: doc.staffFte, lockVersion: draft.lock_version, savedAt: draft.updated_at, base };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  return saveSection({
    formData: await args.request.formData(),
    schema: resourcesSchema,
    base,
    save: (value) => saveResources(db, { actor, organisationId: organisation.id, lockVersion: value.lockVersion, values: value }),
  });
}

export default function PlanResources({ loaderData, actionData }: Route.ComponentProps) {
  const { base } = loaderData;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  // A form posted after the session timed out, back after logging in (restored-input.tsx).
  const restoredResult = useRestoredResult();
  const restoredLock = useRestoredLock(loaderData.lockVersion);
  const [form, fields] = useForm({
    id: FORM_ID,
    lastResult: result && "status" in result ? result : restoredResult,
    defaultValue: {
      budgetEur: loaderData.budgetEur == null ? undefined : formatInteger(loaderData.budgetEur),
      staffFte: loaderData.staffFte == null ? undefined : formatDecimal(loaderData.staffFte),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resourcesSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const autosave = useAutosave(FORM_ID, { lockVersion: restoredLock, savedAt: loaderData.savedAt });
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Middelen</Heading>
      <ErrorSummary errors={summaryFromConform(FORM_ID, form.allErrors)} />
      <Paragraph>Het geld en de mensen die uw organisatie voor het actieplan vrijmaakt, voor de hele looptijd.</Paragraph>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
        <TextField
          label="Budget"
          field={fields.budgetEur}
          inputMode="numeric"
          size="medium"
          suffix="euro"
          description="In hele euro's, bijvoorbeeld 250.000."
        />
        <TextField
          label="Personele inzet"
          field={fields.staffFte}
          inputMode="decimal"
          size="small"
          suffix="fte"
          description="Bijvoorbeeld 1,5."
        />
        <div className="mvoi-button-row">
          <Button name="intent" value="save">
            Opslaan
          </Button>
          <SaveStatus {...autosave} />
        </div>
      </Form>
    </div>
  );
}
