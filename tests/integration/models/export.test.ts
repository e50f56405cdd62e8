import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawValuesCsv, rawValuesXlsx, RAW_HEADER } from "~/models/export.server";
import { reviewReport } from "~/models/report.server";
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
