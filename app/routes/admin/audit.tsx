import { Form, useLocation } from "react-router";
import type { Route } from "./+types/audit";
import { FilterSelect, FilterText } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { AUDIT_PAGE_SIZE, auditDateErrors, auditSearchSchema } from "~/models/admin.schema";
import { listAuditActions, searchAuditEvents } from "~/models/audit.server";
import { listOrganisationsForAdmin } from "~/models/organisation-admin.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Audittrail - Beheer - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const filters = auditSearchSchema.parse(Object.fromEntries(params));
  const dateErrors = auditDateErrors(params, filters);
  const [result, actions, organisations] = await Promise.all([
    searchAuditEvents(db, { filters, pageSize: AUDIT_PAGE_SIZE }),
    listAuditActions(db),
    listOrganisationsForAdmin(db, { status: "alle" }),
  ]);
  return { ...result, filters, dateErrors, actions, organisations: organisations.map((o) => ({ value: o.id, label: o.name })) };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { events, total, page, pages, filters, dateErrors, actions, organisations } = loaderData;
  const location = useLocation();
  const csvParams = new URLSearchParams(location.search);
  csvParams.delete("pagina");
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
        <FilterText id="gebruiker" label="Gebruiker (e-mailadres bevat)" value={filters.gebruiker} type="search" />
        <FilterSelect
          id="handeling"
          label="Handeling"
          value={filters.handeling ?? ""}
          options={[{ value: "", label: "Alle handelingen" }, ...actions.map((a) => ({ value: a, label: a }))]}
        />
        <FilterText id="van" label="Vanaf datum" value={filters.van} type="date" error={dateErrors.van} />
        <FilterText id="tot" label="Tot en met datum" value={filters.tot} type="date" error={dateErrors.tot} />
        <Button appearance="secondary">Zoeken</Button>
      </Form>
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
            <Td>{formatDateTime(e.occurred_at)}</Td>
            <Td>{e.user_email ?? "—"}</Td>
            <Td>{e.acting_organisation_name ?? "—"}</Td>
            <Td>
              <code>{e.action}</code>
            </Td>
            <Td>{e.object_type ? `${e.object_type} ${e.object_id ?? ""}` : "—"}</Td>
            <Td>{e.result === "success" ? "Gelukt" : "Mislukt"}</Td>
            <Td>{e.ip ?? "—"}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
