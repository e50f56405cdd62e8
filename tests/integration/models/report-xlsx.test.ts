import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/models/action-plan.server";
import type { Executor } from "~/database/connection.server";
import { loadGrid, saveCells } from "~/models/report-grid.server";
import { buildTemplate, readWorkbook } from "~/models/report-xlsx.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// The template's stamps are signed with a key from SESSION_SECRET (app/auth/signed.server.ts).
process.env.SESSION_SECRET ??= "a-test-secret-of-at-least-thirty-two-characters";

/** Reading a filled template and saving it at once, as confirming its preview does. */
async function importWorkbook(db: Executor, args: { actor: Actor; signatoryId: number; year: number; data: Uint8Array }) {
  const read = await readWorkbook(db, { userId: args.actor.userId, signatoryId: args.signatoryId, year: args.year, data: args.data });
  if (!read.ok) return read;
  const outcome = await saveCells(db, { ...args, edits: read.edits, channel: "excel" });
  if (outcome.errors.length)
    return { ok: false as const, errors: outcome.errors.map((e) => ({ sheet: "", row: 0, column: "", message: e.message })) };
  return { ok: true as const, saved: outcome.saved, conflicts: outcome.conflicts };
}

describe("the Unie's spreadsheet", () => {
  let t: TestDb;
  let unie: Actor;
  let unieId: number;
  const snapshot = async () => ({
    values: await t.db.selectFrom("report_value").selectAll().orderBy("version_id").orderBy("indicator_id").execute(),
    versions: await t.db.selectFrom("report_version").selectAll().orderBy("id").execute(),
  });
  const template = async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buildTemplate(t.db, { userId: unie.userId, signatoryId: unieId, year: 2025 })) as unknown as ArrayBuffer,
    );
    return workbook;
  };
  const rowOf = (sheet: ExcelJS.Worksheet, slug: string) => {
    for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(2).value === slug) return sheet.getRow(r);
    throw new Error(`no row for ${slug}`);
  };
  const columnOf = (sheet: ExcelJS.Worksheet, code: string) => {
    let found = 0;
    sheet.getRow(2).eachCell((cell, col) => {
      if (cell.value === code) found = col;
    });
    return found;
  };
  const bytes = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    unie = { userId: await userIdOf(t.db, "inkoper@uvw.example"), email: "inkoper@uvw.example", ip: "127.0.0.1" };
    unieId = await idOf(t.db, "Unie van Waterschappen");
  });
  afterAll(() => t.cleanup());

  it("round-trips: the template carries every member and section; filled values come back exactly", async () => {
    const workbook = await template();
    const sheet = workbook.getWorksheet("Klimaat")!;
    expect(sheet.rowCount).toBe(2 + 21);
    // The questions and codes, and the explanations' header, stay in view while scrolling.
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 2 });
    expect(workbook.getWorksheet("Toelichting")!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const row = rowOf(sheet, "waterschap-aa-en-maas");
    row.getCell(columnOf(sheet, "klimaat_aanbestedingen")).value = 7;
    row.getCell(columnOf(sheet, "klimaat_waarde")).value = "1.250.000";
    row.getCell(columnOf(sheet, "klimaat_co2_vermeden")).value = 120.5;
    row.getCell(columnOf(sheet, "klimaat_stap")).value = "onbekend";
    row.getCell(columnOf(sheet, "klimaat_co2_ladder")).value = "nvt";
    const result = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: await bytes(workbook) });
    expect(result).toEqual({ ok: true, saved: 1, conflicts: [] });
    const grid = await loadGrid(t.db, { userId: unie.userId, signatoryId: unieId, year: 2025, section: "klimaat" });
    const answers = grid.rows.find((r) => r.slug === "waterschap-aa-en-maas")!.answers;
    expect(answers.klimaat_aanbestedingen).toMatchObject({ state: "value", number: 7 });
    expect(answers.klimaat_waarde).toMatchObject({ state: "value", number: 1_250_000 });
    expect(answers.klimaat_co2_vermeden).toMatchObject({ state: "value", number: 120.5 });
    expect(answers.klimaat_stap).toMatchObject({ state: "unknown", number: null });
    expect(answers.klimaat_co2_ladder).toMatchObject({ state: "not_applicable", number: null });
    // Provenance: entered by the Unie's officer, for the waterschap.
    const provenance = await t.db
      .selectFrom("report_value as rv")
      .innerJoin("report_version as v", "v.id", "rv.version_id")
      .innerJoin("report as r", "r.id", "v.report_id")
      .select(["rv.entered_by", "r.organisation_id"])
      .where("r.organisation_id", "=", await idOf(t.db, "Waterschap Aa en Maas"))
      .executeTakeFirstOrThrow();
    expect(provenance).toEqual({ entered_by: unie.userId, organisation_id: await idOf(t.db, "Waterschap Aa en Maas") });
    // A second export shows what was imported.
    const again = (await template()).getWorksheet("Klimaat")!;
    expect(rowOf(again, "waterschap-aa-en-maas").getCell(columnOf(again, "klimaat_stap")).value).toBe("onbekend");
  });

  it("imports nothing from a file with errors, and says where each one is", async () => {
    const before = await snapshot();
    const workbook = await template();
    const sheet = workbook.getWorksheet("Algemeen")!;
    rowOf(sheet, "waterschap-hollandse-delta").getCell(columnOf(sheet, "inkoopvolume")).value = 5_000_000;
    rowOf(sheet, "waterschap-limburg").getCell(columnOf(sheet, "percelen_totaal")).value = "veel";
    rowOf(sheet, "waterschap-zuiderzeeland").getCell(columnOf(sheet, "aanbestedingen_werken")).value = -3;
    const result = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: await bytes(workbook) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sheet: "Algemeen",
          column: expect.stringMatching(/^[A-Z]+$/),
          message: "Vul een aantal in, bijvoorbeeld 12.",
        }),
        expect.objectContaining({ sheet: "Algemeen", message: "Vul 0 of meer in." }),
      ]),
    );
    expect(result.errors.every((e) => e.row >= 3)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a submitted member's row, formulas, oversized sheets and files that are not spreadsheets", async () => {
    const before = await snapshot();
    const submitted = await template();
    const algemeen = submitted.getWorksheet("Algemeen")!;
    rowOf(algemeen, "waterschap-brabantse-delta").getCell(columnOf(algemeen, "inkoopvolume")).value = 1;
    const refusedRow = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: await bytes(submitted) });
    expect(refusedRow.ok || refusedRow.errors[0]!.message).toMatch(/al ingediend/);

    const formula = await template();
    const sheet = formula.getWorksheet("Algemeen")!;
    rowOf(sheet, "waterschap-hollandse-delta").getCell(columnOf(sheet, "inkoopvolume")).value = { formula: 'HYPERLINK("http://evil",1)' };
    const refusedFormula = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: await bytes(formula) });
    expect(refusedFormula.ok || refusedFormula.errors[0]!.message).toBe("Deze cel bevat een formule. Plak alleen waarden.");

    const huge = await template();
    const big = huge.getWorksheet("Klimaat")!;
    for (let r = 0; r < 600; r++) big.addRow(["x", `extra-${r}`, r]);
    const refusedHuge = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: await bytes(huge) });
    expect(refusedHuge.ok || refusedHuge.errors[0]!.message).toMatch(/meer dan 500 rijen/);

    const notXlsx = await importWorkbook(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      data: new TextEncoder().encode("organisatie,waarde\nx,1\n"),
    });
    expect(notXlsx.ok || notXlsx.errors[0]!.message).toMatch(/geen Excel-bestand/);

    // A zip bomb: small on disk, enormous unpacked.
    const zip = new JSZip();
    zip.file("xl/worksheets/sheet1.xml", "0".repeat(60 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const refusedBomb = await importWorkbook(t.db, { actor: unie, signatoryId: unieId, year: 2025, data: bomb });
    expect(refusedBomb.ok || refusedBomb.errors[0]!.message).toMatch(/uitgepakt te groot/);
    expect(await snapshot()).toEqual(before);
  });
});
