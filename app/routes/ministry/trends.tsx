import { Form } from "react-router";
import type { Route } from "./+types/trends";
import { LineChart } from "~/components/charts/line-chart";
import { FilterSelect } from "~/components/forms/filter-select";
import { DataFilters } from "~/components/ministry/data-filters";
import { FigureValue } from "~/components/ministry/figure-value";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { cachedTrend, type TrendPoint } from "~/models/aggregates.server";
import { FIGURE_ROW_LABELS, FIGURE_ROWS, isLowResponse, isSmallNumber, MIN_ORGANISATIONS, NO_VALUE_TEXT } from "~/models/figures.labels";
import { listIndicators } from "~/models/indicator.server";
import { formatValue, REPORT_SECTIONS } from "~/models/report.rules";
import { nText } from "~/models/figure-format";
import { readOverviewFilters } from "./overview.server";

/** A part of the questionnaire by its short name ("Algemeen", "Milieu", …). */
const sectionName = (section: string) => (REPORT_SECTIONS.find((s) => s.key === section)?.title ?? section).split(":")[0]!;

export const meta: Route.MetaFunction = () => [{ title: "Trends - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const latest = Math.max(...filters.years);
  const indicators = (await listIndicators(db, { year: latest })).filter((i) => i.aggregation === "sum");
  // A text that more than one part asks gets its part's name, in the list and above the figures.
  const labelOf = (i: (typeof indicators)[number]) =>
    indicators.some((j) => j !== i && j.label === i.label) ? `${i.label}: ${sectionName(i.section)}` : i.label;
  const asked = new URL(request.url).searchParams.get("vraag");
  const indicator = indicators.find((i) => i.code === asked) ?? indicators[0];
  const result = indicator
    ? await cachedTrend(db, { code: indicator.code, year: latest, basis: filters.data })
    : { chain: [], points: [] as TrendPoint[] };
  // Rows with organisations expected in them (the umbrellas only when one of them reported), all sectors last.
  const rows = FIGURE_ROWS.filter((r) => result.points.some((p) => p.row === r && (r === "koepel" ? p.counted > 0 : p.expected > 0)));
  return {
    filters,
    // Grouped by part of the questionnaire.
    indicators: indicators.map((i) => ({ code: i.code, label: labelOf(i), part: sectionName(i.section) })),
    indicator: indicator ? { code: indicator.code, label: labelOf(indicator), unit: indicator.unit } : null,
    chain: result.chain,
    points: result.points.filter((p) => rows.includes(p.row)),
    rows,
  };
}

export default function Trends({ loaderData }: Route.ComponentProps) {
  const { filters, indicators, indicator, chain, points, rows } = loaderData;
  const years = chain.map((c) => c.year);
  const at = (row: string, year: number) => points.find((p) => p.row === row && p.year === year);
  const show = (v: number | null | undefined) =>
    v == null
      ? NO_VALUE_TEXT
      : formatValue(
          { unit: indicator!.unit, choices: null },
          { state: "value", number: v, text: null, explanation: null, prefilled: false },
        );
  // The chart draws the sectors (the total would dwarf them); the table has every row.
  const charted = rows.filter((r) => r !== "all" && points.some((p) => p.row === r && p.sum !== null));
  const pointText = (p: TrendPoint | undefined) =>
    !p
      ? NO_VALUE_TEXT
      : `${show(p.sum)}${p.sum === null ? "" : ` (n=${p.reported})`}${isLowResponse(p) ? `, lage respons: ${p.counted} van ${p.expected}` : ""}`;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Trends</Heading>
      <Paragraph>
        Een vraag over de jaren, per sector: de som van de opgegeven waarden, met n: het aantal organisaties dat een waarde gaf. Een vraag
        die in een later jaar anders heet of anders is gedefinieerd, wordt gevolgd via de koppeling in de vragenlijst.
      </Paragraph>
      <Paragraph>
        De respons is het aantal getelde rapportages van het aantal verwachte organisaties. Een jaar waarin minder dan de helft van een
        sector rapporteerde, heeft het kenmerk <em>lage respons</em> (in de grafiek een open punt): een daling kan dan betekenen dat nog
        niet iedereen rapporteerde. <em>Geen waarde</em>: geen enkele organisatie gaf een waarde (er is dan geen punt getekend).{" "}
        <em>Klein aantal</em>: minder dan {MIN_ORGANISATIONS} organisaties.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="vraag"
          label="Vraag"
          value={indicator?.code ?? ""}
          options={indicators.map((i) => ({ value: i.code, label: i.label, group: i.part }))}
        />
        <DataFilters basis={filters.data} />
        <Button appearance="secondary">Tonen</Button>
      </Form>
      {indicator && years.length ? (
        <>
          <LineChart
            title={`${indicator.label}, per sector, ${years[0]} tot en met ${years.at(-1)}`}
            description={`Lijngrafiek. ${charted.map((r) => `${FIGURE_ROW_LABELS[r]}: ${years.map((y) => `${y} ${pointText(at(r, y))}`).join("; ")}`).join(". ")}. De cijfers staan ook in de tabel onder de grafiek.`}
            xLabels={years}
            series={charted.map((r) => ({
              key: r,
              label: FIGURE_ROW_LABELS[r],
              points: years.map((y) => {
                const p = at(r, y);
                return { x: y, y: p?.sum ?? null, open: p ? isLowResponse(p) : false };
              }),
            }))}
          />
          <Table
            caption={`${indicator.label} per sector en jaar, met de respons`}
            head={
              <Tr>
                <Th>Sector</Th>
                {years.map((y) => (
                  <Th key={y} numeric>
                    {y}
                  </Th>
                ))}
              </Tr>
            }
          >
            {rows.map((r) => (
              <Tr key={r}>
                <Td>{FIGURE_ROW_LABELS[r]}</Td>
                {years.map((y) => {
                  const p = at(r, y);
                  return (
                    <Td key={y} numeric>
                      <span data-testid={`trend-${r}-${y}`}>
                        <FigureValue
                          name="som"
                          text={show(p?.sum)}
                          none={p?.sum == null}
                          n={nText(p?.reported ?? 0)}
                          small={isSmallNumber(p?.reported ?? 0)}
                        />
                        <br />
                        respons{" "}
                        <span data-figure="respons">
                          {p && p.expected === 0
                            ? `${p.counted} ${p.counted === 1 ? "rapportage" : "rapportages"}`
                            : `${p?.counted ?? 0} van ${p?.expected ?? 0}`}
                        </span>
                        {p && isLowResponse(p) ? <strong className="mvoi-small"> lage respons</strong> : null}
                      </span>
                    </Td>
                  );
                })}
              </Tr>
            ))}
          </Table>
          <Paragraph>Gevolgde vragen: {chain.map((c) => `${c.year}: ${c.label}`).join(" → ")}.</Paragraph>
        </>
      ) : (
        <Paragraph>Er zijn nog geen gegevens.</Paragraph>
      )}
    </div>
  );
}
