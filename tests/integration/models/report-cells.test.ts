import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/models/action-plan.server";
import { loadGrid, saveCells, stampOf } from "~/models/report-grid.server";
import { saveAnswers, saveProgress, startReport } from "~/models/report.server";
import { buildTemplate, readWorkbook } from "~/models/report-xlsx.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// The grid's and the upload's cells (report-grid.server.ts) against the report form's lock: a
// written cell raises the lock, a save that stores nothing raises none, and a template's signed
// stamps are refused when they are not this signatory's and year's.

process.env.SESSION_SECRET ??= "a-test-secret-of-at-least-thirty-two-characters";

describe("cells of the grid and the upload", () => {
  let t: TestDb;
  let unie: Actor;
  let unieId: number;
  let dommel: number;
  const lock = async (organisationId: number) =>
    (
      await t.db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", organisationId)
        .where("r.year", "=", 2025)
        .orderBy("v.number", "desc")
        .executeTakeFirstOrThrow()
    ).lock_version;
  const row = async (organisationId: number) =>
    (await loadGrid(t.db, { userId: unie.userId, signatoryId: unieId, year: 2025, section: "algemeen" })).rows.find(
      (r) => r.organisationId === organisationId,
    )!;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    unie = { userId: await userIdOf(t.db, "inkoper@uvw.example"), email: "inkoper@uvw.example", ip: "198.51.100.8" };
    unieId = await idOf(t.db, "Unie van Waterschappen");
    dommel = await idOf(t.db, "Waterschap De Dommel");
  });
  afterAll(() => t.cleanup());

  it("raises the report's lock when it writes a cell, and not when it stores nothing", async () => {
    const before = await lock(dommel);
    const stored = (await row(dommel)).answers.percelen_totaal;
    const stamp = stampOf(stored);
    // Unchanged (as typed differently): nothing written, no lock raised, nothing audited.
    const audits = async () =>
      (
        await t.db
          .selectFrom("audit_event")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const auditsBefore = await audits();
    const same = await saveCells(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      edits: [{ organisationId: dommel, code: "percelen_totaal", text: ` ${stored?.number ?? ""} `, stamp }],
      channel: "raster",
    });
    expect(same).toMatchObject({ changes: [], conflicts: [], errors: [], saved: 0 });
    expect(await lock(dommel)).toBe(before);
    expect(await audits()).toBe(auditsBefore);
    // A changed cell: written, and the form's lock moves, so a form open on the report sees it.
    const changed = await saveCells(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      edits: [{ organisationId: dommel, code: "percelen_totaal", text: "4321", stamp }],
      channel: "raster",
    });
    expect(changed.saved).toBe(1);
    expect(await lock(dommel)).toBe(before + 1);
    expect((await row(dommel)).answers.percelen_totaal).toMatchObject({ state: "value", number: 4321 });
    // The form's own save of the same answers stores nothing and keeps the lock too.
    const indicator = await t.db
      .selectFrom("indicator")
      .select("id")
      .where("year", "=", 2025)
      .where("code", "=", "percelen_totaal")
      .executeTakeFirstOrThrow();
    const answer = { state: "value" as const, number: 4321, text: null, explanation: null, prefilled: false };
    const kept = await saveAnswers(t.db, {
      actor: unie,
      organisationId: dommel,
      year: 2025,
      lockVersion: before + 1,
      answers: new Map([[indicator.id, answer]]),
      section: "algemeen",
    });
    expect(kept).toBe(before + 1);
    // A progress post that names none of the organisation's own actions stores nothing either.
    expect(await saveProgress(t.db, { actor: unie, organisationId: dommel, year: 2025, lockVersion: before + 1, progress: [] })).toBe(
      before + 1,
    );
    expect(await lock(dommel)).toBe(before + 1);
  });

  it("leaves a decimal value shown rounded, and an explanation sent back with other line endings, unchanged", async () => {
    const indicator = await t.db
      .selectFrom("indicator")
      .select(["id", "code"])
      .where("year", "=", 2025)
      .where("code", "=", "klimaat_co2_vermeden")
      .executeTakeFirstOrThrow();
    const lockBefore = await lock(dommel);
    const answer = { state: "value" as const, number: 12.345, text: null, explanation: "Eerste regel.\nTweede regel.", prefilled: false };
    const saved = await saveAnswers(t.db, {
      actor: unie,
      organisationId: dommel,
      year: 2025,
      lockVersion: lockBefore,
      answers: new Map([[indicator.id, answer]]),
      section: "klimaat",
    });
    const stamp = stampOf(answer);
    const outcome = await saveCells(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      // As the grid shows it ("12,35") and as a browser posts a textarea (CRLF).
      edits: [{ organisationId: dommel, code: indicator.code, text: "12,35", explanation: "Eerste regel.\r\nTweede regel.\r\n", stamp }],
      channel: "raster",
    });
    expect(outcome).toMatchObject({ changes: [], conflicts: [], errors: [], saved: 0 });
    expect(await lock(dommel)).toBe(saved);
  });

  it("leaves an unchanged value alone when the question's bounds changed since it was given", async () => {
    const stored = (await row(dommel)).answers.aanbestedingen_diensten;
    expect(stored?.number).toBeGreaterThan(0);
    await t.db
      .updateTable("indicator")
      .set({ max_value: 0 })
      .where("year", "=", 2025)
      .where("code", "=", "aanbestedingen_diensten")
      .execute();
    try {
      const outcome = await saveCells(t.db, {
        actor: unie,
        signatoryId: unieId,
        year: 2025,
        edits: [{ organisationId: dommel, code: "aanbestedingen_diensten", text: `${stored?.number ?? ""}`, stamp: stampOf(stored) }],
        channel: "raster",
      });
      expect(outcome.errors).toEqual([]);
      // Changing it is checked against today's bounds.
      const changed = await saveCells(t.db, {
        actor: unie,
        signatoryId: unieId,
        year: 2025,
        edits: [{ organisationId: dommel, code: "aanbestedingen_diensten", text: "7", stamp: stampOf(stored) }],
        channel: "raster",
      });
      expect(changed.errors.map((e) => e.message)).toEqual(["Vul hoogstens 0 in."]);
    } finally {
      await t.db
        .updateTable("indicator")
        .set({ max_value: null })
        .where("year", "=", 2025)
        .where("code", "=", "aanbestedingen_diensten")
        .execute();
    }
  });

  it("opens a member's report for a first written cell, and writes nothing for an unchanged one", async () => {
    // A waterschap without a report over 2025.
    const { id: noorderzijlvest } = await t.db
      .selectFrom("organisation as o")
      .select("o.id")
      .where("o.signed_via_id", "=", unieId)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom("report as r").select("r.id").whereRef("r.organisation_id", "=", "o.id").where("r.year", "=", 2025)),
        ),
      )
      .orderBy("o.name")
      .executeTakeFirstOrThrow();
    const reports = () =>
      t.db.selectFrom("report").select("id").where("organisation_id", "=", noorderzijlvest).where("year", "=", 2025).execute();
    await saveCells(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      edits: [{ organisationId: noorderzijlvest, code: "inkoopvolume", text: "", stamp: null }],
      channel: "raster",
    });
    expect(await reports()).toEqual([]);
    const outcome = await saveCells(t.db, {
      actor: unie,
      signatoryId: unieId,
      year: 2025,
      edits: [{ organisationId: noorderzijlvest, code: "inkoopvolume", text: "1.000", stamp: null }],
      channel: "raster",
    });
    expect(outcome.saved).toBe(1);
    expect(await reports()).toHaveLength(1);
    // Written by the Unie's officer, on behalf of the waterschap.
    const event = await t.db
      .selectFrom("audit_event")
      .select(["action", "user_id", "acting_organisation_id"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: "report.saved", user_id: unie.userId, acting_organisation_id: noorderzijlvest });
  });

  it("refuses a template of another year, or one whose hidden stamps were changed", async () => {
    const load = async (year: number) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await buildTemplate(t.db, { userId: unie.userId, signatoryId: unieId, year })) as unknown as ArrayBuffer);
      return workbook;
    };
    const bytes = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());
    const read = (year: number, data: Uint8Array) => readWorkbook(t.db, { userId: unie.userId, signatoryId: unieId, year, data });

    const own = await read(2025, await bytes(await load(2025)));
    expect(own.ok).toBe(true);

    const foreign = await read(2025, await bytes(await load(2024)));
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.errors[0]!.message).toMatch(/niet het sjabloon van deze rapportage/);

    const changed = await load(2025);
    const stamps = changed.getWorksheet("Controle")!;
    const cell = stamps.getRow(1).getCell(3);
    const signed = String(cell.value);
    // The answers as read claimed to be something else: the signature no longer fits.
    const [payload, mac] = signed.split(".");
    const claimed = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    claimed[Object.keys(claimed)[0]!] = ["value", 1, null, null];
    cell.value = `${Buffer.from(JSON.stringify(claimed)).toString("base64url")}.${mac}`;
    const tampered = await read(2025, await bytes(changed));
    expect(tampered.ok).toBe(false);

    const removed = await load(2025);
    removed.removeWorksheet(removed.getWorksheet("Controle")!.id);
    const without = await read(2025, await bytes(removed));
    expect(without.ok || without.errors[0]!.message).toMatch(/niet het sjabloon van deze rapportage/);
  });

  it("takes an explanation from the template's sheet Toelichting", async () => {
    const aaEnMaas = await idOf(t.db, "Waterschap Aa en Maas");
    if ((await row(aaEnMaas)).status === "none") await startReport(t.db, { actor: unie, organisationId: aaEnMaas, year: 2025 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buildTemplate(t.db, { userId: unie.userId, signatoryId: unieId, year: 2025 })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet("Algemeen")!;
    let at = 0;
    sheet.eachRow((r, n) => (at = r.getCell(2).value === "waterschap-aa-en-maas" ? n : at));
    let column = 0;
    sheet.getRow(2).eachCell((c, n) => (column = c.value === "inkoopvolume" ? n : column));
    sheet.getRow(at).getCell(column).value = 99_000_000;
    workbook
      .getWorksheet("Toelichting")!
      .addRow(["Waterschap Aa en Maas", "waterschap-aa-en-maas", "", "inkoopvolume", "Eenmalige aankoop van een gemaal."]);
    const read = await readWorkbook(t.db, {
      userId: unie.userId,
      signatoryId: unieId,
      year: 2025,
      data: new Uint8Array(await workbook.xlsx.writeBuffer()),
    });
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const outcome = await saveCells(t.db, { actor: unie, signatoryId: unieId, year: 2025, edits: read.edits, channel: "excel" });
    expect(outcome.changes).toHaveLength(1);
    expect((await row(aaEnMaas)).answers.inkoopvolume).toMatchObject({
      number: 99_000_000,
      explanation: "Eenmalige aankoop van een gemaal.",
    });
  });
});
