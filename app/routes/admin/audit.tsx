import { Form, useLocation } from "react-router";
import type { Route } from "./+types/audit";
import { FilterSelect, FilterText } from "~/components/forms/filter-select";
import { Shell } from "~/components/forms/plain-fields";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { AUDIT_PAGE_SIZE, auditDateErrors, auditIdErrors, auditSearchSchema } from "~/models/admin.schema";
import { listAuditQuestionChoices, listAuditReportChoices, resolveAuditFilters } from "~/models/audit-objects.server";
import { changesOfEvents } from "~/models/value-history.server";
import { listAuditActions, searchAuditEvents } from "~/models/audit.server";
import { AUDIT_ACTIONS, isAuditAction } from "~/models/audit.labels";
import { listOrganisationsForAdmin } from "~/models/organisation-admin.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Audittrail - Beheer - MVOI-portaal" }];

/** A question's text in the select: long ones are shortened (the whole text is on the catalogue page). */
const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const asked = auditSearchSchema.parse(Object.fromEntries(params));
  const dateErrors = auditDateErrors(params, asked);
  const idErrors = auditIdErrors(params);
  // A report or question that does not exist, or a report of another organisation than the one chosen, is left out.
  const { filters, report, question, errors } = await resolveAuditFilters(db, asked);
  const reportsOf = filters.organisatie ?? report?.organisation_id;
  const [result, actions, organisations, reports, questions] = await Promise.all([
    searchAuditEvents(db, { filters, pageSize: AUDIT_PAGE_SIZE }),
    listAuditActions(db),
    listOrganisationsForAdmin(db, { status: "alle" }),
    reportsOf === undefined ? Promise.resolve([]) : listAuditReportChoices(db, { organisationId: reportsOf }),
    listAuditQuestionChoices(db),
  ]);
  const years = [...new Set(questions.map((q) => q.year))];
  // What each event changed, field by field (the values' history).
  const changes = await changesOfEvents(db, { eventIds: result.events.map((e) => e.id) });
  return {
    // What the page shows of each event, and nothing else (no codes).
    events: result.events.map((e) => ({
      id: e.id,
      occurredAt: formatDateTime(e.occurred_at),
      user: e.user_email,
      actingFor: e.acting_organisation_name,
      action: e.action_label,
      note: e.note,
      changes: changes.get(e.id) ?? [],
      object: e.object,
      success: e.result === "success",
      ip: e.ip,
    })),
    total: result.total,
    page: result.page,
    pages: result.pages,
    filters,
    dateErrors,
    idErrors: { rapportage: idErrors.rapportage ?? errors.rapportage, vraag: idErrors.vraag ?? errors.vraag },
    actions: actions
      .filter(isAuditAction)
      .map((a) => ({ value: a, label: AUDIT_ACTIONS[a] }))
      .sort((a, b) => a.label.localeCompare(b.label, "nl")),
    organisations: organisations.map((o) => ({ value: o.id, label: o.name })),
    reports: reports.map((r) => ({ value: r.id, label: `Rapportage ${r.year}` })),
    questionYears: years.map((year) => ({
      label: `Vragenlijst ${year}`,
      options: questions.filter((q) => q.year === year).map((q) => ({ value: q.id, label: short(q.label) })),
    })),
    report: report ? `de rapportage ${report.year} van ${report.organisation_name}` : null,
    question: question ? `de vraag '${question.label}' (${question.year})` : null,
  };
}

