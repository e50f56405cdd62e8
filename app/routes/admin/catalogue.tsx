import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/catalogue";
import { requireUser } from "~/flows/guards.server";
import { FilterSelect } from "~/components/forms/filter-select";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { reportingYearSchema } from "~/models/catalogue.schema";
import { CatalogueExistsError, copyCatalogue, listIndicators, listRetiredIndicators, revisionNumbers } from "~/models/indicator.server";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { UNIT_WORDS } from "~/models/report.units";
import { createReportingYear, listReportingYears, ReportingYearError, reportingYearState } from "~/models/reporting-year.server";
import { formatDate } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Vragenlijsten - Beheer - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const years = await listReportingYears(db);
  const asked = Number(new URL(request.url).searchParams.get("jaar"));
  const year = years.find((y) => y.year === asked)?.year ?? years[0]?.year ?? null;
  const indicators = year ? await listIndicators(db, { year }) : [];
  const withCatalogue = new Set<number>();
  for (const y of years) if ((await listIndicators(db, { year: y.year })).length) withCatalogue.add(y.year);
  const chosen = years.find((y) => y.year === year);
  const revisions = year ? await revisionNumbers(db, { year }) : new Map<number, number>();
  return {
    years: years.map((y) => ({ ...y, hasCatalogue: withCatalogue.has(y.year) })),
    year,
    // Questions can be added and retired until the year opens.
    changeable: chosen ? reportingYearState(chosen) === "not_open" : false,
    retired: year ? await listRetiredIndicators(db, { year }) : [],
    indicators: indicators.map((i) => ({
      id: i.id,
      code: i.code,
      section: i.section,
      label: i.label,
      unit: i.unit,
      continues: i.continues_from_id !== null,
      revision: revisions.get(i.id) ?? 1,
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const actor = { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip };
  const formData = await request.formData();
  const db = getDb();
  if (formData.get("intent") === "copy") {
    const from = Number(formData.get("van"));
    const to = Number(formData.get("naar"));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from === to)
      return data({ copyError: "Kies twee verschillende jaren.", yearResult: undefined }, { status: 400 });
    try {
      const count = await copyCatalogue(db, { from, to, actor });
      return redirect(`/beheer/catalogus?jaar=${to}&gekopieerd=${count}`);
    } catch (error) {
      if (error instanceof CatalogueExistsError) return data({ copyError: error.message, yearResult: undefined }, { status: 409 });
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: reportingYearSchema });
  if (submission.status !== "success") return data({ copyError: null, yearResult: submission.reply() }, { status: 400 });
  try {
    await createReportingYear(db, { ...submission.value, actor });
  } catch (error) {
    if (error instanceof ReportingYearError)
      return data({ copyError: null, yearResult: submission.reply({ fieldErrors: { year: [error.message] } }) }, { status: 409 });
    throw error;
  }
  return redirect(`/beheer/catalogus?jaar=${submission.value.year}&aangemaakt`);
}

export default function AdminCatalogue({ loaderData, actionData }: Route.ComponentProps) {
  const { years, year, indicators, changeable, retired } = loaderData;
  const [searchParams] = useSearchParams();
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id: "nieuw-jaar",
    lastResult: actionData?.yearResult ?? restoredResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reportingYearSchema }),
    shouldValidate: "onBlur",
    // Clear an error while typing, not on blur: otherwise the page shifts under the pointer.
    shouldRevalidate: "onInput",
  });
  const withCatalogue = years.filter((y) => y.hasCatalogue);
  const without = years.filter((y) => !y.hasCatalogue);
  return (
    <div className="mvoi-container">
      <Heading level={1}>Vragenlijsten</Heading>
      {searchParams.get("gekopieerd") ? (
        <Alert type="ok">{searchParams.get("gekopieerd")} vragen gekopieerd. Pas ze hieronder aan waar nodig.</Alert>
      ) : null}
      {searchParams.has("aangemaakt") ? (
        <Alert type="ok">Het rapportagejaar is aangemaakt. Kopieer er nu een vragenlijst naartoe.</Alert>
      ) : null}
      {actionData?.copyError ? <Alert type="error">{actionData.copyError}</Alert> : null}
      {searchParams.has("vervallen") ? <Alert type="ok">De vraag is vervallen. Ze wordt in {year} niet meer gesteld.</Alert> : null}
      <Paragraph>
        Elk rapportagejaar heeft een eigen vragenlijst. Een vraag kan voortbouwen op een vraag van het jaar ervoor; zo volgen de trends een
        vraag die anders heet of anders is gedefinieerd.
      </Paragraph>

      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="jaar"
          label="Jaar"
          value={year ?? ""}
          options={years.map((y) => ({ value: y.year, label: `${y.year}${y.hasCatalogue ? "" : " (nog geen vragenlijst)"}` }))}
        />
        <Button appearance="secondary">Tonen</Button>
      </Form>

      {indicators.length ? (
        <Table
          caption={`${indicators.length} vragen in ${year}`}
          head={
            <Tr>
              <Th>Onderdeel</Th>
              <Th>Vraag</Th>
              <Th>Code</Th>
              <Th>Eenheid</Th>
              <Th>Vervolg van vorig jaar</Th>
              <Th>Versie</Th>
            </Tr>
          }
        >
          {indicators.map((i) => (
            <Tr key={i.id}>
              <Td>{REPORT_SECTIONS.find((s) => s.key === i.section)?.title.split(":")[0]}</Td>
              <Td>
                <Link to={`/beheer/catalogus/${i.id}`}>{i.label}</Link>
              </Td>
              <Td>
                <code>{i.code}</code>
              </Td>
              <Td>{UNIT_WORDS[i.unit]}</Td>
              <Td>{i.continues ? "Ja" : "Nee"}</Td>
              <Td>{i.revision}</Td>
            </Tr>
          ))}
        </Table>
      ) : (
        <Paragraph>Er is nog geen vragenlijst voor {year}.</Paragraph>
      )}

      {year && changeable && indicators.length ? (
        <Paragraph>
          De rapportage over {year} is nog niet geopend: u kunt nog vragen{" "}
          <Link to={`/beheer/catalogus/nieuw?jaar=${year}`}>toevoegen</Link> of een vraag laten vervallen (op de pagina van de vraag).
        </Paragraph>
      ) : null}
      {retired.length ? (
        <>
          <Heading level={2}>Vervallen vragen in {year}</Heading>
          <ul>
            {retired.map((r) => (
              <li key={r.id}>
                <Link to={`/beheer/catalogus/${r.id}`}>{r.label}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <Heading level={2}>Vragenlijst kopiëren</Heading>
      {without.length && withCatalogue.length ? (
        <Form method="post" className="mvoi-filter">
          <input type="hidden" name="intent" value="copy" />
          <FilterSelect
            id="van"
            label="Van"
            value={withCatalogue[0]!.year}
            options={withCatalogue.map((y) => ({ value: y.year, label: String(y.year) }))}
          />
          <FilterSelect
            id="naar"
            label="Naar"
            value={without[0]!.year}
            options={without.map((y) => ({ value: y.year, label: String(y.year) }))}
          />
          <Button>Kopiëren</Button>
        </Form>
      ) : (
        <Paragraph>Elk rapportagejaar heeft al een vragenlijst. Maak hieronder eerst een nieuw rapportagejaar aan.</Paragraph>
      )}

      <Heading level={2}>Rapportagejaar toevoegen</Heading>
      <Table
        caption="Bestaande rapportagejaren"
        head={
          <Tr>
            <Th>Jaar</Th>
            <Th>Open vanaf</Th>
            <Th>Uiterste inleverdatum</Th>
          </Tr>
        }
      >
        {years.map((y) => (
          <Tr key={y.year}>
            <Td>{y.year}</Td>
            <Td>{formatDate(y.opens_at)}</Td>
            <Td>{formatDate(y.due_at)}</Td>
          </Tr>
        ))}
      </Table>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="intent" value="year" />
        <TextField label="Jaartal" field={fields.year} inputMode="numeric" size="small" />
        <TextField label="Open vanaf" field={fields.opensAt} type="date" size="medium" />
        <TextField label="Uiterste inleverdatum" field={fields.dueAt} type="date" size="medium" />
        <Button>Rapportagejaar toevoegen</Button>
      </Form>
    </div>
  );
}
