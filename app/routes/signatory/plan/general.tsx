import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import { useRestoredLock, useRestoredResult } from "~/components/forms/restored-input";
import type { Route } from "./+types/general";
import { ChoiceGroup, FieldError, SelectField, TextField } from "~/components/forms/text-field";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { keepFormWhenRefused, skipRevalidationOnAutosave, useAutosave } from "~/components/forms/use-autosave";
import { SaveStatus } from "~/components/plan/save-status";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { generalSchema, MAX_PDF_BYTES, UPLOAD_MESSAGES } from "~/models/action-plan.schema";
import { saveGeneral, setPlanFile } from "~/models/action-plan.server";
import { storePlanFile } from "~/models/plan-file.server";
import { planSaveError, requireDraft, saveSection } from "./plan.server";
import { z } from "~/utils/zod";
import { readForm } from "~/utils/read-form.server";

export const meta: Route.MetaFunction = () => [{ title: "Algemeen - Actieplan MVOI - MVOI-portaal" }];
export const shouldRevalidate = skipRevalidationOnAutosave;
export const clientAction = (args: Route.ClientActionArgs) => keepFormWhenRefused(args);

const FORM_ID = "plan-algemeen";
const UPLOAD_ID = "plan-bestand";
const YEARS = Array.from({ length: 14 }, (_, i) => 2022 + i).map((y) => ({ value: String(y), label: String(y) }));

/** The upload form: one PDF, checked in the browser (size) and again on the server (size and content). */
const uploadSchema = z.object({
  lockVersion: z.number().int().min(1),
  bestand: z
    .instanceof(File, { error: UPLOAD_MESSAGES.empty })
    .refine((f) => f.size > 0, { error: UPLOAD_MESSAGES.empty })
    .refine((f) => f.size <= MAX_PDF_BYTES, { error: UPLOAD_MESSAGES.too_large }),
});

export async function loader(args: Route.LoaderArgs) {
  const { doc, draft, base } = await requireDraft(args);
  return { doc, lockVersion: draft.lock_version, savedAt: draft.updated_at, base, number: draft.number };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  const formData = await readForm(args.request);
  const intent = formData.get("intent");

  if (intent === "upload" || intent === "remove-file") {
    const submission = parseWithZod(formData, { schema: intent === "upload" ? uploadSchema : uploadSchema.pick({ lockVersion: true }) });
    if (submission.status !== "success") return data({ upload: submission.reply() }, { status: 400 });
    let file = null;
    if (intent === "upload") {
      const stored = await storePlanFile((submission.value as z.infer<typeof uploadSchema>).bestand);
      if (!stored.ok)
        return data({ upload: submission.reply({ fieldErrors: { bestand: [UPLOAD_MESSAGES[stored.problem]] } }) }, { status: 400 });
      file = stored.file;
    }
    try {
      await setPlanFile(db, { actor, organisationId: organisation.id, lockVersion: submission.value.lockVersion, file });
    } catch (error) {
      return planSaveError(error, (message) => ({ upload: submission.reply({ formErrors: [message] }) }));
    }
    return redirect(`${base}/algemeen?${intent === "upload" ? "toegevoegd" : "verwijderd"}`);
  }

  return saveSection({
    formData,
    schema: generalSchema,
    base,
    save: (value) => saveGeneral(db, { actor, organisationId: organisation.id, lockVersion: value.lockVersion, values: value }),
  });
}

