import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/indicator";
import { requireUser } from "~/flows/guards.server";
import { SelectField, TextareaField, TextField } from "~/components/forms/text-field";
import { DataList } from "~/components/ui/data-list";
import { PlainCheckbox } from "~/components/forms/plain-fields";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { indicatorSchema } from "~/models/catalogue.schema";
import {
  CatalogueChangeRefusedError,
  CatalogueExistsError,
  countAnswers,
  getIndicator,
  listIndicatorRevisions,
  listIndicators,
  retireIndicator,
  updateIndicator,
} from "~/models/indicator.server";
import { getReportingYear, reportingYearState } from "~/models/reporting-year.server";
import { formatDateTime } from "~/utils/time";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { UNIT_WORDS } from "~/models/report.units";
import { formatDecimal } from "~/utils/number";

export const meta: Route.MetaFunction = () => [{ title: "Vraag wijzigen - Beheer - MVOI-portaal" }];

const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

async function load(id: string | undefined) {
  const db = getDb();
  const indicator = await getIndicator(db, { id: Number(id) });
  if (!indicator) throw notFound();
  return { db, indicator };
}

/** Before its year opens, a question can still be retired (and others added). */
async function isRetirable(db: ReturnType<typeof getDb>, indicator: { retired: number; year: number }): Promise<boolean> {
  if (indicator.retired) return false;
  const year = await getReportingYear(db, { year: indicator.year });
  return !!year && reportingYearState(year) === "not_open";
}

