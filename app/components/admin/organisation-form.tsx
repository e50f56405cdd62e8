import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "react-router";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { SelectField, TextField } from "~/components/forms/text-field";
import { Button } from "~/components/ui/button";
import { organisationSchema } from "~/models/admin.schema";
import { KIND_LABELS, KINDS, SECTOR_LABELS, SECTORS, SIGNED_ITSELF } from "~/models/organisation.schema";

export type OrganisationFormValues = {
  name: string;
  kind: string;
  sector: string;
  signedViaId: string;
  signedAt: string;
  sourceUrl: string;
};

/** Create and edit an organisation: one form, one schema (server and browser). */
export function OrganisationForm({
  id,
  lastResult,
  defaultValue,
  signers,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: OrganisationFormValues;
  signers: { id: number; name: string }[];
  submitLabel: string;
}) {
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id,
    lastResult: lastResult ?? restoredResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organisationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mvoi-form">
      <ErrorSummary errors={summaryFromConform(form.id, form.allErrors)} />
      <input type="hidden" name="intent" value="save" />
      <TextField label="Naam" field={fields.name} description="Zoals in het manifest, bijvoorbeeld 'Gemeente Helmond'." />
      <SelectField label="Soort organisatie" field={fields.kind} options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
      <SelectField label="Sector" field={fields.sector} options={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))} />
      <SelectField
        label="Getekend via (optioneel)"
        field={fields.signedViaId}
        description="Tekende een andere organisatie het manifest voor deze organisatie, zoals de Unie van Waterschappen? Kies die dan. Haar gebruikers kunnen dan ook voor deze organisatie werken."
        placeholder={SIGNED_ITSELF}
        options={signers.map((s) => ({ value: String(s.id), label: s.name }))}
      />
      <TextField label="Datum van ondertekening (optioneel)" field={fields.signedAt} type="date" size="medium" />
      <TextField
        label="Bron (optioneel)"
        field={fields.sourceUrl}
        type="url"
        description="Een webadres waar de ondertekening staat, zoals de Staatscourant."
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
