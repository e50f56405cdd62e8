import { Form } from "react-router";
import type { Route } from "./+types/completeness";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { planCompleteness, reportCompleteness } from "~/models/aggregates.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { query } from "~/utils/url";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = () => [{ title: "Volledigheid - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const [reports, plans] = await Promise.all([reportCompleteness(db, { year: filters.jaar }), planCompleteness(db)]);
  const order = (s: string) => (s === "all" ? 99 : Object.keys(SECTOR_LABELS).indexOf(s));
  return { filters, reports, plans: plans.sort((a, b) => order(a.sector) - order(b.sector)) };
}

const label = (s: string) => FIGURE_ROW_LABELS[s as keyof typeof FIGURE_ROW_LABELS];

export default function Completeness({ loaderData }: Route.ComponentProps) {
  const { filters, reports, plans } = loaderData;
  const reportLink = (sector: string, status?: string) =>
    `/ministerie/rapportages${query({ jaar: filters.jaar, sector: sector === "all" ? undefined : sector, status })}`;
  const planLink = (sector: string, extra: Record<string, string> = {}) =>
    `/ministerie/actieplannen${query({ sector: sector === "all" ? undefined : sector, ...extra })}`;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Volledigheid {filters.jaar}</Heading>
      <Form method="get" className="mvoi-filter">
        <FilterSelect id="jaar" label="Jaar" value={filters.jaar} options={filters.years.map((y) => ({ value: y, label: String(y) }))} />
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      <Paragraph>
        <a className="nl-link" href={`/ministerie/export/volledigheid.csv${query({ jaar: filters.jaar })}`}>
          Deze tabellen als CSV
        </a>{" "}
        ·{" "}
        <a className="nl-link" href={`/ministerie/export/volledigheid.xlsx${query({ jaar: filters.jaar })}`}>
          als Excel
        </a>
      </Paragraph>
      <Heading level={2}>Jaarrapportages over {filters.jaar}</Heading>
      <Table
        caption={`Stand van de jaarrapportages over ${filters.jaar} per sector; elk getal leidt naar de organisaties erachter`}
        head={
          <Tr>
            <Th>Sector</Th>
            <Th numeric>Verwacht</Th>
            <Th numeric>Geen rapportage</Th>
            <Th numeric>Concept</Th>
            <Th numeric>Ingediend</Th>
            <Th numeric>Geaccepteerd</Th>
            <Th numeric>Teruggestuurd</Th>
            <Th numeric>Te laat</Th>
          </Tr>
        }
      >
        {reports.map((r) => (
          <Tr key={r.sector}>
            <Td>{label(r.sector)}</Td>
            <Td numeric>
              {/* Umbrellas are not expected to report: no list behind their 0. */}
              {r.sector === "koepel" ? r.expected : <Link to={reportLink(r.sector)}>{r.expected}</Link>}
            </Td>
            {(["none", "draft", "submitted", "accepted", "returned"] as const).map((s) => (
              <Td numeric key={s}>
                <Link to={reportLink(r.sector, s)}>{r[s]}</Link>
              </Td>
            ))}
            <Td numeric>{r.late}</Td>
          </Tr>
        ))}
      </Table>
      <Heading level={2}>Actieplannen</Heading>
      <Table
        caption="Stand van de actieplannen per sector"
        head={
          <Tr>
            <Th>Sector</Th>
            <Th numeric>Organisaties</Th>
            <Th numeric>Plan verplicht (termijn begonnen)</Th>
            <Th numeric>Te laat</Th>
            <Th numeric>Ooit ingediend</Th>
            <Th numeric>Geaccepteerd</Th>
          </Tr>
        }
      >
        {plans.map((p) => (
          <Tr key={p.sector}>
            <Td>{label(p.sector)}</Td>
            <Td numeric>
              <Link to={planLink(p.sector)}>{p.expected}</Link>
            </Td>
            <Td numeric>{p.due}</Td>
            <Td numeric>
              <Link to={planLink(p.sector, { telaat: "ja" })}>{p.overdue}</Link>
            </Td>
            <Td numeric>{p.submitted}</Td>
            <Td numeric>
              <Link to={planLink(p.sector, { status: "accepted" })}>{p.accepted}</Link>
            </Td>
          </Tr>
        ))}
      </Table>
      <Paragraph>
        Verwacht: de organisaties die actief zijn en uiterlijk 31 december {filters.jaar} tekenden. Koepelorganisaties (zoals de Unie van
        Waterschappen) hoeven niet zelf te rapporteren; hun rij telt alleen rapportages die zij toch begonnen, en zij tellen niet mee in
        &lsquo;Alle sectoren&rsquo;. Te laat: voor het eerst ingediend na de eigen uiterste datum (met uitstel de nieuwe datum), of nog niet
        ingediend terwijl die datum voorbij is.
      </Paragraph>
    </div>
  );
}
