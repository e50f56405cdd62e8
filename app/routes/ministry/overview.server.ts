import { z } from "~/utils/zod";
import type { Executor } from "~/db.server";
import { listReportingYears } from "~/models/reporting-year.server";
import type { OverviewCell, OverviewRow } from "~/components/ministry/overview-table";
import type { Sector } from "~/db/types";
import type { GridCell, SectorThemeGrid, ShareCell } from "~/models/aggregates.server";
import { SECTOR_LABELS, SECTORS, sectorSchema } from "~/models/organisation.schema";
import { THEMES } from "~/models/theme";
import { formatEuro, formatInteger } from "~/utils/number";

// Built once, not per request (building a Zod schema costs more than parsing with it).
const filtersSchema = z.object({
  jaar: z.coerce.number().int().optional().catch(undefined),
  data: z.enum(["geaccepteerd", "ingediend"]).catch("geaccepteerd"),
  sector: sectorSchema.optional().catch(undefined),
});

/** The overview filters, read from the URL; anything unknown falls back to a default. */
export async function readOverviewFilters(db: Executor, request: Request) {
  const years = await listReportingYears(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { jaar, ...filters } = filtersSchema.parse(params);
  // A year that is not a reporting year falls back to the newest one.
  const year = jaar !== undefined && years.some((r) => r.year === jaar) ? jaar : (years[0]?.year ?? new Date().getFullYear());
  return { jaar: year, ...filters, years: years.map((y) => y.year) };
}

// The sector overview's table: the text of its cells, on the server (components/ministry/overview-table.ts builds the HTML).
const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const share = (c?: ShareCell) => (c && c.pairedTotal > 0 ? `${pct.format((c.pairedApplied / c.pairedTotal) * 100)}%` : "—");

/** What one cell of the table shows, as text (all that goes to the browser: a third of the grid's values). */
function cellView(c: GridCell | undefined): OverviewCell | null {
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

// The grid is kept until the data change (then replaced by a new object): its rows once per grid.
const rowsOfGrid = new WeakMap<SectorThemeGrid, OverviewRow[]>();

/** The table's rows: per sector (and all sectors together) the text of each theme's cell. */
export function overviewRows(grid: SectorThemeGrid): OverviewRow[] {
  let rows = rowsOfGrid.get(grid);
  if (!rows) {
    rows = ([...SECTORS, "all"] as (Sector | "all")[]).map((sector) => ({
      sector,
      label: sector === "all" ? "Alle sectoren" : SECTOR_LABELS[sector],
      cells: THEMES.map((t) => cellView(grid[sector]?.[t.code])),
    }));
    rowsOfGrid.set(grid, rows);
  }
  return rows;
}
