import { data } from "react-router";
import type { Route } from "./+types/overview-organisations";
import { PlanStatusTag } from "~/components/document/status";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import type { AnswerState } from "~/database/types";
import { organisationsBehind } from "~/models/aggregates.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { formatValue } from "~/models/report.rules";
import { THEME_NAMES, THEMES } from "~/models/theme";
import { query } from "~/utils/url";
import { readOverviewFilters } from "./overview.server";

export const meta: Route.MetaFunction = () => [{ title: "Organisaties achter het overzicht - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const filters = await readOverviewFilters(db, request);
  const theme = THEMES.find((t) => t.code === new URL(request.url).searchParams.get("onderdeel"))?.code;
  if (!theme) throw data({ message: "Niet gevonden" }, { status: 404 });
  const rows = await organisationsBehind(db, { year: filters.jaar, basis: filters.data, section: theme, row: filters.sector });
  // One line per organisation, with its tenders, value and step.
  const byOrg = new Map<
    number,
    {
      name: string;
      slug: string;
      sector: string;
      status: string;
      cells: Record<string, { state: AnswerState; value: number | null; totalState: string | null; total: number | null; unit: string }>;
    }
  >();
  for (const r of rows) {
    const entry = byOrg.get(r.id) ?? { name: r.name, slug: r.slug, sector: r.sector, status: r.status, cells: {} };
    const kind = r.code.endsWith("_aanbestedingen") ? "tenders" : r.code.endsWith("_waarde") ? "value" : r.unit === "step" ? "step" : null;
    if (kind) entry.cells[kind] = { state: r.state, value: r.number_value, totalState: r.total_state, total: r.total_value, unit: r.unit };
    byOrg.set(r.id, entry);
  }
  return { filters, theme, organisations: [...byOrg.values()] };
}

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

export default function OverviewOrganisations({ loaderData }: Route.ComponentProps) {
  const { filters, theme, organisations } = loaderData;
  const show = (c: { state: AnswerState; value: number | null; unit: string } | undefined) =>
    c
      ? formatValue(
          { unit: c.unit as "count", choices: null },
          { state: c.state, number: c.value, text: null, explanation: null, prefilled: false },
        )
      : "niet ingevuld";
  const shareOf = (c?: { state: string; value: number | null; totalState: string | null; total: number | null }) =>
    c?.state === "value" && c.totalState === "value" && c.total ? ` (${pct.format((c.value! / c.total) * 100)}%)` : "";
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={`/ministerie/overzicht${query({ jaar: filters.jaar, data: filters.data })}`}>Terug naar het overzicht</Link>
      </Paragraph>
      <Heading level={1}>
        {THEME_NAMES[theme]}, {filters.jaar}
        {filters.sector ? `: ${FIGURE_ROW_LABELS[filters.sector]}` : ""}
      </Heading>
      <Table
        caption={`${organisations.length} organisaties met een ${filters.data === "geaccepteerd" ? "geaccepteerde" : "ingediende of geaccepteerde"} rapportage`}
        head={
          <Tr>
            <Th>Organisatie</Th>
            <Th>Sector</Th>
            <Th>Status</Th>
            <Th numeric>Aanbestedingen met het thema</Th>
            <Th numeric>Waarde met het thema</Th>
            <Th numeric>Bereikte stap</Th>
          </Tr>
        }
      >
        {organisations.map((o) => (
          <Tr key={o.slug}>
            <Td>
              <Link to={`/ministerie/rapportages/${o.slug}/${filters.jaar}`}>{o.name}</Link>
            </Td>
            <Td>{SECTOR_LABELS[o.sector as keyof typeof SECTOR_LABELS]}</Td>
            <Td>
              <PlanStatusTag status={o.status as "accepted"} />
            </Td>
            <Td numeric>
              {show(o.cells.tenders)}
              {shareOf(o.cells.tenders)}
            </Td>
            <Td numeric>
              {show(o.cells.value)}
              {shareOf(o.cells.value)}
            </Td>
            <Td numeric>{show(o.cells.step)}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
