import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawValuesCsv, rawValuesXlsx, RAW_HEADER } from "~/models/export.server";
import {
  completenessTables,
  OVERVIEW_HEADER,
  overviewTables,
  PLAN_COMPLETENESS_HEADER,
  REPORT_COMPLETENESS_HEADER,
  tablesCsv,
  tablesXlsx,
} from "~/models/overview-export.server";
import { reviewReport } from "~/models/report.server";
import { UNIT_WORDS } from "~/models/report.units";
import { csvLine, neutralise } from "~/utils/csv-write";
import { formatDateTime } from "~/utils/time";
import { createTestDb, type TestDb } from "../../helpers/db";

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

async function workbookOf(data: ArrayBuffer | Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  return workbook;
}

/** A CSV line split on ";", quotes honoured (a question or text answer may hold a ";"). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ";" && !quoted) {
      out.push(cell);
      cell = "";
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** A header as people read it: words with a capital first letter, never a name_with_underscores or a code. */
function expectPlainDutchHeader(header: readonly string[]) {
  for (const name of header) {
    expect(name, name).toMatch(/^[A-Z]/);
    expect(name, name).not.toMatch(/_/);
    expect(name, name).not.toMatch(/\b(eur|count|choice|text|yes_no|tonnes|people|step)\b/);
  }
}

