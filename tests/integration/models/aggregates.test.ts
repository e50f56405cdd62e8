import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoUsers } from "../../../db/seed";
import { reportCompleteness, shareAggregates, stepDistribution, trend } from "~/models/aggregates.server";
import type { Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import type { Answer } from "~/models/report.rules";
import { reviewReport, saveAnswers, startReport, submitReport } from "~/models/report.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

type Spec = Record<string, number | "unknown" | "not_applicable">;

describe("the ministry's aggregates, on a hand-made dataset with known answers", () => {
  let t: TestDb;
  let officer: Actor;
  let reviewer: Actor;

  /** A report where every question is "not applicable" except the ones given. */
  async function report(name: string, year: number, spec: Spec, status: "accepted" | "submitted") {
    const organisationId = await idOf(t.db, name);
    await addMembership(t.db, { userId: officer.userId, organisationId, role: "editor" });
    await startReport(t.db, { actor: officer, organisationId, year, today: `${year + 1}-02-01` });
    const answers = new Map<number, Answer | null>();
    for (const i of await listIndicators(t.db, { year })) {
      if (i.unit === "text") continue;
      const v = spec[i.code] ?? "not_applicable";
      answers.set(
        i.id,
        typeof v === "number"
          ? { state: "value", number: v, text: null, explanation: null, prefilled: false }
          : { state: v, number: null, text: null, explanation: null, prefilled: false },
      );
    }
    await saveAnswers(t.db, { actor: officer, organisationId, year, lockVersion: 1, answers, section: "test" });
    await submitReport(t.db, { actor: officer, organisationId, year, lockVersion: 2, today: `${year + 1}-03-01` });
    if (status === "accepted") await reviewReport(t.db, { actor: reviewer, organisationId, year, versionNumber: 1, decision: "accept" });
  }

  beforeAll(async () => {
    t = await createTestDb({ seed: "base" });
    await seedDemoUsers(t.db);
    officer = {
      userId: await ensureUser(t.db, { email: "tester@gemeente.example", name: "Tester", password: null }),
      email: "tester@gemeente.example",
      ip: "127.0.0.1",
    };
    reviewer = { userId: await userIdOf(t.db, "analist@ienw.example"), email: "analist@ienw.example", ip: "127.0.0.1" };
    await report(
      "Gemeente Helmond",
      2024,
      { aanbestedingen_totaal: 10, contractwaarde_totaal: 1000, klimaat_aanbestedingen: 4, klimaat_waarde: 300, klimaat_stap: 2 },
      "accepted",
    );
    await report(
      "Gemeente Heerlen",
      2024,
      { aanbestedingen_totaal: 20, contractwaarde_totaal: 2000, klimaat_aanbestedingen: 6, klimaat_waarde: "unknown", klimaat_stap: 3 },
      "accepted",
    );
    await report(
      "Gemeente Landgraaf",
      2024,
      { aanbestedingen_totaal: "unknown", contractwaarde_totaal: 500, klimaat_aanbestedingen: 5, klimaat_waarde: 100, klimaat_stap: 3 },
      "submitted",
    );
    await report("Gemeente Ermelo", 2024, {}, "accepted");
    await report("Gemeente Helmond", 2025, { percelen_totaal: 12, contractwaarde_totaal: 1100 }, "accepted");
  });
  afterAll(() => t.cleanup());

  const cell = async (basis: "geaccepteerd" | "ingediend", code: string) =>
    (await shareAggregates(t.db, { year: 2024, basis })).find((r) => r.group === "gemeenten" && r.indicatorCode === code)!;

  it("counts accepted reports only, when asked, with unknown and not applicable kept apart (never 0)", async () => {
    expect(await cell("geaccepteerd", "klimaat_aanbestedingen")).toMatchObject({
      sum: 10,
      reported: 2,
      unknown: 0,
      notApplicable: 1,
      paired: 2,
      pairedApplied: 10,
      pairedTotal: 30,
    });
    expect(await cell("geaccepteerd", "klimaat_waarde")).toMatchObject({
      sum: 300,
      reported: 1,
      unknown: 1,
      notApplicable: 1,
      paired: 1,
      pairedApplied: 300,
      pairedTotal: 1000,
    });
  });

  it("computes the share as sum applied / sum total over organisations that reported both, not a mean of percentages", async () => {
    const c = await cell("ingediend", "klimaat_aanbestedingen");
    // Helmond 4/10 and Heerlen 6/20; Landgraaf's 5 has no known total and stays out of the share.
    expect(c).toMatchObject({ sum: 15, reported: 3, paired: 2, pairedApplied: 10, pairedTotal: 30 });
    expect((c.pairedApplied / c.pairedTotal) * 100).toBeCloseTo(33.33, 2); // not (40% + 30%) / 2 = 35%
    expect(await cell("ingediend", "klimaat_waarde")).toMatchObject({ sum: 400, pairedApplied: 400, pairedTotal: 1500 });
  });

  it("gives the distribution of steps reached", async () => {
    const accepted = (await stepDistribution(t.db, { year: 2024, basis: "geaccepteerd" })).filter((r) => r.section === "klimaat");
    expect(accepted.sort((a, b) => a.step - b.step)).toEqual([
      { group: "gemeenten", section: "klimaat", step: 2, count: 1 },
      { group: "gemeenten", section: "klimaat", step: 3, count: 1 },
    ]);
    const all = (await stepDistribution(t.db, { year: 2024, basis: "ingediend" })).filter((r) => r.section === "klimaat" && r.step === 3);
    expect(all[0]!.count).toBe(2);
  });

  it("follows a redefined question across years in a trend", async () => {
    const { chain, points } = await trend(t.db, { code: "percelen_totaal", year: 2025, basis: "geaccepteerd" });
    expect(chain.map((c) => `${c.year}:${c.code}`)).toEqual([
      "2023:aanbestedingen_totaal",
      "2024:aanbestedingen_totaal",
      "2025:percelen_totaal",
    ]);
    // 2023: nobody reported, which is no value (not 0); the response says how many of the expected did.
    expect(
      points
        .filter((p) => p.row === "gemeenten")
        .map(({ year, sum, reported, counted, expected }) => ({ year, sum, reported, counted, expected })),
    ).toEqual([
      { year: 2023, sum: null, reported: 0, counted: 0, expected: 7 },
      { year: 2024, sum: 30, reported: 2, counted: 3, expected: 9 },
      { year: 2025, sum: 12, reported: 1, counted: 1, expected: 9 },
    ]);
  });

  it("counts completeness per sector, the umbrellas in their own row, not expected and not in the total", async () => {
    const rows = await reportCompleteness(t.db, { year: 2024, today: "2025-06-01" });
    expect(rows.find((r) => r.sector === "gemeenten")).toEqual({
      sector: "gemeenten",
      expected: 9,
      none: 5,
      draft: 0,
      submitted: 1,
      accepted: 3,
      returned: 0,
      late: 5,
    });
    expect(rows.find((r) => r.sector === "waterschappen")!.expected).toBe(21);
    // The Unie is not expected to report: its row counts only reports it started, never as late.
    expect(rows.find((r) => r.sector === "koepel")).toMatchObject({ expected: 0, none: 0, late: 0 });
    const all = rows.find((r) => r.sector === "all")!;
    expect(all.expected).toBe(49);
    expect(all.accepted + all.submitted + all.none).toBe(49);
    // Expected over 2023: not the two gemeenten that signed in 2024.
    expect((await reportCompleteness(t.db, { year: 2023, today: "2024-06-01" })).find((r) => r.sector === "gemeenten")!.expected).toBe(7);
  });

  it("shows no value, not 0, where nobody gave one, and keeps the counts of unknown and not applicable", async () => {
    const { sectorThemeGrid, sumFigure, shareFigure, stepsFigure } = await import("~/models/aggregates.server");
    const grid = await sectorThemeGrid(t.db, { year: 2024, basis: "geaccepteerd" });
    // Every gemeente answered "not applicable" to circulair (or nothing): counts, but no sum, share or steps.
    const c = grid.gemeenten!.circulair!;
    expect(sumFigure(c.tenders)).toEqual({ value: null, n: 0 });
    expect(shareFigure(c.tenders)).toEqual({ value: null, n: 0 });
    expect(stepsFigure(c)).toEqual({ value: null, n: 0 });
    expect(c.tenders!.notApplicable).toBe(3);
    expect(sumFigure(grid.gemeenten!.klimaat!.tenders)).toEqual({ value: 10, n: 2 });
  });

  it("does not count an organisation with a running extension as late, and one past its extension as late", async () => {
    const { grantExtension } = await import("~/models/reporting-year.server");
    const admin = { userId: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example", ip: "127.0.0.1" };
    const late = async (today: string) =>
      (await reportCompleteness(t.db, { year: 2024, today })).find((r) => r.sector === "provincies")!.late;
    expect(await late("2025-04-10")).toBe(3);
    await grantExtension(t.db, {
      actor: admin,
      year: 2024,
      organisationId: await idOf(t.db, "Provincie Utrecht"),
      dueAt: "2025-05-01",
      reason: "Nieuwe systemen",
    });
    expect(await late("2025-04-10")).toBe(2);
    expect(await late("2025-05-02")).toBe(3);
  });
});

describe("the aggregate cache", () => {
  it("serves the same figures until the counted data changes, then recomputes", async () => {
    const t = await createTestDb({ seed: "demo" });
    try {
      const { sectorThemeGrid, aggregateDataStamp } = await import("~/models/aggregates.server");
      const before = await sectorThemeGrid(t.db, { year: 2025, basis: "geaccepteerd" });
      const stamp = await aggregateDataStamp(t.db);
      expect(await sectorThemeGrid(t.db, { year: 2025, basis: "geaccepteerd" })).toEqual(before);
      // Saving a draft does not count, and does not change the stamp.
      await t.db.updateTable("report_version").set({ updated_at: new Date().toISOString() }).where("status", "=", "draft").execute();
      expect(await aggregateDataStamp(t.db)).toBe(stamp);
      // Accepting a submitted report changes what is counted.
      const reviewer = { userId: await userIdOf(t.db, "analist@ienw.example"), email: "analist@ienw.example", ip: "127.0.0.1" };
      await reviewReport(t.db, {
        actor: reviewer,
        organisationId: await idOf(t.db, "Waterschap Brabantse Delta"),
        year: 2025,
        versionNumber: 1,
        decision: "accept",
      });
      expect(await aggregateDataStamp(t.db)).not.toBe(stamp);
      const after = await sectorThemeGrid(t.db, { year: 2025, basis: "geaccepteerd" });
      const answered = (g: typeof before) => {
        const c = g.waterschappen!.klimaat!.tenders!;
        return c.reported + c.unknown + c.notApplicable;
      };
      expect(answered(after)).toBe(answered(before) + 1);
    } finally {
      await t.cleanup();
    }
  });
});

describe("the sector overview added up from the versions' figures in memory", () => {
  it("equals the grid joined in SQL on a generated dataset, for both data choices, also after reports change status", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { generateDataset } = await import("../../../scripts/bench/dataset");
    const { createDb } = await import("~/database/connection.server");
    const { computeSectorThemeGrid, computeSectorThemeGridInSql } = await import("~/models/aggregates.server");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-figures-"));
    const file = path.join(dir, "figures.sqlite");
    const data = await generateDataset({ file, orgs: 300, years: 2 });
    const db = createDb(file);
    try {
      const check = async () => {
        for (const year of data.years) {
          for (const basis of ["geaccepteerd", "ingediend"] as const) {
            const sql = await computeSectorThemeGridInSql(db, { year, basis });
            expect(Object.keys(sql).length, "the dataset has figures").toBeGreaterThan(1);
            expect(await computeSectorThemeGrid(db, { year, basis })).toEqual(sql);
          }
        }
      };
      await check();
      // Status changes move versions in and out of what counts: a submitted version is accepted,
      // an accepted one is returned, an organisation moves to another sector.
      const year = data.years.at(-1)!;
      const versionIn = (status: "submitted" | "accepted") =>
        db
          .selectFrom("report_version as v")
          .innerJoin("report as r", "r.id", "v.report_id")
          .select("v.id")
          .where("r.year", "=", year)
          .where("v.status", "=", status)
          .limit(20)
          .execute();
      const submitted = (await versionIn("submitted")).map((v) => v.id);
      const accepted = (await versionIn("accepted")).map((v) => v.id);
      expect(submitted.length).toBeGreaterThan(0);
      await db.updateTable("report_version").set({ status: "accepted" }).where("id", "in", submitted).execute();
      await db.updateTable("report_version").set({ status: "returned" }).where("id", "in", accepted).execute();
      await db
        .updateTable("organisation")
        .set({ sector: "waterschappen" })
        .where(
          "id",
          "in",
          db
            .selectFrom("report as r")
            .innerJoin("report_version as v", "v.report_id", "r.id")
            .select("r.organisation_id")
            .where("v.id", "in", submitted),
        )
        .execute();
      await check();
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
