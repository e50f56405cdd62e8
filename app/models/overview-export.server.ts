import type { Executor } from "~/database/connection.server";
import {
  FIGURE_ROWS,
  isSmallNumber,
  planCompleteness,
  reportCompleteness,
  sectorThemeGrid,
  shareFigure,
  stepsFigure,
  sumFigure,
  type DataBasis,
  type SectorThemeGrid,
  type ShareCell,
} from "~/models/aggregates.server";
import { DATA_BASIS_TEXT } from "~/models/counted-version.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { THEMES } from "~/models/theme";
import { BOM, csvLine, neutralise } from "~/utils/csv-write";
import { formatDateTime, nowIso } from "~/utils/time";

/** A table to export: a title line that says what it holds, then a header and rows. */
export type Table = { name: string; title: string; header: string[]; rows: (string | number | null)[][] };

/** A percentage as exported: one decimal. */
const percent = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
/** A paired sum, only where some organisation gave both the part and the total. */
const paired = (c: ShareCell | undefined, part: "pairedApplied" | "pairedTotal") => (c && c.paired > 0 ? c[part] : null);
const stamp = () => `stand ${formatDateTime(nowIso())}`;

/**
 * The sector overview's cells as figures, row by row and theme by theme: exactly what the page
 * shows (routes/ministry/overview.server.ts formats the same figures), so page and export agree.
 */
export function overviewFigures(grid: SectorThemeGrid) {
  return FIGURE_ROWS.flatMap((row) =>
    THEMES.map((theme) => {
      const c = grid[row]?.[theme.code];
      return {
        row,
        theme: theme.code,
        tenders: sumFigure(c?.tenders),
        tendersShare: shareFigure(c?.tenders),
        value: sumFigure(c?.value),
        valueShare: shareFigure(c?.value),
        steps: stepsFigure(c),
        cell: c,
      };
    }),
  );
}

/** A figure of a theme about tenders or contract value, and its n: headers in words (docs/figures.md). */
const shareHeaders = (what: "Aanbestedingen" | "Contractwaarde", unit: string) => [
  `${what} met thema${unit}`,
  `${what} met thema: aantal organisaties`,
  `Aandeel ${what.toLowerCase()} met thema (%)`,
  `Aandeel ${what.toLowerCase()}: aantal organisaties`,
  `Aandeel ${what.toLowerCase()}: teller${unit}`,
  `Aandeel ${what.toLowerCase()}: noemer${unit}`,
  `${what}: organisaties met onbekend`,
  `${what}: organisaties met niet van toepassing`,
];

/**
 * The overview export's header: the page's row (Sector) and column (Thema), then every figure of
 * the cell. n is the number of organisations a figure rests on, as on the page; a share is teller
 * divided by noemer, both summed over the organisations that gave both.
 */
export const OVERVIEW_HEADER = [
  "Sector",
  "Thema",
  ...shareHeaders("Aanbestedingen", ""),
  ...shareHeaders("Contractwaarde", " (euro)"),
  ...[1, 2, 3, 4, 5].map((step) => `Organisaties op stap ${step}`),
  "Stappen: aantal organisaties",
  "Klein aantal",
];

export const REPORT_COMPLETENESS_HEADER = [
  "Jaar",
  "Sector",
  "Verwacht",
  "Geen rapportage",
  "Concept",
  "Ingediend",
  "Geaccepteerd",
  "Teruggestuurd",
  "Te laat",
];
export const PLAN_COMPLETENESS_HEADER = [
  "Sector",
  "Organisaties",
  "Plan verplicht (termijn begonnen)",
  "Te laat",
  "Ooit ingediend",
  "Geaccepteerd",
];

