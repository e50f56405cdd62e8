import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawValuesCsv, rawValuesXlsx, RAW_HEADER } from "~/models/export.server";
import { csvLine, neutralise } from "~/utils/csv-write";
import { createTestDb, type TestDb } from "../../helpers/db";

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

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

  it("writes one CSV row per stored submitted or accepted answer, drafts never", async () => {
    const csv = await text(rawValuesCsv(t.db, { year: 2025 }));
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(RAW_HEADER.join(";"));
    const expected = await sql<{ n: number }>`
      select count(*) as n from report_value rv join report_version v on v.id = rv.version_id join report r on r.id = v.report_id
      where r.year = 2025 and v.status in ('submitted', 'accepted')
        and v.number = (select max(number) from report_version v2 where v2.report_id = r.id and v2.status in ('submitted', 'accepted'))`.execute(t.db);
    expect(lines.length - 1).toBe(Number(expected.rows[0]!.n));
    expect(lines.length - 1).toBeGreaterThan(100);
    expect(csv).not.toContain("Waterschap De Dommel"); // a draft only
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(csv).toContain(";Onbekend;");
  });

  it("writes the same rows to a streamed Excel workbook", async () => {
    const buffer = Buffer.from(await new Response(rawValuesXlsx(t.db, { year: 2025 })).arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const csvRows = (await text(rawValuesCsv(t.db, { year: 2025 }))).trimEnd().split("\r\n").length;
    expect(sheet.rowCount).toBe(csvRows);
    const names = sheet.getColumn(1).values.filter((v): v is string => typeof v === "string");
    expect(names).toContain(`'=HYPERLINK("http://evil.example","klik")`);
    expect(names.some((n) => n.startsWith("="))).toBe(false);
  });
});
