import { Form, useSearchParams } from "react-router";
import type { Route } from "./+types/organisations";
import { FilterSelect, FilterText } from "~/components/forms/filter-select";
import { Alert } from "~/components/ui/alert";
import { Button, ButtonLink } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { organisationSearchSchema } from "~/models/admin.schema";
import { listOrganisationsForAdmin } from "~/models/organisation-admin.server";
import { KIND_LABELS, SECTOR_LABELS, SIGNED_ITSELF } from "~/models/organisation.schema";

export const meta: Route.MetaFunction = () => [{ title: "Organisaties - Beheer - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const filters = organisationSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const all = await listOrganisationsForAdmin(getDb(), { search: filters.q?.trim() || undefined, status: filters.status });
  return { ...pageOf(all, request), q: filters.q ?? "", status: filters.status ?? "actief" };
}

export default function AdminOrganisations({ loaderData }: Route.ComponentProps) {
  const { items, page, pages, total, q, status } = loaderData;
  const [searchParams] = useSearchParams();
  const notice = searchParams.has("ingelezen") ? `Het bestand is ingelezen: ${searchParams.get("ingelezen")}.` : null;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Organisaties</Heading>
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      <Paragraph>
        De organisaties die het manifest ondertekenden. Een organisatie met gegevens wordt nooit verwijderd, alleen uitgeschakeld.
      </Paragraph>
      <p className="mvoi-button-row">
        <ButtonLink to="/beheer/organisaties/nieuw">Organisatie toevoegen</ButtonLink>
        <ButtonLink to="/beheer/organisaties/importeren" appearance="secondary">
          Inlezen uit CSV-bestand
        </ButtonLink>
      </p>
      <Form method="get" className="mvoi-filter" role="search" aria-label="Organisaties zoeken">
        <FilterText id="q" label="Naam bevat" value={q} maxLength={100} />
        <FilterSelect
          id="status"
          label="Toon"
          value={status}
          options={[
            { value: "actief", label: "Actieve organisaties" },
            { value: "inactief", label: "Uitgeschakelde organisaties" },
            { value: "alle", label: "Alle organisaties" },
          ]}
        />
        <Button appearance="secondary">Zoeken</Button>
      </Form>
      <Table
        caption={`${total} organisaties${q ? ` met "${q}" in de naam` : ""}`}
        head={
          <Tr>
            <Th>Naam</Th>
            <Th>Soort</Th>
            <Th>Sector</Th>
            <Th>Getekend via</Th>
            <Th numeric>Gebruikers</Th>
            <Th>Status</Th>
          </Tr>
        }
      >
        {items.map((o) => (
          <Tr key={o.id}>
            <Td>
              <Link to={`/beheer/organisaties/${o.id}`}>{o.name}</Link>
            </Td>
            <Td>{KIND_LABELS[o.kind]}</Td>
            <Td>{SECTOR_LABELS[o.sector]}</Td>
            <Td>{o.signed_via_name ?? SIGNED_ITSELF}</Td>
            <Td numeric>{o.users}</Td>
            <Td>{o.active ? "Actief" : "Uitgeschakeld"}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
