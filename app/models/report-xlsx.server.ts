import type { Executor } from "~/database/connection.server";
import type { Actor } from "~/models/action-plan.server";
import { loadGrid, saveGrid } from "~/models/report-grid.server";
import { cellText, parseCell, REPORT_SECTIONS, UNIT_SUFFIX, type Answer, type ReportSection } from "~/models/report.rules";
import { excel, openWorkbook, plainText } from "~/models/xlsx.server";

// The joint signatory's spreadsheet: one sheet per section, one row per member organisation,
// one column per question. Row 1 holds the questions, row 2 their codes (the import reads the
// codes, so reordering columns is harmless), data from row 3.

export const XLSX_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 500;
const MAX_COLUMNS = 100;

const GRID_SECTIONS = REPORT_SECTIONS.filter((s) => s.key !== "voortgang" && s.key !== "kwalitatief");

function sheetName(title: string): string {
  return title
    .split(":")[0]!
    .split(" (")[0]!
    .replace(/[\\/*?[\]:]/g, "")
    .slice(0, 31);
}

export async function buildTemplate(db: Executor, args: { userId: number; signatoryId: number; year: number }): Promise<Buffer> {
  const ExcelJSLib = await excel();
  const workbook = new ExcelJSLib.Workbook();
  workbook.creator = "MVOI-portaal";
  workbook.created = new Date();
  const info = workbook.addWorksheet("Uitleg");
  info.getColumn(1).width = 100;
  [
    `Rapportage MVOI ${args.year}: een blad per onderdeel, een rij per organisatie, een kolom per vraag.`,
    "Vul waarden in als getal (bijvoorbeeld 1250000 of 2,5). Typ 'onbekend' als de waarde niet bekend is en 'nvt' als de vraag niet van toepassing is.",
    "Laat een cel leeg als u de vraag (nog) niet beantwoordt. Wijzig de tweede rij (de codes) en de kolom met organisatiecodes niet.",
    "Gebruik geen formules: alleen waarden worden ingelezen. Het portaal leest alles in of niets: bij een fout ziet u welke cel het is.",
  ].forEach((line, i) => (info.getCell(i + 1, 1).value = line));

  for (const section of GRID_SECTIONS) {
    const grid = await loadGrid(db, { userId: args.userId, signatoryId: args.signatoryId, year: args.year, section: section.key });
    const sheet = workbook.addWorksheet(sheetName(section.title));
    sheet.addRow([
      "Organisatie",
      "Code organisatie",
      ...grid.indicators.map((i) => `${i.label}${UNIT_SUFFIX[i.unit] ? ` (${UNIT_SUFFIX[i.unit]})` : ""}`),
    ]);
    sheet.addRow(["", "", ...grid.indicators.map((i) => i.code)]);
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(2).font = { italic: true, color: { argb: "FF475569" } };
    sheet.getColumn(1).width = 42;
    sheet.getColumn(2).width = 30;
    grid.indicators.forEach((_, i) => (sheet.getColumn(i + 3).width = 18));
    for (const row of grid.rows) {
      // Text cells throughout: a cell starting with "=" must never become a formula.
      sheet.addRow([row.name, row.slug, ...grid.indicators.map((i) => cellText(i, row.answers[i.code]))]);
    }
    sheet.views = [{ state: "frozen", xSplit: 2, ySplit: 2 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type ImportError = { sheet: string; row: number; column: string; message: string };

function columnLetter(n: number): string {
  let s = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * Reads a filled template and imports it all-or-nothing. Refuses, with a Dutch message, files
 * that are too large, unpack too large, are not spreadsheets, contain formulas, or have more rows
 * or columns than a template can have. Every invalid cell is reported with sheet, row and column.
 */
export async function importWorkbook(
  db: Executor,
  args: { actor: Actor; signatoryId: number; year: number; data: Uint8Array },
): Promise<{ ok: true; saved: number } | { ok: false; errors: ImportError[] }> {
  const refuse = (message: string) => ({ ok: false as const, errors: [{ sheet: "", row: 0, column: "", message }] });
  if (args.data.byteLength > XLSX_MAX_BYTES) return refuse("Het bestand is groter dan 2 MB.");
  const opened = await openWorkbook(args.data, "Gebruik het sjabloon dat u hier downloadt.");
  if (!opened.ok) return refuse(opened.message);
  const { workbook } = opened;

  const errors: ImportError[] = [];
  const perSection: {
    section: ReportSection;
    rows: { organisationId: number; lockVersion: number | null; answers: Map<number, Answer | null> }[];
  }[] = [];
  for (const section of GRID_SECTIONS) {
    const name = sheetName(section.title);
    const sheet = workbook.getWorksheet(name);
    if (!sheet) continue;
    if (sheet.rowCount > MAX_ROWS || sheet.columnCount > MAX_COLUMNS) {
      errors.push({
        sheet: name,
        row: 0,
        column: "",
        message: `Het blad heeft meer dan ${MAX_ROWS} rijen of ${MAX_COLUMNS} kolommen; dat kan geen sjabloon zijn.`,
      });
      continue;
    }
    const grid = await loadGrid(db, { userId: args.actor.userId, signatoryId: args.signatoryId, year: args.year, section: section.key });
    const codes = new Map<string, number>();
    sheet.getRow(2).eachCell((cell, col) => {
      const text = plainText(cell.value);
      if (typeof text === "string" && text) codes.set(text.trim(), col);
    });
    const rows: (typeof perSection)[number]["rows"] = [];
    for (let r = 3; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const slugCell = plainText(row.getCell(2).value);
      if (typeof slugCell !== "string" || slugCell.trim() === "") continue;
      const member = grid.rows.find((m) => m.slug === slugCell.trim());
      if (!member) {
        errors.push({ sheet: name, row: r, column: "B", message: `Onbekende organisatie "${slugCell.slice(0, 60)}".` });
        continue;
      }
      const answers = new Map<number, Answer | null>();
      let touched = false;
      for (const indicator of grid.indicators) {
        const col = codes.get(indicator.code);
        if (!col) continue;
        const text = plainText(row.getCell(col).value);
        if (typeof text !== "string") {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: "Deze cel bevat een formule. Plak alleen waarden." });
          continue;
        }
        if (text.length > 200) {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: "Deze cel is te lang." });
          continue;
        }
        if (text.trim() !== cellText(indicator, member.answers[indicator.code])) touched = true;
        const { answer, error } = parseCell(indicator, text);
        if (error) errors.push({ sheet: name, row: r, column: columnLetter(col), message: error });
        else answers.set(indicator.id, answer);
      }
      if (!touched) continue;
      if (!member.editable) {
        errors.push({
          sheet: name,
          row: r,
          column: "A",
          message: `De rapportage van ${member.name} is al ingediend en kan niet meer worden gewijzigd.`,
        });
        continue;
      }
      rows.push({ organisationId: member.organisationId, lockVersion: member.lockVersion, answers });
    }
    perSection.push({ section: section.key, rows });
  }
  if (errors.length) return { ok: false, errors };

  // All sections in one transaction. Each section's save bumps the lock, so later sections
  // take the lock version that the earlier ones left.
  const saved = await db.transaction().execute(async (trx) => {
    let count = 0;
    for (const { section, rows } of perSection) {
      const current = await loadGrid(trx, { userId: args.actor.userId, signatoryId: args.signatoryId, year: args.year, section });
      const withLocks = rows.map((r) => ({
        ...r,
        lockVersion: current.rows.find((c) => c.organisationId === r.organisationId)?.lockVersion ?? null,
      }));
      count += await saveGrid(trx, { actor: args.actor, year: args.year, section, rows: withLocks });
    }
    return count;
  });
  return { ok: true, saved };
}
