import { Form } from "react-router";
import type { Route } from "./+types/letter";
import { FigureValue } from "~/components/ministry/figure-value";
import { DataFilters } from "~/components/ministry/data-filters";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { cachedResponseCounts, sectorThemeGrid, shareFigure, type ShareCell } from "~/models/aggregates.server";
import { DATA_BASIS_TEXT, FIGURE_ROW_LABELS, FIGURE_ROWS, isSmallNumber, MIN_ORGANISATIONS } from "~/models/figures.labels";
import { THEMES } from "~/models/theme";
import { countText, nText, percentText } from "~/models/figure-format";
import { formatDate } from "~/utils/time";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Cijfers voor de Kamerbrief ${data?.filters.jaar ?? ""} - MVOI-portaal` }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const suppress = new URL(request.url).searchParams.get("klein") === "weglaten";
  const [grid, response] = await Promise.all([
    sectorThemeGrid(db, { year: filters.jaar, basis: filters.data }),
    cachedResponseCounts(db, { year: filters.jaar, basis: filters.data }),
  ]);
  // Rows with organisations in them; the umbrellas only when one of them reported.
  const rows = FIGURE_ROWS.filter((r) => r === "all" || (r === "koepel" ? response[r].counted > 0 : response[r].expected > 0));
  const cells = rows.map((row) => ({
    row,
    response: response[row],
    themes: THEMES.map((t) => {
      const c: ShareCell | undefined = grid[row]?.[t.code]?.tenders;
      const share = shareFigure(c);
      const valueShare = shareFigure(grid[row]?.[t.code]?.value);
      return {
        theme: t.code,
        share,
        valueShare,
        applied: c && c.paired > 0 ? c.pairedApplied : null,
        total: c && c.paired > 0 ? c.pairedTotal : null,
      };
    }),
  }));
  return { filters, suppress, cells, generatedOn: new Date().toISOString() };
}

/** "7 van 21"; for the umbrellas, who are not expected to report, "1 rapportage". */
const responseText = (r: { counted: number; expected: number }) =>
  r.expected === 0 ? `${r.counted} ${r.counted === 1 ? "rapportage" : "rapportages"}` : `${r.counted} van ${r.expected}`;

/** A print-ready page: the key table per sector and theme with the counts behind it (print to PDF from the browser). */
export default function Letter({ loaderData }: Route.ComponentProps) {
  const { filters, suppress, cells, generatedOn } = loaderData;
  return (
    <div className="mvoi-container mvoi-letter">
      <Heading level={1}>Maatschappelijk verantwoord opdrachtgeven en inkopen: cijfers over {filters.jaar}</Heading>
      <Form method="get" className="mvoi-filter mvoi-no-print">
        <DataFilters years={filters.years} year={filters.jaar} basis={filters.data} />
        <FilterSelect
          id="klein"
          label="Kleine aantallen"
          value={suppress ? "weglaten" : "tonen"}
          options={[
            { value: "tonen", label: "Tonen met kenmerk" },
            { value: "weglaten", label: `Weglaten (minder dan ${MIN_ORGANISATIONS} organisaties)` },
          ]}
        />
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      <Paragraph className="mvoi-no-print">
        Druk deze pagina af of sla haar op als pdf met de afdrukfunctie van uw browser (Ctrl+P).
      </Paragraph>
      <Paragraph>
        Bron: MVOI-portaal, {DATA_BASIS_TEXT[filters.data]}, stand {formatDate(generatedOn)}. Aandelen zijn berekend als de som van de
        toegepaste aantallen of waarden gedeeld door de som van de totalen, over de organisaties die beide opgaven (n).
      </Paragraph>
      <div className="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby="kamerbrief-tabel" tabIndex={0}>
        <table className="utrecht-table utrecht-table--html-table mvoi-letter__table">
          <caption className="utrecht-table__caption" id="kamerbrief-tabel">
            Tabel 1. Aandeel aanbestedingen (en contractwaarde) waarin het thema is toegepast, per sector, {filters.jaar}
          </caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                Sector (rapportages van verwacht)
              </th>
              {THEMES.map((t) => (
                <th scope="col" key={t.code} className="utrecht-table__header-cell">
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {cells.map(({ row, response, themes }) => (
              <tr className="utrecht-table__row" key={row} data-testid={`rij-${row}`}>
                <th scope="row" className="utrecht-table__header-cell">
                  {row === "all" ? "Totaal" : FIGURE_ROW_LABELS[row]} (<span data-figure="respons">{responseText(response)}</span>)
                </th>
                {themes.map((c) => {
                  const hidden = suppress && isSmallNumber(c.share.n);
                  return (
                    <td className="utrecht-table__cell" key={c.theme} data-testid={`cel-${row}-${c.theme}`}>
                      {hidden ? (
                        <span data-figure="weggelaten">niet getoond: minder dan {MIN_ORGANISATIONS} organisaties</span>
                      ) : (
                        <>
                          <FigureValue
                            name="aandeel"
                            text={percentText(c.share.value, 0)}
                            none={c.share.value === null}
                            small={isSmallNumber(c.share.n)}
                          />{" "}
                          (
                          <FigureValue
                            name="waarde-aandeel"
                            text={percentText(c.valueShare.value, 0)}
                            none={c.valueShare.value === null}
                            small={isSmallNumber(c.valueShare.n)}
                          />
                          )
                          <br />
                          <span className="mvoi-letter__counts">
                            <span data-figure="toegepast">{countText(c.applied)}</span> van{" "}
                            <span data-figure="totaal">{countText(c.total)}</span>; <span data-figure="n">{nText(c.share.n)}</span>
                          </span>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Paragraph>
        Lees: &ldquo;40% (35%)&rdquo; betekent dat het thema is toegepast in 40% van de aanbestedingen, goed voor 35% van de contractwaarde.
        Daaronder het aantal aanbestedingen met het thema en het totaal waarop het aandeel is berekend, en n: het aantal organisaties dat
        beide opgaf. <em>Geen waarde</em>: geen enkele organisatie gaf beide op. <em>Klein aantal</em>: het aandeel rust op minder dan{" "}
        {MIN_ORGANISATIONS} organisaties. De Koepelorganisaties tellen niet mee in het totaal.
      </Paragraph>
    </div>
  );
}
