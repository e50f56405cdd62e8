import { Form } from "react-router";
import type { Route } from "./+types/letter";
import { DataFilters } from "~/components/ministry/data-filters";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import type { Sector } from "~/db/types";
import { reportCompleteness, sectorThemeGrid, type ShareCell } from "~/models/aggregates.server";
import { SECTOR_LABELS, SECTORS } from "~/models/organisation.schema";
import { THEMES } from "~/models/theme";
import { formatDate } from "~/utils/time";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Cijfers voor de Kamerbrief ${data?.filters.jaar ?? ""} - MVOI-portaal` }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const [grid, completeness] = await Promise.all([sectorThemeGrid(db, { year: filters.jaar, basis: filters.data }), reportCompleteness(db, { year: filters.jaar })]);
  return { filters, grid, completeness, generatedOn: new Date().toISOString() };
}

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const nf = new Intl.NumberFormat("nl-NL");
const share = (c?: ShareCell) => (c && c.pairedTotal > 0 ? `${pct.format((c.pairedApplied / c.pairedTotal) * 100)}%` : "–");

/** A print-ready page: the key table per sector and theme with the counts behind it (print to PDF from the browser). */
export default function Letter({ loaderData }: Route.ComponentProps) {
  const { filters, grid, completeness, generatedOn } = loaderData;
  const rows: (Sector | "all")[] = [...SECTORS.filter((s) => grid[s]), "all"];
  const counted = (sector: string) => completeness.find((c) => c.sector === sector);
  return (
    <div className="mvoi-container mvoi-letter">
      <Form method="get" className="mvoi-filter mvoi-no-print">
        <DataFilters years={filters.years} year={filters.jaar} basis={filters.data} />
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      <Paragraph className="mvoi-no-print">Druk deze pagina af of sla haar op als pdf met de afdrukfunctie van uw browser (Ctrl+P).</Paragraph>
      <Heading level={1}>Maatschappelijk verantwoord opdrachtgeven en inkopen: cijfers over {filters.jaar}</Heading>
      <Paragraph>
        Bron: MVOI-portaal, {filters.data === "geaccepteerd" ? "geaccepteerde" : "ingediende en geaccepteerde"} jaarrapportages, stand{" "}
        {formatDate(generatedOn)}. Aandelen zijn berekend als de som van de toegepaste aantallen of waarden gedeeld door de som van de totalen,
        over de organisaties die beide opgaven.
      </Paragraph>
      <table className="utrecht-table utrecht-table--html-table mvoi-letter__table">
        <caption className="utrecht-table__caption">
          Tabel 1. Aandeel aanbestedingen (en contractwaarde) waarin het thema is toegepast, per sector, {filters.jaar}
        </caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              Sector (rapportages)
            </th>
            {THEMES.map((t) => (
              <th scope="col" key={t.code} className="utrecht-table__header-cell">
                {t.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map((sector) => {
            const c = counted(sector);
            return (
              <tr className="utrecht-table__row" key={sector}>
                <th scope="row" className="utrecht-table__header-cell">
                  {sector === "all" ? "Totaal" : SECTOR_LABELS[sector]} ({filters.data === "geaccepteerd" ? (c?.accepted ?? 0) : (c?.accepted ?? 0) + (c?.submitted ?? 0)} van{" "}
                  {c?.expected ?? 0})
                </th>
                {THEMES.map((t) => {
                  const cell = grid[sector]?.[t.code];
                  return (
                    <td className="utrecht-table__cell" key={t.code}>
                      {share(cell?.tenders)} ({share(cell?.value)})
                      <br />
                      <span className="mvoi-letter__counts">
                        {nf.format(cell?.tenders?.pairedApplied ?? 0)} van {nf.format(cell?.tenders?.pairedTotal ?? 0)}; n={cell?.tenders?.reported ?? 0}
                      </span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <Paragraph>
        Lees: "40% (35%)" betekent dat het thema is toegepast in 40% van de aanbestedingen, goed voor 35% van de contractwaarde. Daaronder het
        aantal aanbestedingen met het thema en het totaal waarop het aandeel is berekend, en n: het aantal organisaties met een waarde.
      </Paragraph>
    </div>
  );
}
