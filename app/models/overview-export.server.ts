import type { Executor } from "~/db.server";
import type { ThemeCode } from "~/db/types";
import { planCompleteness, reportCompleteness, shareAggregates, stepDistribution, type DataBasis } from "~/models/aggregates.server";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { THEME_NAMES } from "~/models/theme";
import { BOM, csvLine, neutralise } from "~/utils/csv-write";

type Table = { name: string; header: string[]; rows: (string | number | null)[][] };

const sectorLabel = (s: string) => (s === "all" ? "Alle sectoren" : SECTOR_LABELS[s as keyof typeof SECTOR_LABELS]);

/** The tables behind the sector overview: shares with their sums and counts, and the steps. */
export async function overviewTables(db: Executor, args: { year: number; basis: DataBasis }): Promise<Table[]> {
  const [shares, steps] = await Promise.all([shareAggregates(db, args), stepDistribution(db, args)]);
  return [
    {
      name: "Aandelen",
      header: ["jaar", "gegevens", "sector", "thema", "vraag_code", "som", "aandeel_procent", "som_toegepast_gepaard", "som_totaal_gepaard", "aantal_waarde", "aantal_onbekend", "aantal_nvt"],
      rows: shares.map((s) => [
        args.year,
        args.basis,
        sectorLabel(s.sector),
        THEME_NAMES[s.section as ThemeCode] ?? s.section,
        s.indicatorCode,
        s.sum,
        s.pairedTotal > 0 ? Math.round((s.pairedApplied / s.pairedTotal) * 1000) / 10 : null,
        s.pairedApplied,
        s.pairedTotal,
        s.reported,
        s.unknown,
        s.notApplicable,
      ]),
    },
    {
      name: "Stappen",
      header: ["jaar", "gegevens", "sector", "thema", "stap", "aantal_organisaties"],
      rows: steps.map((s) => [args.year, args.basis, sectorLabel(s.sector), THEME_NAMES[s.section as ThemeCode] ?? s.section, s.step, s.count]),
    },
  ];
}

export async function completenessTables(db: Executor, args: { year: number }): Promise<Table[]> {
  const [reports, plans] = await Promise.all([reportCompleteness(db, args), planCompleteness(db)]);
  return [
    {
      name: "Rapportages",
      header: ["jaar", "sector", "verwacht", "geen_rapportage", "concept", "ingediend", "geaccepteerd", "teruggestuurd", "te_laat"],
      rows: reports.map((r) => [args.year, sectorLabel(r.sector), r.expected, r.none, r.draft, r.submitted, r.accepted, r.returned, r.late]),
    },
    {
      name: "Actieplannen",
      header: ["sector", "organisaties", "termijn_begonnen", "te_laat", "ooit_ingediend", "geaccepteerd"],
      rows: plans.map((p) => [sectorLabel(p.sector), p.expected, p.due, p.overdue, p.submitted, p.accepted]),
    },
  ];
}

/** Tables as one CSV (a blank line between them). */
export function tablesCsv(tables: Table[]): string {
  return BOM + tables.map((t) => csvLine(t.header) + t.rows.map(csvLine).join("")).join("\r\n");
}

/** Tables as an Excel workbook, one sheet each. */
export async function tablesXlsx(tables: Table[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "MVOI-portaal";
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.name);
    sheet.addRow(t.header).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row.map((c) => (typeof c === "string" ? neutralise(c) : c)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
