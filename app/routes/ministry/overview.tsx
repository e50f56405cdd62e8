import { Form } from "react-router";
import type { Route } from "./+types/overview";
import { DataFilters } from "~/components/ministry/data-filters";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import type { Sector } from "~/db/types";
import { sectorThemeGrid, type GridCell, type ShareCell } from "~/models/aggregates.server";
import { SECTOR_LABELS, SECTORS } from "~/models/organisation.schema";
import { THEMES } from "~/models/theme";
import { formatEuro, formatInteger } from "~/utils/number";
import { query } from "~/utils/url";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = () => [{ title: "Overzicht per sector en thema - Ministerie - MVOI-portaal" }];

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const share = (c?: ShareCell) => (c && c.pairedTotal > 0 ? `${pct.format((c.pairedApplied / c.pairedTotal) * 100)}%` : "—");

/**
 * What one cell of the table shows, as text. Only this goes to the browser: the grid holds
 * three times as many values per cell, and encoding them for the page cost a tenth of its
 * server time.
 */
function cellView(c: GridCell | undefined) {
  if (!c?.tenders && !c?.value) return null;
  return {
    tenders: formatInteger(c.tenders?.sum ?? 0),
    tendersShare: share(c.tenders),
    value: formatEuro(c.value?.sum ?? 0),
    valueShare: share(c.value),
    steps: c.steps.join(" · "),
    reports: `${c.tenders?.reported ?? 0} waarde, ${c.tenders?.unknown ?? 0} onbekend, ${c.tenders?.notApplicable ?? 0} n.v.t.`,
  };
}

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const grid = await sectorThemeGrid(db, { year: filters.jaar, basis: filters.data });
  return { filters, rows: tableRows(grid) };
}

type Grid = Awaited<ReturnType<typeof sectorThemeGrid>>;
// The grid is kept until the data change (and then replaced by a new object), so the text of its
// cells is worked out once per grid, not on every request.
const rowsOfGrid = new WeakMap<Grid, ReturnType<typeof buildRows>>();
function tableRows(grid: Grid) {
  let rows = rowsOfGrid.get(grid);
  if (!rows) rowsOfGrid.set(grid, (rows = buildRows(grid)));
  return rows;
}
function buildRows(grid: Grid) {
  return ([...SECTORS, "all"] as (Sector | "all")[]).map((sector) => ({
    sector,
    label: sector === "all" ? "Alle sectoren" : SECTOR_LABELS[sector],
    cells: THEMES.map((t) => cellView(grid[sector]?.[t.code])),
  }));
}

export default function MinistryOverview({ loaderData }: Route.ComponentProps) {
  const { filters, rows } = loaderData;
  const drill = (sector: string, theme: string) =>
    `/ministerie/overzicht/organisaties${query({ jaar: filters.jaar, data: filters.data, onderdeel: theme, sector: sector === "all" ? undefined : sector })}`;
  return (
    <div className="mvoi-container mvoi-wide">
      <Heading level={1}>Overzicht per sector en thema, {filters.jaar}</Heading>
      <Paragraph>
        Per sector en thema: het aantal aanbestedingen en de contractwaarde waarin het thema is toegepast, het aandeel daarvan in het
        totaal (som toegepast gedeeld door som totaal, alleen over organisaties die beide hebben ingevuld), de verdeling van de bereikte
        stappen, en hoeveel organisaties een waarde, <em>onbekend</em> of <em>niet van toepassing</em> opgaven. Elk getal leidt naar de
        organisaties erachter.
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
        <a className="nl-link" href={`/ministerie/export/waarden.csv${query({ jaar: filters.jaar })}`}>
          Alle waarden van {filters.jaar} (CSV)
        </a>{" "}
        ·{" "}
        <a className="nl-link" href={`/ministerie/export/waarden.xlsx${query({ jaar: filters.jaar })}`}>
          Alle waarden van {filters.jaar} (Excel)
        </a>
      </Paragraph>
      <div className="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby="overzicht-titel" tabIndex={0}>
        <table className="utrecht-table utrecht-table--html-table mvoi-overview">
          <caption className="utrecht-table__caption" id="overzicht-titel">
            Toepassing van de thema's per sector in {filters.jaar} ({filters.data === "geaccepteerd" ? "alleen geaccepteerde" : "ingediende en geaccepteerde"}{" "}
            rapportages)
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                Sector
              </th>
              {THEMES.map((t) => (
                <th scope="col" key={t.code} className="utrecht-table__header-cell">
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {rows.map(({ sector, label, cells }) => (
              <tr className={`utrecht-table__row${sector === "all" ? " mvoi-overview__total" : ""}`} key={sector}>
                <th scope="row" className="utrecht-table__header-cell">
                  {label}
                </th>
                {THEMES.map((t, i) => {
                  const c = cells[i];
                  const href = drill(sector, t.code);
                  return (
                    <td className="utrecht-table__cell mvoi-overview__cell" key={t.code} data-testid={`cel-${sector}-${t.code}`}>
                      {c ? (
                        <dl>
                          <dt>Aanbestedingen</dt>
                          <dd>
                            <Link to={href}>{c.tenders}</Link>
                            {` (${c.tendersShare})`}
                          </dd>
                          <dt>Waarde</dt>
                          <dd>
                            <Link to={href}>{c.value}</Link>
                            {` (${c.valueShare})`}
                          </dd>
                          <dt>Stappen 1–5</dt>
                          <dd>{c.steps}</dd>
                          <dt>Opgave</dt>
                          <dd>{c.reports}</dd>
                        </dl>
                      ) : (
                        <span className="mvoi-muted">geen gegevens</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