/** The Dutch clock with its offset, to the second: 2026-03-31T14:05:00+02:00. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe("exports", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    // An organisation whose name a spreadsheet would run as a formula.
    await sql`update organisation set name = '=HYPERLINK("http://evil.example","klik")' where slug = 'wetterskip-fryslan'`.execute(t.db);
  });
  afterAll(() => t.cleanup());

  it("neutralises cells that a spreadsheet would read as a formula", () => {
    for (const s of ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise("Gemeente Helmond")).toBe("Gemeente Helmond");
    expect(csvLine(["a;b", 'zei "hoi"', 2.5, null])).toBe('"a;b";"zei ""hoi""";2,5;\r\n');
  });

  it("writes one CSV row per stored answer of the counted versions (newest submitted or accepted), drafts never, under a title line", async () => {
    const csv = await text(rawValuesCsv(t.db, { year: 2025, basis: "ingediend" }));
    const [title, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(title).toMatch(/^MVOI-portaal: alle waarden over 2025 .*ingediende en geaccepteerde rapportages, stand /);
    expect(lines[0]).toBe(RAW_HEADER.join(";"));
    const expected = await sql<{ n: number }>`
      select count(*) as n from report_value rv join report_version v on v.id = rv.version_id join report r on r.id = v.report_id
      where r.year = 2025 and v.status in ('submitted', 'accepted')
        and v.number = (select max(number) from report_version v2 where v2.report_id = r.id and v2.status in ('submitted', 'accepted'))`.execute(
      t.db,
    );
    expect(lines.length - 1).toBe(Number(expected.rows[0]!.n));
    expect(lines.length - 1).toBeGreaterThan(100);
    expect(csv).not.toContain("Waterschap De Dommel"); // a draft only
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(csv).toContain(";Onbekend;");
  });

  it("holds exactly the counted versions of its data basis: a reopened accepted report still counts, a submitted one only as ingediend", async () => {
    const organisations = async (basis: "geaccepteerd" | "ingediend") => {
      const lines = (await text(rawValuesCsv(t.db, { year: 2025, basis })))
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n")
        .slice(2);
      return new Set(lines.map((l) => l.split(";")[0]));
    };
    const reviewer = {
      userId: (await t.db.selectFrom("user").select("id").where("email", "=", "analist@ienw.example").executeTakeFirstOrThrow()).id,
      email: "analist@ienw.example",
      ip: "127.0.0.1",
    };
    const vallei = (
      await t.db.selectFrom("organisation").select("id").where("name", "=", "Waterschap Vallei en Veluwe").executeTakeFirstOrThrow()
    ).id;
    await reviewReport(t.db, {
      actor: reviewer,
      organisationId: vallei,
      year: 2025,
      versionNumber: 1,
      decision: "reopen",
      reason: "Controle",
    });
    const accepted = await organisations("geaccepteerd");
    const submitted = await organisations("ingediend");
    expect(accepted.has("Waterschap Vallei en Veluwe")).toBe(true); // v1 accepted, v2 a draft
    expect(submitted.has("Waterschap Vallei en Veluwe")).toBe(true);
    expect(accepted.has("Waterschap Brabantse Delta")).toBe(false); // submitted, not accepted
    expect(submitted.has("Waterschap Brabantse Delta")).toBe(true);
    expect(submitted.has("Waterschap Limburg")).toBe(false); // returned
  });

  it("names its columns in Dutch words and its units as the catalogue does, and says 'Zelf getekend' for an organisation without an umbrella", async () => {
    // 2024: Gemeente Helmond (signed itself) has a counted report beside the Unie's waterschappen.
    const lines = (await text(rawValuesCsv(t.db, { year: 2024, basis: "ingediend" })))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map(fields);
    const [header, ...rows] = lines;
    expect(header).toEqual(RAW_HEADER);
    expectPlainDutchHeader(header!);
    expect(header).toEqual(expect.arrayContaining(["Organisatie", "Getekend via", "Code vraag", "Eenheid", "Waarde", "Ingediend op"]));
    const col = (name: string) => header!.indexOf(name);
    // Every unit in the words of the catalogue pages (UNIT_WORDS), never its code.
    const units = new Set(rows.map((r) => r[col("Eenheid")]));
    expect([...units].every((u) => Object.values(UNIT_WORDS).includes(u!))).toBe(true);
    expect(units).toContain("bedrag in euro");
    expect(units).toContain("aantal");
    // Signed via the Unie, or signed itself: one term for the latter.
    const via = new Map(rows.map((r) => [r[col("Organisatie")], r[col("Getekend via")]]));
    expect(via.get("Waterschap Vallei en Veluwe")).toBe("Unie van Waterschappen");
    const signedItself = await t.db.selectFrom("organisation").select("name").where("signed_via_id", "is", null).execute();
    const itself = signedItself.map((o) => neutralise(o.name)).filter((name) => via.has(name));
    expect(itself).toContain("Gemeente Helmond");
    for (const name of itself) expect(via.get(name), name).toBe("Zelf getekend");
    expect([...via.values()].every((v) => v !== "")).toBe(true);
    // Numbers stay numbers: a count written as digits, no unit or thousands separator.
    const counts = rows.filter((r) => r[col("Eenheid")] === "aantal" && r[col("Staat van het antwoord")] === "Waarde");
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((r) => /^-?\d+(,\d+)?$/.test(r[col("Waarde")]!))).toBe(true);
    // A choice as the form names it, never its stored code (the demo answers "ja").
    const choices = rows.filter((r) => r[col("Code vraag")] === "plan_vastgesteld" && r[col("Staat van het antwoord")] === "Waarde");
    expect(choices.length).toBeGreaterThan(0);
    expect(new Set(choices.map((r) => r[col("Waarde")]))).toEqual(new Set(["Ja"]));
  });

  it("writes the submission time as Dutch local time with its offset, the clock time the pages show", async () => {
    const lines = (await text(rawValuesCsv(t.db, { year: 2025, basis: "ingediend" })))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map(fields);
    const [header, ...rows] = lines;
    const col = (name: string) => header!.indexOf(name);
    const stored = await t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["o.name", "v.number", "v.submitted_at"])
      .where("r.year", "=", 2025)
      .where("v.submitted_at", "is not", null)
      .execute();
    const submittedAt = new Map(stored.map((s) => [`${neutralise(s.name)}|${s.number}`, s.submitted_at!]));
    let checked = 0;
    for (const r of rows) {
      const shown = r[col("Ingediend op")]!;
      expect(shown).toMatch(ISO_WITH_OFFSET);
      const at = submittedAt.get(`${r[col("Organisatie")]}|${r[col("Versie")]}`)!;
      // The same instant, to the second.
      expect(Date.parse(shown)).toBe(Math.floor(Date.parse(at) / 1000) * 1000);
      // The clock time the page shows (formatDateTime: "31 maart 2026 om 14:05").
      const [, hours, minutes] = /T(\d{2}):(\d{2})/.exec(shown)!;
      expect(formatDateTime(at)).toContain(`${hours}:${minutes}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("writes the Excel file with a frozen header, column widths, numbers as numbers and real date cells in Dutch time", async () => {
    const buffer = Buffer.from(await new Response(rawValuesXlsx(t.db, { year: 2025, basis: "ingediend" })).arrayBuffer());
    const sheet = (await workbookOf(buffer)).worksheets[0]!;
    // The title line and the header stay in view.
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.getRow(2).values).toEqual([undefined, ...RAW_HEADER]);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBe(true);
    for (let c = 1; c <= RAW_HEADER.length; c++) expect(sheet.getColumn(c).width, RAW_HEADER[c - 1]).toBeGreaterThanOrEqual(8);
    expect(sheet.getColumn(RAW_HEADER.indexOf("Vraag") + 1).width).toBeGreaterThan(sheet.getColumn(RAW_HEADER.indexOf("Jaar") + 1).width!);

    const csv = (await text(rawValuesCsv(t.db, { year: 2025, basis: "ingediend" })))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .slice(2)
      .map(fields);
    const at = (name: string) => RAW_HEADER.indexOf(name) + 1;
    let dates = 0;
    let numbers = 0;
    for (let r = 3; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const line = csv[r - 3]!;
      const submitted = row.getCell(at("Ingediend op"));
      expect(submitted.value).toBeInstanceOf(Date);
      expect(submitted.numFmt).toMatch(/yyyy/);
      expect(submitted.numFmt).toMatch(/hh:mm/);
      // Excel dates have no zone: the cell holds the clock time of the CSV (which carries the offset).
      expect((submitted.value as Date).toISOString().slice(0, 19)).toBe(line[at("Ingediend op") - 1]!.slice(0, 19));
      dates++;
      const value = row.getCell(at("Waarde")).value;
      if (line[at("Eenheid") - 1] === "aantal" && line[at("Staat van het antwoord") - 1] === "Waarde") {
        expect(typeof value).toBe("number");
        expect(String(value).replace(".", ",")).toBe(line[at("Waarde") - 1]);
        numbers++;
      }
      expect(row.getCell(at("Eenheid")).value).toBe(line[at("Eenheid") - 1]);
    }
    expect(dates).toBeGreaterThan(100);
    expect(numbers).toBeGreaterThan(0);
  });

  it("names the overview's and completeness tables' columns in Dutch words, and writes them to Excel with a frozen header and widths", async () => {
    const tables = [
      ...(await overviewTables(t.db, { year: 2025, basis: "ingediend" })),
      ...(await completenessTables(t.db, { year: 2025 })),
    ];
    expect(tables.map((tb) => tb.header)).toEqual([OVERVIEW_HEADER, REPORT_COMPLETENESS_HEADER, PLAN_COMPLETENESS_HEADER]);
    for (const tb of tables) expectPlainDutchHeader(tb.header);
    const csv = tablesCsv(tables);
    expect(csv).toContain(`\r\n${OVERVIEW_HEADER.join(";")}\r\n`);
    expect(csv).not.toMatch(/[a-z]_[a-z]/);
    const workbook = await workbookOf(await tablesXlsx(tables));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Overzicht", "Rapportages", "Actieplannen"]);
    workbook.worksheets.forEach((sheet, i) => {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
      expect(sheet.getRow(2).values).toEqual([undefined, ...tables[i]!.header]);
      for (let c = 1; c <= tables[i]!.header.length; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
    });
    // Figures stay numbers.
    const overview = workbook.getWorksheet("Overzicht")!;
    const counted = overview.getRow(3).getCell(OVERVIEW_HEADER.indexOf("Aanbestedingen met thema: aantal organisaties") + 1).value;
    expect(typeof counted).toBe("number");
  });

  it("writes the same rows to a streamed Excel workbook", async () => {
    const buffer = Buffer.from(await new Response(rawValuesXlsx(t.db, { year: 2025, basis: "ingediend" })).arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const csvRows = (await text(rawValuesCsv(t.db, { year: 2025, basis: "ingediend" }))).trimEnd().split("\r\n").length;
    // The title line is the first row of the sheet too.
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^MVOI-portaal: alle waarden over 2025/);
    expect(sheet.rowCount).toBe(csvRows);
    const names = sheet.getColumn(1).values.filter((v): v is string => typeof v === "string");
    expect(names).toContain(`'=HYPERLINK("http://evil.example","klik")`);
    expect(names.some((n) => n.startsWith("="))).toBe(false);
  });
});