/** The sector overview as one table: a row per row of the page and theme, every figure of its cell. */
export async function overviewTables(db: Executor, args: { year: number; basis: DataBasis }): Promise<Table[]> {
  const grid = await sectorThemeGrid(db, args);
  const rows = overviewFigures(grid).map((f) => {
    const small = [f.tenders, f.tendersShare, f.value, f.valueShare, f.steps].some((x) => isSmallNumber(x.n));
    return [
      FIGURE_ROW_LABELS[f.row],
      THEMES.find((t) => t.code === f.theme)!.name,
      f.tenders.value,
      f.tenders.n,
      percent(f.tendersShare.value),
      f.tendersShare.n,
      paired(f.cell?.tenders, "pairedApplied"),
      paired(f.cell?.tenders, "pairedTotal"),
      f.cell?.tenders?.unknown ?? 0,
      f.cell?.tenders?.notApplicable ?? 0,
      f.value.value,
      f.value.n,
      percent(f.valueShare.value),
      f.valueShare.n,
      paired(f.cell?.value, "pairedApplied"),
      paired(f.cell?.value, "pairedTotal"),
      f.cell?.value?.unknown ?? 0,
      f.cell?.value?.notApplicable ?? 0,
      ...[0, 1, 2, 3, 4].map((i) => (f.steps.value ? f.steps.value[i]! : null)),
      f.steps.n,
      small ? "ja" : "nee",
    ];
  });
  return [
    {
      name: "Overzicht",
      title: `MVOI-portaal: overzicht per sector en thema over ${args.year}, ${DATA_BASIS_TEXT[args.basis]}, ${stamp()}`,
      header: OVERVIEW_HEADER,
      rows,
    },
  ];
}

export async function completenessTables(db: Executor, args: { year: number }): Promise<Table[]> {
  const [reports, plans] = await Promise.all([reportCompleteness(db, args), planCompleteness(db)]);
  return [
    {
      name: "Rapportages",
      title: `MVOI-portaal: volledigheid van de jaarrapportages over ${args.year}, ${stamp()}`,
      header: REPORT_COMPLETENESS_HEADER,
      rows: reports.map((r) => [
        args.year,
        FIGURE_ROW_LABELS[r.sector],
        r.expected,
        r.none,
        r.draft,
        r.submitted,
        r.accepted,
        r.returned,
        r.late,
      ]),
    },
    {
      name: "Actieplannen",
      title: `MVOI-portaal: stand van de actieplannen, ${stamp()}`,
      header: PLAN_COMPLETENESS_HEADER,
      rows: plans.map((p) => [
        p.sector === "all" ? "Alle sectoren" : SECTOR_LABELS[p.sector],
        p.expected,
        p.due,
        p.overdue,
        p.submitted,
        p.accepted,
      ]),
    },
  ];
}

/** Tables as one CSV: per table its title line, header and rows (a blank line between tables). */
export function tablesCsv(tables: Table[]): string {
  return BOM + tables.map((t) => csvLine([t.title]) + csvLine(t.header) + t.rows.map(csvLine).join("")).join("\r\n");
}

/** A column's width in an Excel sheet: its longest value, a header wraps beyond 24 characters. */
function columnWidth(t: Table, column: number): number {
  const longest = Math.max(
    Math.min(t.header[column]?.length ?? 0, 24),
    ...t.rows.map((row) => {
      const cell = row[column];
      return cell == null ? 0 : typeof cell === "number" ? cell.toLocaleString("nl-NL").length : cell.length;
    }),
  );
  return Math.min(Math.max(longest, 8), 50) + 2;
}

/**
 * Tables as an Excel workbook, one sheet each: the title in the first row, the header in the
 * second, both frozen while scrolling; each column as wide as its values.
 */
export async function tablesXlsx(tables: Table[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "MVOI-portaal";
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.name, { views: [{ state: "frozen", ySplit: 2 }] });
    sheet.addRow([neutralise(t.title)]).font = { italic: true };
    const header = sheet.addRow(t.header);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    for (const row of t.rows) sheet.addRow(row.map((c) => (typeof c === "string" ? neutralise(c) : c)));
    t.header.forEach((_, i) => (sheet.getColumn(i + 1).width = columnWidth(t, i)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
