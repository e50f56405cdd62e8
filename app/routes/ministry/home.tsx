import { Form } from "react-router";
import type { Route } from "./+types/home";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { countOrganisationsBySector, listOrganisations } from "~/models/organisation.server";
import { KIND_LABELS, SECTOR_LABELS, SECTORS, sectorSchema, SIGNED_ITSELF } from "~/models/organisation.schema";
import { formatDate } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Ondertekenaars - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  // An unknown sector in the URL is ignored (all sectors), never an error.
  const sector = sectorSchema.safeParse(url.searchParams.get("sector")).data;
  const db = getDb();
  const [organisations, counts] = await Promise.all([listOrganisations(db, { sector }), countOrganisationsBySector(db)]);
  const page = pageOf(organisations, request);
  return { organisations: page.items, page: page.page, pages: page.pages, shown: page.total, counts, sector: sector ?? null };
}

export default function MinistryHome({ loaderData }: Route.ComponentProps) {
  const { organisations, counts, sector } = loaderData;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <div className="mvoi-container">
      <Heading level={1}>Ondertekenaars van het manifest</Heading>
      <Paragraph lead>
        {total} organisaties in het portaal. U kunt de gegevens van alle organisaties inzien; wijzigen doen de organisaties zelf.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="sector"
          label="Sector"
          value={sector ?? ""}
          options={[
            { value: "", label: `Alle sectoren (${total})` },
            ...SECTORS.map((s) => ({ value: s, label: `${SECTOR_LABELS[s]} (${counts.find((c) => c.sector === s)?.count ?? 0})` })),
          ]}
        />
        <Button appearance="secondary">Filter toepassen</Button>
      </Form>
      <Table
        caption={`${loaderData.shown} organisaties${sector ? ` in de sector ${SECTOR_LABELS[sector]}` : ""}${loaderData.pages > 1 ? ` (pagina ${loaderData.page} van ${loaderData.pages})` : ""}`}
        head={
          <Tr>
            <Th>Organisatie</Th>
            <Th>Soort</Th>
            <Th>Sector</Th>
            <Th>Getekend via</Th>
            <Th>Ondertekend</Th>
          </Tr>
        }
      >
        {organisations.map((o) => (
          <Tr key={o.id}>
            <Td>
              <Link to={`/ministerie/organisaties/${o.slug}`}>{o.name}</Link>
              {o.covers_count > 0 ? <span className="mvoi-muted"> (tekent ook voor {o.covers_count})</span> : null}
            </Td>
            <Td>{KIND_LABELS[o.kind]}</Td>
            <Td>{SECTOR_LABELS[o.sector]}</Td>
            <Td>{o.signed_via_name ?? SIGNED_ITSELF}</Td>
            <Td>{formatDate(o.signed_at)}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={loaderData.page} pages={loaderData.pages} />
    </div>
  );
}
