import { sign, verify } from "~/auth/signed.server";
import type { Executor } from "~/database/connection.server";
import { loadGrid, parseStamp, stampOf, type CellEdit } from "~/models/report-grid.server";
import { cellText, GRID_SECTIONS, parseCell, type ReportSection } from "~/models/report.rules";
import { headerWithUnit } from "~/models/report.units";
import { excel, openWorkbook, plainText } from "~/models/xlsx.server";

// The joint signatory's spreadsheet: one sheet per section, one row per member organisation,
// one column per question. Row 1 holds the questions, row 2 their codes (the import reads the
// codes, so reordering columns is harmless), data from row 3. A sheet "Toelichting" holds the
// explanations (one row per organisation and question). A very hidden sheet holds, per section
// and organisation, the answers as they were when the template was made (the stamps of
// report-grid.server.ts), signed for this signatory and year: an upload writes only the cells the
// user changed, and a cell someone else changed since the download is a conflict.

export const XLSX_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 500;
const MAX_COLUMNS = 100;
const EXPLANATIONS = "Toelichting";
const STAMPS = "Controle";

function sheetName(title: string): string {
  return title
    .split(":")[0]!
    .split(" (")[0]!
    .replace(/[\\/*?[\]:]/g, "")
    .slice(0, 31);
}

const stampPurpose = (args: { signatoryId: number; year: number; section: ReportSection; slug: string }) =>
  `excel-template:${args.signatoryId}:${args.year}:${args.section}:${args.slug}`;

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
    "Wijkt een waarde meer dan 50% af van vorig jaar, geef dan een toelichting op het blad Toelichting: een rij per organisatie en vraag.",
    "Gebruik geen formules: alleen waarden worden ingelezen. U ziet eerst wat er verandert; pas als u dat bevestigt, slaat het portaal het op.",
    "Alleen cellen die u wijzigt, worden opgeslagen. Heeft iemand anders dezelfde cel intussen gewijzigd, dan kiest u welke waarde blijft.",
  ].forEach((line, i) => (info.getCell(i + 1, 1).value = line));

  // The header stays in view while scrolling, as on the sections' sheets.
  const explanations = workbook.addWorksheet(EXPLANATIONS, { views: [{ state: "frozen", ySplit: 1 }] });
  explanations.addRow(["Organisatie", "Code organisatie", "Vraag", "Code vraag", "Toelichting"]);
  explanations.getRow(1).font = { bold: true };
  [42, 30, 50, 28, 80].forEach((width, i) => (explanations.getColumn(i + 1).width = width));
  const stamps = workbook.addWorksheet(STAMPS, { state: "veryHidden" });

  for (const section of GRID_SECTIONS) {
    const grid = await loadGrid(db, { userId: args.userId, signatoryId: args.signatoryId, year: args.year, section: section.key });
    const sheet = workbook.addWorksheet(sheetName(section.title));
    sheet.addRow(["Organisatie", "Code organisatie", ...grid.indicators.map(headerWithUnit)]);
    sheet.addRow(["", "", ...grid.indicators.map((i) => i.code)]);
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(2).font = { italic: true, color: { argb: "FF475569" } };
    sheet.getColumn(1).width = 42;
    sheet.getColumn(2).width = 30;
    grid.indicators.forEach((_, i) => (sheet.getColumn(i + 3).width = 18));
    for (const row of grid.rows) {
      // Text cells throughout: a cell starting with "=" must never become a formula.
      sheet.addRow([row.name, row.slug, ...grid.indicators.map((i) => cellText(i, row.answers[i.code]))]);
      const rowStamps = Object.fromEntries(grid.indicators.map((i) => [i.code, stampOf(row.answers[i.code])]));
      const purpose = stampPurpose({ signatoryId: args.signatoryId, year: args.year, section: section.key, slug: row.slug });
      stamps.addRow([section.key, row.slug, sign(purpose, JSON.stringify(rowStamps))]);
      for (const i of grid.indicators) {
        const explanation = row.answers[i.code]?.explanation;
        if (explanation) explanations.addRow([row.name, row.slug, i.label, i.code, explanation]);
      }
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

const NOT_OURS =
  "Dit bestand is niet het sjabloon van deze rapportage, of de verborgen controlegegevens zijn gewijzigd. Download het sjabloon opnieuw en vul dat in.";

/**
 * Reads a filled template as cell edits with the stamps it was made with; stores nothing (the
 * caller previews and saves them with saveCells). Refuses, with a Dutch message, files that are
 * too large, unpack too large, are not spreadsheets, contain formulas, have more rows or columns
 * than a template can have, or lack this signatory's and year's signed stamps. Every invalid cell
 * is reported with sheet, row and column.
 */
export async function readWorkbook(
  db: Executor,
  args: { userId: number; signatoryId: number; year: number; data: Uint8Array },
): Promise<{ ok: true; edits: CellEdit[] } | { ok: false; errors: ImportError[] }> {
  const refuse = (message: string) => ({ ok: false as const, errors: [{ sheet: "", row: 0, column: "", message }] });
  if (args.data.byteLength > XLSX_MAX_BYTES) return refuse("Het bestand is groter dan 2 MB.");
  const opened = await openWorkbook(args.data, "Gebruik het sjabloon dat u hier downloadt.");
  if (!opened.ok) return refuse(opened.message);
  const { workbook } = opened;
  const stampSheet = workbook.getWorksheet(STAMPS);
  if (!stampSheet || stampSheet.rowCount > GRID_SECTIONS.length * MAX_ROWS) return refuse(NOT_OURS);
  const signed = new Map<string, unknown>();
  stampSheet.eachRow((row) =>
    signed.set(`${plainText(row.getCell(1).value) as string}|${plainText(row.getCell(2).value) as string}`, row.getCell(3).value),
  );

  const errors: ImportError[] = [];
  const edits: CellEdit[] = [];
  const cells = new Map<string, CellEdit>();
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
    const grid = await loadGrid(db, { userId: args.userId, signatoryId: args.signatoryId, year: args.year, section: section.key });
    const codes = new Map<string, number>();
    sheet.getRow(2).eachCell((cell, col) => {
      const text = plainText(cell.value);
      if (typeof text === "string" && text) codes.set(text.trim(), col);
    });
    const seen = new Set<string>();
    for (let r = 3; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const slugCell = plainText(row.getCell(2).value);
      if (typeof slugCell !== "string" || slugCell.trim() === "") continue;
      const member = grid.rows.find((m) => m.slug === slugCell.trim());
      if (!member) {
        errors.push({ sheet: name, row: r, column: "B", message: `Onbekende organisatie "${slugCell.slice(0, 60)}".` });
        continue;
      }
      if (seen.has(member.slug)) {
        errors.push({ sheet: name, row: r, column: "B", message: `${member.name} staat twee keer op dit blad. Laat één rij over.` });
        continue;
      }
      seen.add(member.slug);
      const purpose = stampPurpose({ signatoryId: args.signatoryId, year: args.year, section: section.key, slug: member.slug });
      const payload = verify(purpose, signed.get(`${section.key}|${member.slug}`));
      const stamps = payload === null ? null : (JSON.parse(payload) as Record<string, unknown>);
      if (!stamps) {
        errors.push({ sheet: name, row: r, column: "B", message: NOT_OURS });
        continue;
      }
      for (const indicator of grid.indicators) {
        const col = codes.get(indicator.code);
        if (!col) continue;
        const stamp = parseStamp(stamps[indicator.code] ?? null);
        if (stamp === undefined || !(indicator.code in stamps)) {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: NOT_OURS });
          continue;
        }
        const text = plainText(row.getCell(col).value);
        if (typeof text !== "string") {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: "Deze cel bevat een formule. Plak alleen waarden." });
          continue;
        }
        if (text.length > 200) {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: "Deze cel is te lang." });
          continue;
        }
        const { error } = parseCell(indicator, text);
        if (error) {
          errors.push({ sheet: name, row: r, column: columnLetter(col), message: error });
          continue;
        }
        const edit: CellEdit = { organisationId: member.organisationId, code: indicator.code, text, stamp: stamp };
        edits.push(edit);
        cells.set(`${member.slug}|${indicator.code}`, edit);
      }
    }
  }
  const sheet = workbook.getWorksheet(EXPLANATIONS);
  if (sheet && sheet.rowCount > MAX_ROWS * 10) {
    errors.push({ sheet: EXPLANATIONS, row: 0, column: "", message: "Het blad heeft te veel rijen; dat kan geen sjabloon zijn." });
  } else if (sheet) {
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const [slug, code, text] = [2, 4, 5].map((c) => plainText(row.getCell(c).value));
      if (typeof slug !== "string" || typeof code !== "string" || (!slug.trim() && !code.trim())) continue;
      const edit = cells.get(`${slug.trim()}|${code.trim()}`);
      if (!edit) {
        errors.push({ sheet: EXPLANATIONS, row: r, column: "B", message: "Deze organisatie of vraag staat niet in het sjabloon." });
        continue;
      }
      if (typeof text !== "string") {
        errors.push({ sheet: EXPLANATIONS, row: r, column: "E", message: "Deze cel bevat een formule. Plak alleen tekst." });
        continue;
      }
      if (text.length > 2000) {
        errors.push({ sheet: EXPLANATIONS, row: r, column: "E", message: "Een toelichting is hoogstens 2000 tekens lang." });
        continue;
      }
      edit.explanation = text;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, edits };
}
