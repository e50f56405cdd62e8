import { Form } from "react-router";
import type { Route } from "./+types/trends";
import { LineChart } from "~/components/charts/line-chart";
import { FilterSelect } from "~/components/forms/filter-select";
import { DataFilters } from "~/components/ministry/data-filters";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { trend } from "~/models/aggregates.server";
import { listIndicators } from "~/models/indicator.server";
import { SECTOR_LABELS, SECTORS } from "~/models/organisation.schema";
import { formatValue } from "~/models/report.rules";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = () => [{ title: "Trends - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const latest = Math.max(...filters.years);
  const indicators = (await listIndicators(db, { year: latest })).filter((i) => i.aggregation === "sum");
  const asked = new URL(request.url).searchParams.get("vraag");
  const indicator = indicators.find((i) => i.code === asked) ?? indicators[0];
  const result = indicator ? await trend(db, { code: indicator.code, year: latest, basis: filters.data }) : { chain: [], points: [] };
  return { filters, indicators: indicators.map((i) => ({ code: i.code, label: i.label, unit: i.unit })), indicator: indicator ? { code: indicator.code, label: indicator.label, unit: indicator.unit } : null, ...result };
}

export default function Trends({ loaderData }: Route.ComponentProps) {
  const { filters, indicators, indicator, chain, points } = loaderData;
  const years = chain.map((c) => c.year);
  const sectors = SECTORS.filter((s) => points.some((p) => p.sector === s));
  const at = (sector: string, year: number) => points.find((p) => p.sector === sector && p.year === year);
  const show = (v: number | undefined) => (v == null ? "—" : formatValue({ unit: indicator!.unit, choices: null }, { state: "value", number: v, text: null, explanation: null, prefilled: false }));
  return (
    <div className="mvoi-container">
      <Heading level={1}>Trends</Heading>
      <Paragraph>
        Een vraag over de jaren, per sector: de som van de opgegeven waarden. Een vraag die in een later jaar anders heet of anders is
        gedefinieerd, wordt gevolgd via de koppeling in de vragenlijst.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect id="vraag" label="Vraag" value={indicator?.code ?? ""} options={indicators.map((i) => ({ value: i.code, label: i.label }))} />
        <DataFilters basis={filters.data} />
        <Button appearance="secondary">Tonen</Button>
      </Form>
      {indicator && years.length ? (
        <>
          <LineChart
            title={`${indicator.label}, per sector, ${years[0]} tot en met ${years.at(-1)}`}
            description={`Lijngrafiek. ${sectors.map((s) => `${SECTOR_LABELS[s]}: ${years.map((y) => `${y} ${show(at(s, y)?.sum)}`).join(", ")}`).join(". ")}. De cijfers staan ook in de tabel onder de grafiek.`}
            xLabels={years}
            series={sectors.map((s) => ({ key: s, label: SECTOR_LABELS[s], points: years.map((y) => ({ x: y, y: at(s, y)?.sum ?? null })) }))}
          />
          <Table
            caption={`${indicator.label} per sector en jaar (aantal organisaties met een waarde tussen haakjes)`}
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
            {sectors.map((s) => (
              <Tr key={s}>
                <Td>{SECTOR_LABELS[s]}</Td>
                {years.map((y) => (
                  <Td key={y} numeric>
                    {show(at(s, y)?.sum)} ({at(s, y)?.reported ?? 0})
                  </Td>
                ))}
              </Tr>
            ))}
          </Table>
          <Paragraph>
            Gevolgde vragen: {chain.map((c) => `${c.year}: ${c.label} (${c.code})`).join(" → ")}.
          </Paragraph>
        </>
      ) : (
        <Paragraph>Er zijn nog geen gegevens.</Paragraph>
      )}
    </div>
  );
}
