import { useRestoredLock, useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "react-router";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { ChoiceGroup, SelectField, TextField } from "~/components/forms/text-field";
import { Button } from "~/components/ui/button";
import { ACTION_STATUS_LABELS, ACTION_STATUSES, actionSchema, type PlanAction } from "~/models/action-plan.schema";
import { THEMES } from "~/models/theme";

const YEARS = Array.from({ length: 14 }, (_, i) => 2022 + i).map((y) => ({ value: String(y), label: String(y) }));
const QUARTERS = [1, 2, 3, 4].map((q) => ({ value: String(q), label: `Kwartaal ${q}` }));

/** Add or change one action: title, themes, owner, planned quarter, status. */
export function ActionForm({
  id,
  action,
  lockVersion,
  lastResult,
  submitLabel,
}: {
  id: string;
  action?: PlanAction;
  lockVersion: number;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const restoredResult = useRestoredResult();
  const restoredLock = useRestoredLock(lockVersion);
  const [form, fields] = useForm({
    id,
    lastResult: lastResult ?? restoredResult,
    defaultValue: action
      ? {
          title: action.title,
          themes: action.themes,
          owner: action.owner ?? undefined,
          plannedYear: action.plannedYear?.toString(),
          plannedQuarter: action.plannedQuarter?.toString(),
          status: action.status,
        }
      : { status: "planned" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: actionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <ErrorSummary errors={summaryFromConform(id, form.allErrors)} />
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="lockVersion" value={restoredLock} />
        <input type="hidden" name="intent" value="save-action" />
        <TextField label="Titel van de actie" field={fields.title} />
        <ChoiceGroup
          legend="Bij welke thema's hoort de actie?"
          type="checkbox"
          field={fields.themes}
          options={THEMES.map((t) => ({ value: t.code, label: t.name }))}
        />
        <TextField
          label="Eigenaar"
          field={fields.owner}
          description="Wie is verantwoordelijk? Een team of functie, bijvoorbeeld 'Team inkoop'."
        />
        <div className="mvoi-field-row">
          <SelectField label="Gepland in jaar" field={fields.plannedYear} options={YEARS} />
          <SelectField label="Kwartaal" field={fields.plannedQuarter} options={QUARTERS} />
        </div>
        <ChoiceGroup
          type="radio"
          legend="Stand van de actie"
          field={fields.status}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }))}
        />
        <Button>{submitLabel}</Button>
      </Form>
    </>
  );
}
