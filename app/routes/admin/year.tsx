import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/year";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { SelectField, TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { deadlineSchema, extensionSchema } from "~/models/admin.schema";
import { listOrganisationsForAdmin } from "~/models/organisation-admin.server";
import {
  ExtensionDateError,
  ExtensionOrganisationError,
  getReportingYear,
  grantExtension,
  listExtensions,
  removeExtension,
  ReportingYearError,
  updateReportingYearDates,
} from "~/models/reporting-year.server";
import { formatDate } from "~/utils/time";
import { adminActor, idParam, notFound } from "./admin.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Rapportagejaar ${data?.year.year ?? ""} - Beheer - MVOI-portaal` }];

export async function loader({ params }: Route.LoaderArgs) {
  const db = getDb();
  const year = await getReportingYear(db, { year: idParam(params.year, "Dit rapportagejaar") });
  if (!year) throw notFound("Dit rapportagejaar");
  const [extensions, organisations] = await Promise.all([
    listExtensions(db, { year: year.year }),
    listOrganisationsForAdmin(db, { status: "actief" }),
  ]);
  return { year, extensions, organisations: organisations.map((o) => ({ id: o.id, name: o.name })) };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const year = idParam(args.params.year, "Dit rapportagejaar");
  if (!(await getReportingYear(db, { year }))) throw notFound("Dit rapportagejaar");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "dates") {
    const submission = parseWithZod(formData, { schema: deadlineSchema });
    if (submission.status !== "success") return data({ form: "dates" as const, result: submission.reply() }, { status: 400 });
    try {
      await updateReportingYearDates(db, { year, ...submission.value, actor });
    } catch (error) {
      if (error instanceof ReportingYearError)
        return data({ form: "dates" as const, result: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
      throw error;
    }
    return redirect(`/beheer/jaren/${year}?datums-gewijzigd`);
  }
  if (intent === "remove-extension") {
    const organisationId = Number(formData.get("organisationId"));
    if (Number.isSafeInteger(organisationId)) await removeExtension(db, { year, organisationId, actor });
    return redirect(`/beheer/jaren/${year}?uitstel-verwijderd`);
  }
  const submission = parseWithZod(formData, { schema: extensionSchema });
  if (submission.status !== "success") return data({ form: "extension" as const, result: submission.reply() }, { status: 400 });
  try {
    await grantExtension(db, { year, ...submission.value, actor });
  } catch (error) {
    if (error instanceof ExtensionDateError)
      return data({ form: "extension" as const, result: submission.reply({ fieldErrors: { dueAt: [error.message] } }) }, { status: 400 });
    if (error instanceof ExtensionOrganisationError)
      return data(
        { form: "extension" as const, result: submission.reply({ fieldErrors: { organisationId: [error.message] } }) },
        { status: 400 },
      );
    throw error;
  }
  return redirect(`/beheer/jaren/${year}?uitstel-verleend`);
}

const NOTICES: Record<string, string> = {
  "datums-gewijzigd": "De datums zijn gewijzigd.",
  "uitstel-verleend": "Het uitstel is verleend.",
  "uitstel-verwijderd": "Het uitstel is ingetrokken.",
};

export default function AdminYear({ loaderData, actionData }: Route.ComponentProps) {
  const { year, extensions, organisations } = loaderData;
  const [searchParams] = useSearchParams();
  const notice = Object.keys(NOTICES).find((k) => searchParams.has(k));
  const restoredResult = useRestoredResult();
  const [datesForm, dateFields] = useForm({
    id: "datums",
    lastResult: actionData?.form === "dates" ? actionData.result : restoredResult,
    defaultValue: { opensAt: year.opens_at, dueAt: year.due_at },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deadlineSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [extensionForm, extensionFields] = useForm({
    id: "uitstel",
    lastResult: actionData?.form === "extension" ? actionData.result : restoredResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: extensionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mvoi-container mvoi-narrow">
      <Paragraph>
        <Link to="/beheer/jaren">Terug naar rapportagejaren</Link>
      </Paragraph>
      <Heading level={1}>Rapportagejaar {year.year}</Heading>
      {notice && !actionData ? <Alert type="ok">{NOTICES[notice]}</Alert> : null}

      <Heading level={2}>Openingsdatum en uiterste inleverdatum</Heading>
      <Form method="post" {...getFormProps(datesForm)} className="mvoi-form">
        <ErrorSummary errors={summaryFromConform(datesForm.id, datesForm.allErrors)} />
        <input type="hidden" name="intent" value="dates" />
        <TextField label="Open vanaf" field={dateFields.opensAt} type="date" size="medium" />
        <TextField
          label="Uiterste inleverdatum"
          field={dateFields.dueAt}
          type="date"
          size="medium"
          description="Geldt voor alle organisaties zonder uitstel. Herinneringen gaan uit op basis van deze datum."
        />
        <Button>Datums opslaan</Button>
      </Form>

      <Heading level={2}>Uitstel per organisatie</Heading>
      {extensions.length === 0 ? (
        <Paragraph>Geen enkele organisatie heeft uitstel voor {year.year}.</Paragraph>
      ) : (
        <Table
          caption={`Organisaties met uitstel voor ${year.year}`}
          head={
            <Tr>
              <Th>Organisatie</Th>
              <Th>Uiterste datum</Th>
              <Th>Reden</Th>
              <Th>Intrekken</Th>
            </Tr>
          }
        >
          {extensions.map((x) => (
            <Tr key={x.organisation_id}>
              <Td>{x.organisation_name}</Td>
              <Td>{formatDate(x.due_at)}</Td>
              <Td>
                {x.reason}
                {x.granted_by_name ? <span className="mvoi-muted"> (door {x.granted_by_name})</span> : null}
              </Td>
              <Td>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-extension" />
                  <input type="hidden" name="organisationId" value={x.organisation_id} />
                  <Button appearance="secondary" className="mvoi-small-button" aria-label={`Uitstel van ${x.organisation_name} intrekken`}>
                    Intrekken
                  </Button>
                </Form>
              </Td>
            </Tr>
          ))}
        </Table>
      )}
      <Heading level={3}>Uitstel verlenen</Heading>
      <Form method="post" {...getFormProps(extensionForm)} className="mvoi-form">
        <ErrorSummary errors={summaryFromConform(extensionForm.id, extensionForm.allErrors)} />
        <input type="hidden" name="intent" value="extension" />
        <SelectField
          label="Organisatie"
          field={extensionFields.organisationId}
          options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <TextField
          label="Nieuwe uiterste datum"
          field={extensionFields.dueAt}
          type="date"
          size="medium"
          description={`Na ${formatDate(year.due_at)}.`}
        />
        <TextField label="Reden" field={extensionFields.reason} description="Bijvoorbeeld: herindeling per 1 januari." />
        <Button>Uitstel verlenen</Button>
      </Form>
    </div>
  );
}