export default function PlanGeneral({ loaderData, actionData }: Route.ComponentProps) {
  const { doc, base } = loaderData;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  // A refused upload or removal (e.g. a newer version saved meanwhile) comes back wrapped in `result`.
  const uploadResult = actionData && "upload" in actionData ? actionData.upload : result && "upload" in result ? result.upload : undefined;
  // A form posted after the session timed out, back after logging in (restored-input.tsx).
  const restoredResult = useRestoredResult();
  const restoredLock = useRestoredLock(loaderData.lockVersion);
  const [form, fields] = useForm({
    id: FORM_ID,
    lastResult: result && "status" in result ? result : restoredResult,
    defaultValue: {
      periodStartYear: doc.periodStartYear?.toString(),
      periodEndYear: doc.periodEndYear?.toString(),
      adoptedState: doc.adoptedState ?? undefined,
      adoptedOn: doc.adoptedOn ?? undefined,
      publishedUrl: doc.publishedUrl ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: generalSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [uploadForm, uploadFields] = useForm({
    id: UPLOAD_ID,
    lastResult: uploadResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: uploadSchema }),
    shouldValidate: "onSubmit",
  });
  const autosave = useAutosave(FORM_ID, { lockVersion: restoredLock, savedAt: loaderData.savedAt });
  const [searchParams] = useSearchParams();

  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Algemeen</Heading>
      <ErrorSummary errors={summaryFromConform(FORM_ID, form.allErrors)} />
      {searchParams.has("toegevoegd") ? <Alert type="ok">De pdf is toegevoegd.</Alert> : null}
      {searchParams.has("verwijderd") ? <Alert type="ok">De pdf is verwijderd.</Alert> : null}
      <Paragraph>De looptijd van het plan, of het bestuur het heeft vastgesteld, en waar het plan te vinden is.</Paragraph>

      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
        <div className="mvoi-field-row">
          <SelectField label="Beginjaar" field={fields.periodStartYear} options={YEARS} />
          <SelectField label="Eindjaar" field={fields.periodEndYear} options={YEARS} description="Hoogstens 8 jaar na het beginjaar." />
        </div>
        <ChoiceGroup
          legend="Heeft het bestuur het plan vastgesteld?"
          type="radio"
          field={fields.adoptedState}
          options={[
            { value: "adopted", label: "Ja, het plan is vastgesteld" },
            { value: "not_yet", label: "Nog niet" },
          ]}
        />
        <TextField
          label="Datum van vaststelling"
          field={fields.adoptedOn}
          type="date"
          description="Alleen als het plan is vastgesteld."
          size="medium"
        />
        <TextField
          label="Link naar het gepubliceerde plan"
          field={fields.publishedUrl}
          type="url"
          description="Bijvoorbeeld https://www.uwgemeente.nl/actieplan-mvoi.pdf. U kunt ook hieronder een pdf toevoegen."
        />
        <div className="mvoi-button-row">
          <Button name="intent" value="save">
            Opslaan
          </Button>
          <SaveStatus {...autosave} />
        </div>
      </Form>

      <Heading level={2}>Het plan als pdf</Heading>
      {doc.file ? (
        <Paragraph>
          Toegevoegd: <strong>{doc.file.name}</strong> ({Math.max(1, Math.round(doc.file.size / 1024))} kB).
        </Paragraph>
      ) : (
        <Paragraph>Nog geen pdf toegevoegd.</Paragraph>
      )}
      {/* The lock version is a hidden field: its message ("the page is out of date") shows here. */}
      {uploadForm.errors?.length || uploadFields.lockVersion.errors?.length ? (
        <Alert type="error">{[...(uploadForm.errors ?? []), ...(uploadFields.lockVersion.errors ?? [])].join(" ")}</Alert>
      ) : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(uploadForm)} className="mvoi-form">
        <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
        <div
          className={`utrecht-form-field utrecht-form-field--file${uploadFields.bestand.errors?.length ? " utrecht-form-field--invalid" : ""}`}
        >
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={uploadFields.bestand.id}>
              {doc.file ? "Andere pdf kiezen" : "Pdf kiezen"}
            </label>
          </div>
          <div className="utrecht-form-field__description" id={uploadFields.bestand.descriptionId}>
            Alleen pdf, hoogstens 10 MB.
          </div>
          <FieldError field={uploadFields.bestand} />
          <div className="utrecht-form-field__input">
            <input
              type="file"
              id={uploadFields.bestand.id}
              name={uploadFields.bestand.name}
              accept="application/pdf,.pdf"
              aria-describedby={[
                uploadFields.bestand.descriptionId,
                uploadFields.bestand.errors?.length ? uploadFields.bestand.errorId : "",
              ]
                .join(" ")
                .trim()}
              aria-invalid={uploadFields.bestand.errors?.length ? true : undefined}
              className="rhc-file-input"
            />
          </div>
        </div>
        <div className="mvoi-button-row">
          <Button appearance="secondary" name="intent" value="upload">
            Pdf toevoegen
          </Button>
          {doc.file ? (
            <Button appearance="subtle" name="intent" value="remove-file" formNoValidate>
              Pdf verwijderen
            </Button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}
