import { z } from "~/utils/zod";
import type { Executor } from "~/database/connection.server";
import { listReportingYears } from "~/models/reporting-year.server";
import { packCell, type OverviewRow, type PackedCell } from "~/components/ministry/overview-table";
import { FIGURE_ROWS, type SectorThemeGrid } from "~/models/aggregates.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { overviewFigures } from "~/models/overview-export.server";
import { THEMES } from "~/models/theme";
import { countText, euroText, percentText, stepsText } from "~/models/figure-format";

// Built once, not per request (building a Zod schema costs more than parsing with it).
const filtersSchema = z.object({
  jaar: z.coerce.number().int().optional().catch(undefined),
  data: z.enum(["geaccepteerd", "ingediend"]).catch("geaccepteerd"),
  sector: z.enum(FIGURE_ROWS).optional().catch(undefined),
});

/** The overview filters, read from the URL; anything unknown falls back to a default. */
export async function readOverviewFilters(db: Executor, request: Request) {
  const years = await listReportingYears(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { jaar, ...filters } = filtersSchema.parse(params);
  // A year that is not a reporting year falls back to the newest one.
  const year = jaar !== undefined && years.some((r) => r.year === jaar) ? jaar : (years[0]?.year ?? new Date().getFullYear());
  return { jaar: year, ...filters, sector: filters.sector === "all" ? undefined : filters.sector, years: years.map((y) => y.year) };
}

// The sector overview's table: the text of its cells, on the server (components/ministry/overview-table.ts builds the HTML).
/** What one cell of the table shows, as text (all that goes to the browser). */
function cellView(f: ReturnType<typeof overviewFigures>[number]): PackedCell | null {
  if (!f.cell) return null;
  return packCell([
    countText(f.tenders.value),
    f.tenders.n,
    percentText(f.tendersShare.value),
    f.tendersShare.n,
    euroText(f.value.value),
    f.value.n,
    percentText(f.valueShare.value),
    f.valueShare.n,
    stepsText(f.steps.value),
    f.steps.n,
    `${f.cell.tenders?.unknown ?? 0} onbekend, ${f.cell.tenders?.notApplicable ?? 0} n.v.t.`,
  ]);
}

// The grid is kept until the data change (then replaced by a new object): its rows once per grid.
const rowsOfGrid = new WeakMap<SectorThemeGrid, OverviewRow[]>();

/** The table's rows: per row (sectors, umbrellas, all sectors) the text of each theme's cell. */
export function overviewRows(grid: SectorThemeGrid): OverviewRow[] {
  let rows = rowsOfGrid.get(grid);
  if (!rows) {
    const figures = overviewFigures(grid);
    rows = FIGURE_ROWS.map((row) => ({
      sector: row,
      label: FIGURE_ROW_LABELS[row],
      cells: THEMES.map((t) => cellView(figures.find((f) => f.row === row && f.theme === t.code)!)),
    }));
    rowsOfGrid.set(grid, rows);
  }
  return rows;
}
