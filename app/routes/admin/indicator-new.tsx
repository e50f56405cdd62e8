import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/indicator-new";
import { requireUser } from "~/flows/guards.server";
import { SelectField, TextareaField, TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { NEW_QUESTION_SECTIONS, NEW_QUESTION_UNIT_LABELS, newIndicatorSchema } from "~/models/catalogue.schema";
import { addIndicator, CatalogueChangeRefusedError } from "~/models/indicator.server";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { getReportingYear, reportingYearState } from "~/models/reporting-year.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Vraag toevoegen aan ${data?.year ?? ""} - Beheer - MVOI-portaal` }];

const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/** The year from ?jaar=: one that exists (else 404). */
async function yearOf(request: Request) {
  const raw = new URL(request.url).searchParams.get("jaar") ?? "";
  const year = /^\d{4}$/.test(raw) ? await getReportingYear(getDb(), { year: Number(raw) }) : undefined;
  if (!year) throw notFound();
  return year;
}

export async function loader({ request }: Route.LoaderArgs) {
  const year = await yearOf(request);
  return { year: year.year, open: reportingYearState(year) !== "not_open" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const year = await yearOf(request);
  const submission = parseWithZod(await request.formData(), { schema: newIndicatorSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  try {
    const id = await addIndicator(getDb(), {
      year: year.year,
      values: {
        section: v.section,
        label: v.label,
        help: v.help || null,
        unit: v.unit,
        minValue: v.minValue ?? null,
        maxValue: v.maxValue ?? null,
        usualMax: v.usualMax ?? null,
      },
      actor: { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip },
    });
    return redirect(`/beheer/catalogus/${id}?toegevoegd`);
  } catch (error) {
    if (error instanceof CatalogueChangeRefusedError)
      return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
    throw error;
  }
}

export default function NewIndicator({ loaderData, actionData }: Route.ComponentProps) {
  const { year, open } = loaderData;
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id: "nieuwe-vraag",
    lastResult: actionData?.result ?? restoredResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newIndicatorSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={`/beheer/catalogus?jaar=${year}`}>Terug naar de vragenlijst {year}</Link>
      </Paragraph>
      <Heading level={1}>Vraag toevoegen aan {year}</Heading>
      {open ? (
        <Alert type="warning">
          De rapportage over {year} is al geopend. Een vraag toevoegen kan alleen voordat een jaar opent; wijzig anders een bestaande vraag
          (dat maakt een nieuwe versie).
        </Alert>
      ) : (
        <Paragraph>
          De vraag komt aan het eind van het onderdeel. Het portaal maakt er zelf een code voor. Na het opslaan kunt u haar nog wijzigen of
          laten vervallen, tot de rapportage over {year} opent.
        </Paragraph>
      )}
      {form.errors?.length ? <Alert type="error">{form.errors.join(" ")}</Alert> : null}
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <SelectField
          label="Onderdeel"
          field={fields.section}
          options={NEW_QUESTION_SECTIONS.map((s) => ({ value: s, label: REPORT_SECTIONS.find((r) => r.key === s)?.title ?? s }))}
        />
        <TextField label="Vraag" field={fields.label} />
        <TextareaField label="Uitleg bij de vraag (niet verplicht)" field={fields.help} rows={3} />
        <SelectField
          label="Soort antwoord"
          field={fields.unit}
          options={Object.entries(NEW_QUESTION_UNIT_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <div className="mvoi-field-row">
          <TextField label="Minimum (niet verplicht)" field={fields.minValue} inputMode="decimal" size="small" />
          <TextField label="Maximum (niet verplicht)" field={fields.maxValue} inputMode="decimal" size="small" />
          <TextField
            label="Ongebruikelijk boven (niet verplicht)"
            field={fields.usualMax}
            inputMode="decimal"
            size="medium"
            description="Daarboven vraagt het portaal om een toelichting."
          />
        </div>
        <Button>Vraag toevoegen</Button>
      </Form>
    </div>
  );
}