/** A select of the filter form with its options in groups and a message when the filter was not used. */
function ChoiceSelect({
  id,
  label,
  value,
  all,
  groups,
  error,
}: {
  id: string;
  label: string;
  value: number | undefined;
  all: string;
  groups: { label: string | null; options: { value: number; label: string }[] }[];
  error?: string;
}) {
  const options = (list: { value: number; label: string }[]) =>
    list.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  return (
    <Shell id={id} label={label} kind="select" errors={error ? [error] : undefined}>
      <select
        id={id}
        name={id}
        defaultValue={value ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}`}
      >
        <option value="">{all}</option>
        {groups.map((g) =>
          g.label === null ? (
            options(g.options)
          ) : (
            <optgroup key={g.label} label={g.label}>
              {options(g.options)}
            </optgroup>
          ),
        )}
      </select>
    </Shell>
  );
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { events, total, page, pages, filters, dateErrors, idErrors, actions, organisations, reports, questionYears, report, question } =
    loaderData;
  const location = useLocation();
  const csvParams = new URLSearchParams(location.search);
  csvParams.delete("pagina");
  /** This search without one of its filters (and from the first page). */
  const without = (name: string) => {
    const params = new URLSearchParams(location.search);
    params.delete(name);
    params.delete("pagina");
    const query = params.toString();
    return query ? `${location.pathname}?${query}` : location.pathname;
  };
  return (
    <div className="mvoi-container">
      <Heading level={1}>Audittrail</Heading>
      <Paragraph>
        Alles wat in het portaal gebeurde: wie, namens welke organisatie, wat, met welk resultaat, vanaf welk IP-adres en wanneer. Nieuwste
        eerst.
      </Paragraph>
      <Form method="get" className="mvoi-filter" role="search" aria-label="Audittrail doorzoeken">
        <FilterSelect
          id="organisatie"
          label="Organisatie"
          value={filters.organisatie ?? ""}
          options={[{ value: "", label: "Alle organisaties" }, ...organisations]}
        />
        {reports.length > 0 || idErrors.rapportage ? (
          <ChoiceSelect
            id="rapportage"
            label="Rapportage"
            value={filters.rapportage}
            all="Alle rapportages"
            groups={[{ label: null, options: reports }]}
            error={idErrors.rapportage}
          />
        ) : null}
        <ChoiceSelect id="vraag" label="Vraag" value={filters.vraag} all="Alle vragen" groups={questionYears} error={idErrors.vraag} />
        <FilterText id="gebruiker" label="Gebruiker (e-mailadres bevat)" value={filters.gebruiker} type="search" />
        <FilterSelect
          id="handeling"
          label="Handeling"
          value={filters.handeling ?? ""}
          options={[{ value: "", label: "Alle handelingen" }, ...actions]}
        />
        <FilterText id="van" label="Vanaf datum" value={filters.van} type="date" error={dateErrors.van} />
        <FilterText id="tot" label="Tot en met datum" value={filters.tot} type="date" error={dateErrors.tot} />
        <Button appearance="secondary">Zoeken</Button>
      </Form>
      {filters.organisatie !== undefined && reports.length === 0 && !idErrors.rapportage ? (
        <Paragraph>Deze organisatie heeft nog geen rapportage. U kunt daarom niet op een rapportage zoeken.</Paragraph>
      ) : null}
      {filters.organisatie === undefined && !report ? (
        <Paragraph>Zoekt u de gebeurtenissen van één rapportage? Kies dan eerst een organisatie en klik op Zoeken.</Paragraph>
      ) : null}
      {report || question ? (
        <ul className="utrecht-unordered-list" aria-label="Gekozen filters">
          {report ? (
            <li>
              Alleen gebeurtenissen over {report}. <Link to={without("rapportage")}>Filter op rapportage weghalen</Link>
            </li>
          ) : null}
          {question ? (
            <li>
              Alleen gebeurtenissen over {question}. <Link to={without("vraag")}>Filter op vraag weghalen</Link>
            </li>
          ) : null}
        </ul>
      ) : null}
      <Paragraph>
        <Link to={`/beheer/audit.csv?${csvParams.toString()}`} reloadDocument>
          Download deze {total} gebeurtenissen als CSV
        </Link>
      </Paragraph>
      <Table
        caption={`${total} gebeurtenissen gevonden`}
        head={
          <Tr>
            <Th>Tijdstip</Th>
            <Th>Door</Th>
            <Th>Namens</Th>
            <Th>Handeling</Th>
            <Th>Object</Th>
            <Th>Resultaat</Th>
            <Th>IP-adres</Th>
          </Tr>
        }
      >
        {events.map((e) => (
          <Tr key={e.id}>
            <Td>{e.occurredAt}</Td>
            <Td>{e.user ?? "—"}</Td>
            <Td>{e.actingFor ?? "—"}</Td>
            <Td>
              {e.action}
              {e.note ? (
                <>
                  <br />
                  <span className="mvoi-muted">{e.note}</span>
                </>
              ) : null}
              {e.changes.length ? (
                <ul className="mvoi-audit-changes">
                  {e.changes.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              ) : null}
            </Td>
            <Td>{e.object || "—"}</Td>
            <Td>{e.success ? "Gelukt" : "Mislukt"}</Td>
            <Td>{e.ip ?? "—"}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
