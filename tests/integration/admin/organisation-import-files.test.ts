import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewOrganisationImport, readImportFile } from "~/models/organisation-admin.server";
import { createTestDb, type TestDb } from "../../helpers/db";

// The organisation import reads the files people really have: a CSV that Dutch Excel saved (";",
// a byte order mark, or Windows-1252 for "CSV (gescheiden door lijstscheidingsteken)"), and an
// Excel workbook (.xlsx). Each must give the same preview as the plain CSV with commas.

const ROWS = [
  ["name", "kind", "sector", "signed_via", "source", "signed_at"],
  ["Gemeente Súdwest-Fryslân Test", "gemeente", "Gemeenten", "", "https://example.nl/a;b", "2023-05-01"],
  [
    "Gemeente Helmond",
    "gemeente",
    "Gemeenten",
    "",
    "https://www.helmond.nl/manifest-maatschappelijk-verantwoord-opdrachtgeven-en-inkopen-2022-2025",
    "",
  ],
  ['Waterschap "De Dommel" Test', "waterschap", "Waterschappen", "Unie van Waterschappen", "", ""],
];
const quote = (cell: string, separator: string) =>
  cell.includes(separator) || cell.includes('"') ? `"${cell.replace(/"/g, '""')}"` : cell;
const csvWith = (separator: string, newline = "\n") =>
  ROWS.map((r) => r.map((c) => quote(c, separator)).join(separator)).join(newline) + newline;
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 for the Latin-1 range this test uses (â = 0xE2, ú = 0xFA). */
const windows1252 = (text: string) =>
  Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code > 0xff) throw new Error(ch);
      return code;
    }),
  );

async function workbook(rows: (string | Date | { formula: string })[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Organisaties");
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet("Tweede blad").addRow(["wordt niet gelezen"]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("the organisation import reads Dutch Excel's CSV and Excel workbooks", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(() => t?.cleanup());

  const outcomes = async (data: Uint8Array) => {
    const read = await readImportFile(data);
    if (!read.ok) throw new Error(read.message);
    const preview = await previewOrganisationImport(t.db, { csv: read.csv });
    expect(preview.fileError).toBeNull();
    return preview.rows.map((r) => ({
      line: r.line,
      outcome: r.outcome,
      name: r.name,
      detail: r.outcome === "invalid" ? r.reasons : r.changes,
    }));
  };

  it("gives the same preview for commas, semicolons with a byte order mark and CRLF, Windows-1252, and a workbook", async () => {
    const expected = await outcomes(utf8(csvWith(",")));
    expect(expected.map((r) => [r.line, r.outcome, r.name])).toEqual([
      [2, "added", "Gemeente Súdwest-Fryslân Test"],
      [3, "unchanged", "Gemeente Helmond"],
      [4, "added", 'Waterschap "De Dommel" Test'],
    ]);
    expect(await outcomes(utf8("\uFEFF" + csvWith(";", "\r\n")))).toEqual(expected);
    expect(await outcomes(windows1252(csvWith(";", "\r\n")))).toEqual(expected);
    // A workbook as Excel keeps it: the date a real date, the first sheet read.
    const cells = ROWS.map((row, i) => row.map((cell, c) => (i > 0 && c === 5 && cell ? new Date(`${cell}T00:00:00Z`) : cell)));
    expect(await outcomes(await workbook(cells))).toEqual(expected);
  });

  it("reads the Dutch column headings too (in any case, with spaces or underscores), and names missing ones in Dutch", async () => {
    const expected = await outcomes(utf8(csvWith(",")));
    const dutch = ["Naam", "soort", "SECTOR", "getekend_via", "bron", " Datum_van  ondertekening_"].join(";");
    expect(await outcomes(utf8([dutch, ...csvWith(";").split("\n").slice(1)].join("\n")))).toEqual(expected);
    const preview = await previewOrganisationImport(t.db, { csv: "naam;bron\nGemeente Ergens;\n" });
    expect((await previewOrganisationImport(t.db, { csv: "naam;soort;sector;Name\nA;gemeente;Gemeenten;B\n" })).fileError).toBe(
      'De kolom "naam" staat twee keer in de eerste regel.',
    );
    expect(preview.fileError).toBe(
      "De eerste regel van het bestand moet de kolomnamen bevatten: naam, soort, sector, en eventueel getekend via, bron, datum van ondertekening. Ontbreekt: soort, sector.",
    );
  });

  it("refuses a workbook with a formula, an archive that is no workbook, and a binary file, in Dutch", async () => {
    const formula = await readImportFile(
      await workbook([ROWS[0]!, ["Gemeente Formule", "gemeente", { formula: '"Gemeen"&"ten"' }, "", "", ""]]),
    );
    expect(formula).toEqual({ ok: false, message: "Regel 2 bevat een formule. Vul de waarden zelf in en lees het bestand opnieuw in." });
    const zip = new JSZip();
    zip.file("hallo.txt", "geen werkmap");
    const archive = await readImportFile(new Uint8Array(await zip.generateAsync({ type: "uint8array" })));
    expect(archive).toEqual({
      ok: false,
      message: "Het bestand is geen Excel-werkmap met een blad. Sla het op als Excel-werkmap (.xlsx) of als CSV-bestand.",
    });
    const torn = await readImportFile((await workbook(ROWS)).slice(0, 400));
    expect(torn).toEqual({
      ok: false,
      message: "Dit is geen Excel-bestand (.xlsx). Sla het bestand op als Excel-werkmap (.xlsx) of als CSV-bestand.",
    });
    const binary = await readImportFile(Uint8Array.from([0x00, 0x01, 0x02, 0x6e, 0x61, 0x6d, 0x65]));
    expect(binary).toEqual({ ok: false, message: "Het bestand is geen CSV-bestand of Excel-werkmap." });
  });
});