export async function loader({ params }: Route.LoaderArgs) {
  const { db, indicator } = await load(params.id);
  const previousYear = await listIndicators(db, { year: indicator.year - 1 });
  return {
    indicator,
    answers: await countAnswers(db, { indicatorId: indicator.id }),
    revisions: await listIndicatorRevisions(db, { indicatorId: indicator.id }),
    retirable: await isRetirable(db, indicator),
    // In words: the question and its part of the report (the same text occurs in several parts).
    previous: previousYear.map((p) => ({
      value: String(p.id),
      label: `${p.label} (${REPORT_SECTIONS.find((s) => s.key === p.section)?.title.split(":")[0] ?? p.section})`,
    })),
  };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { db, indicator } = await load(params.id);
  const actor = { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip };
  const formData = await request.formData();
  if (formData.get("intent") === "vervallen") {
    // Retired already (a second click, another tab): nothing to do.
    if (indicator.retired) return redirect(`/beheer/catalogus?jaar=${indicator.year}&vervallen`);
    // Once the year has opened the form is not shown; the refusal says why, above the page.
    if (!(await isRetirable(db, indicator)))
      return data(
        {
          result: undefined,
          retireError: `De rapportage over ${indicator.year} is al geopend. Een vraag laten vervallen kan alleen voordat een jaar opent.`,
        },
        { status: 409 },
      );
    if (formData.get("bevestig") !== "on")
      return data(
        {
          result: undefined,
          retireError: "Vink aan dat u deze vraag wilt laten vervallen. Dat kan niet worden teruggedraaid.",
          atField: true,
        },
        { status: 400 },
      );
    try {
      await retireIndicator(db, { id: indicator.id, actor });
    } catch (error) {
      if (error instanceof CatalogueChangeRefusedError) return data({ result: undefined, retireError: error.message }, { status: 409 });
      throw error;
    }
    return redirect(`/beheer/catalogus?jaar=${indicator.year}&vervallen`);
  }
  const submission = parseWithZod(formData, { schema: indicatorSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  try {
    await updateIndicator(db, {
      id: indicator.id,
      values: {
        label: v.label,
        help: v.help || null,
        minValue: v.minValue ?? null,
        maxValue: v.maxValue ?? null,
        usualMax: v.usualMax ?? null,
        continuesFromId: v.continuesFromId ?? null,
      },
      actor,
    });
  } catch (error) {
    if (error instanceof CatalogueChangeRefusedError)
      return data({ result: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
    if (error instanceof CatalogueExistsError)
      return data({ result: submission.reply({ fieldErrors: { continuesFromId: [error.message] } }) }, { status: 400 });
    throw error;
  }
  return redirect(`/beheer/catalogus?jaar=${indicator.year}`);
}

export default function AdminIndicator({ loaderData, actionData }: Route.ComponentProps) {
  const { indicator, answers, previous, revisions, retirable } = loaderData;
  const [searchParams] = useSearchParams();
  const number = (n: number | null) => (n == null ? undefined : formatDecimal(n));
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id: "vraag",
    lastResult: actionData?.result ?? restoredResult,
    defaultValue: {
      label: indicator.label,
      help: indicator.help ?? undefined,
      minValue: number(indicator.min_value),
      maxValue: number(indicator.max_value),
      usualMax: number(indicator.usual_max),
      continuesFromId: indicator.continues_from_id?.toString(),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: indicatorSchema }),
    shouldValidate: "onBlur",
    // Clear an error while typing, not on blur: otherwise the page shifts under the pointer.
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={`/beheer/catalogus?jaar=${indicator.year}`}>Terug naar de vragenlijst {indicator.year}</Link>
      </Paragraph>
      <Heading level={1}>Vraag wijzigen</Heading>
      {indicator.retired ? (
        <Alert type="warning">Deze vraag is vervallen: ze wordt niet meer gesteld en kan niet meer worden gewijzigd.</Alert>
      ) : null}
      {searchParams.has("toegevoegd") ? <Alert type="ok">De vraag is toegevoegd.</Alert> : null}
      {actionData && "retireError" in actionData && !("atField" in actionData) ? (
        <Alert type="error">{actionData.retireError}</Alert>
      ) : null}
      <DataList
        items={[
          { key: "Jaar", value: String(indicator.year) },
          { key: "Onderdeel", value: REPORT_SECTIONS.find((s) => s.key === indicator.section)?.title ?? indicator.section },
          { key: "Code", value: <code>{indicator.code}</code> },
          { key: "Eenheid", value: UNIT_WORDS[indicator.unit] },
          { key: "Antwoorden", value: answers ? `${answers} (code, eenheid en onderdeel liggen daarom vast)` : "nog geen" },
        ]}
      />
      {answers > 0 ? (
        <Paragraph>
          Deze vraag is al beantwoord. Een wijziging maakt een nieuwe versie van de vraag: ingediende rapportages blijven de versie tonen
          waarmee ze zijn ingevuld, concepten krijgen de nieuwe versie.
        </Paragraph>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <TextField label="Vraag" field={fields.label} />
        <TextareaField label="Uitleg bij de vraag" field={fields.help} rows={3} />
        <div className="mvoi-field-row">
          <TextField label="Minimum" field={fields.minValue} inputMode="decimal" size="small" />
          <TextField label="Maximum" field={fields.maxValue} inputMode="decimal" size="small" />
          <TextField
            label="Ongebruikelijk boven"
            field={fields.usualMax}
            inputMode="decimal"
            size="medium"
            description="Daarboven vraagt het portaal om een toelichting."
          />
        </div>
        <SelectField
          label={`Bouwt voort op deze vraag van ${indicator.year - 1}`}
          field={fields.continuesFromId}
          options={previous}
          placeholder="Geen (een nieuwe vraag)"
        />
        <Button>Opslaan</Button>
      </Form>
      {retirable ? (
        <section aria-labelledby="vervallen" className="mvoi-review">
          <Heading level={2} id="vervallen">
            Vraag laten vervallen
          </Heading>
          <Paragraph>
            De rapportage over {indicator.year} is nog niet geopend. Een vervallen vraag wordt niet meer gesteld; de vragen van eerdere
            jaren blijven zoals ze waren.
          </Paragraph>
          <Form method="post">
            <PlainCheckbox
              id="bevestig-vervallen"
              name="bevestig"
              label="Ja, laat deze vraag vervallen. Ik weet dat dit niet kan worden teruggedraaid."
              errors={actionData && "atField" in actionData && "retireError" in actionData ? [actionData.retireError] : undefined}
            />
            <Button appearance="secondary" name="intent" value="vervallen">
              Vraag laten vervallen
            </Button>
          </Form>
        </section>
      ) : null}
      <Heading level={2}>Versies van deze vraag</Heading>
      <Paragraph>
        <Link to={`/beheer/audit?vraag=${indicator.id}`}>Alle wijzigingen van deze vraag en van de antwoorden erop in de audittrail</Link>
      </Paragraph>
      <ol className="mvoi-history" reversed>
        {revisions.map((r) => (
          <li key={r.id} className="mvoi-history__entry">
            <Heading level={3} className="mvoi-history__when">
              Versie {r.number}, vanaf {formatDateTime(r.created_at)}
              {r.retired ? " (vervallen)" : ""}
            </Heading>
            <dl className="mvoi-history__values">
              <dt>Vraag</dt>
              <dd>{r.label}</dd>
              <dt>Uitleg</dt>
              <dd>{r.help ?? "geen"}</dd>
              <dt>Grenzen</dt>
              <dd>{boundsText(r)}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}

const number = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });

/** A revision's bounds in words. */
function boundsText(r: { min_value: number | null; max_value: number | null; usual_max: number | null }): string {
  const parts = [
    r.min_value != null ? `minimaal ${number.format(r.min_value)}` : null,
    r.max_value != null ? `maximaal ${number.format(r.max_value)}` : null,
    r.usual_max != null ? `ongebruikelijk boven ${number.format(r.usual_max)}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "geen";
}
