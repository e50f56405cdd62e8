import { Form } from "react-router";
import type { Route } from "./+types/overview";
import { DataFilters } from "~/components/ministry/data-filters";
import { overviewTableHtml } from "~/components/ministry/overview-table";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { cachedResponseCounts, sectorThemeGrid } from "~/models/aggregates.server";
import { countText, percentText } from "~/models/figure-format";
import { FIGURE_ROW_LABELS, FIGURE_ROWS, MIN_ORGANISATIONS, type DataBasis, type FigureRow } from "~/models/figures.labels";
import { query } from "~/utils/url";
import { overviewRows, readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = () => [{ title: "Overzicht per sector en thema - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const [grid, response] = await Promise.all([
    sectorThemeGrid(db, { year: filters.jaar, basis: filters.data }),
    cachedResponseCounts(db, { year: filters.jaar, basis: filters.data }),
  ]);
  return { filters, rows: overviewRows(grid), response: FIGURE_ROWS.map((row) => ({ row, ...response[row] })) };
}

/** The response table: per row how many organisations are expected and how many reports count. */
function ResponseTable({
  response,
  year,
  basis,
}: {
  response: { row: FigureRow; expected: number; counted: number }[];
  year: number;
  basis: DataBasis;
}) {
  return (
    <Table
      caption={`Respons: getelde rapportages van het aantal verwachte organisaties, ${year} (${basis === "geaccepteerd" ? "alleen geaccepteerde" : "ingediende en geaccepteerde"} rapportages)`}
      head={
        <Tr>
          <Th>Sector</Th>
          <Th numeric>Verwachte organisaties</Th>
          <Th numeric>Getelde rapportages</Th>
          <Th numeric>Respons</Th>
        </Tr>
      }
    >
      {response.map((r) => (
        <Tr key={r.row} total={r.row === "all"} testId={`respons-${r.row}`}>
          <Th scope="row">{FIGURE_ROW_LABELS[r.row]}</Th>
          <Td numeric>
            <span data-figure="verwacht">{countText(r.expected)}</span>
          </Td>
          <Td numeric>
            <span data-figure="geteld">{countText(r.counted)}</span>
          </Td>
          <Td numeric>
            {r.expected === 0 ? (
              <span className="mvoi-novalue" data-figure="respons-aandeel">
                niemand verwacht
              </span>
            ) : (
              <span data-figure="respons-aandeel">{percentText((r.counted / r.expected) * 100)}</span>
            )}
          </Td>
        </Tr>
      ))}
    </Table>
  );
}

export default function MinistryOverview({ loaderData }: Route.ComponentProps) {
  const { filters, rows } = loaderData;
  return (
    <div className="mvoi-container mvoi-wide">
      <Heading level={1}>Overzicht per sector en thema, {filters.jaar}</Heading>
      <Paragraph>
        Per sector en thema: het aantal aanbestedingen en de contractwaarde waarin het thema is toegepast, het aandeel daarvan in het totaal
        (som toegepast gedeeld door som totaal, alleen over organisaties die beide hebben ingevuld), de verdeling van de bereikte stappen,
        en hoeveel organisaties <em>onbekend</em> of <em>niet van toepassing</em> opgaven. Elk getal leidt naar de organisaties erachter.
      </Paragraph>
      <Paragraph>
        <strong>n</strong> is het aantal organisaties waarop een getal rust. <em>Geen waarde</em> betekent dat geen enkele organisatie een
        waarde gaf; dat is iets anders dan 0. Een getal van minder dan {MIN_ORGANISATIONS} organisaties heeft het kenmerk{" "}
        <em>klein aantal</em>. Koepelorganisaties (zoals de Unie van Waterschappen) staan in een eigen rij en tellen niet mee in &lsquo;Alle
        sectoren&rsquo;.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <DataFilters years={filters.years} year={filters.jaar} basis={filters.data} />
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      <Paragraph>
        <a className="nl-link" href={`/ministerie/export/overzicht.csv${query({ jaar: filters.jaar, data: filters.data })}`}>
          Deze tabel als CSV
        </a>{" "}
        ·{" "}
        <a className="nl-link" href={`/ministerie/export/overzicht.xlsx${query({ jaar: filters.jaar, data: filters.data })}`}>
          als Excel
        </a>{" "}
        ·{" "}
        <a className="nl-link" href={`/ministerie/export/waarden.csv${query({ jaar: filters.jaar, data: filters.data })}`}>
          Alle getelde waarden van {filters.jaar} (CSV)
        </a>{" "}
        ·{" "}
        <a className="nl-link" href={`/ministerie/export/waarden.xlsx${query({ jaar: filters.jaar, data: filters.data })}`}>
          Alle getelde waarden van {filters.jaar} (Excel)
        </a>
      </Paragraph>
      <ResponseTable response={loaderData.response} year={filters.jaar} basis={filters.data} />
      {/* The tables as HTML text, built once per version of the figures (see overview-table.ts). */}
      <div className="mvoi-overview-tables" dangerouslySetInnerHTML={{ __html: overviewTableHtml(rows, filters) }} />
    </div>
  );
}
