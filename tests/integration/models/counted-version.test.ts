import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countedVersionByRule,
  countedVersions,
  dueDateFor,
  inScope,
  listCountedVersions,
  reportStatesOfOrganisation,
  scopeCounts,
} from "~/models/counted-version.server";
import type { PlanStatus } from "~/database/types";
import { createTestDb, idOf, type TestDb } from "../../helpers/db";

// The counted version per report is kept in report.counted_*_version_id by triggers (migration
// 20261206T180000). Whatever happens to the versions, by the models or by any other writer, the
// columns must equal the rule: the highest-numbered version in the basis's statuses.

describe("each report's counted versions, kept by triggers", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(() => t.cleanup());

  const mismatches = async () => {
    const out: string[] = [];
    for (const basis of ["geaccepteerd", "ingediend"] as const) {
      for (const r of await countedVersionByRule(t.db, { basis }).execute()) {
        if ((r.version_id ?? null) !== (r.kept_version_id ?? null))
          out.push(`${basis} report ${r.report_id}: rule ${r.version_id}, kept ${r.kept_version_id}`);
      }
    }
    return out;
  };

  /** listCountedVersions (reports read live, organisations kept in memory) against countedVersions (all in SQL), and the scope counts likewise. */
  const sameLists = async () => {
    const out: string[] = [];
    for (const year of [2023, 2024, 2025]) {
      for (const basis of ["geaccepteerd", "ingediend"] as const) {
        const key = (v: { organisation_id: number; version_id: number | null; sector: string; kind: string }) =>
          `${v.organisation_id}:${v.version_id}:${v.sector}:${v.kind}`;
        const sql = (await countedVersions(t.db, { year, basis }).execute()).map(key).sort();
        const list = (await listCountedVersions(t.db, { year, basis })).map(key).sort();
        if (sql.join() !== list.join()) out.push(`${year} ${basis}: ${sql.length} in SQL, ${list.length} listed`);
      }
      const inSql = await t.db
        .selectFrom("organisation as o")
        .select(["o.sector", "o.kind", (eb) => eb.fn.countAll<number>().as("n")])
        .where((eb) => inScope(eb, year))
        .groupBy(["o.sector", "o.kind"])
        .execute();
      const norm = (rows: { sector: string; kind: string; n: number | string | bigint }[]) =>
        rows
          .map((r) => `${r.sector}:${r.kind}:${Number(r.n)}`)
          .sort()
          .join();
      if (norm(inSql) !== norm((await scopeCounts(t.db, { years: [year] })).get(year)!)) out.push(`${year}: scope counts differ`);
    }
    return out;
  };

  it("match the rule on the demo data", async () => {
    expect(await mismatches()).toEqual([]);
    expect(await sameLists()).toEqual([]);
    expect((await countedVersions(t.db, { year: 2025, basis: "ingediend" }).execute()).length).toBeGreaterThan(3);
  });

  it("match the rule after any sequence of status changes, new versions and removed versions (written straight to the table)", async () => {
    const reports = (await t.db.selectFrom("report").select("id").where("year", "=", 2025).execute()).map((r) => r.id);
    const organisations = (await t.db.selectFrom("report").select("organisation_id").where("year", "=", 2025).execute()).map(
      (r) => r.organisation_id,
    );
    const statuses: PlanStatus[] = ["draft", "submitted", "accepted", "returned"];
    const step = fc.oneof(
      fc.record({ kind: fc.constant("status" as const), report: fc.constantFrom(...reports), status: fc.constantFrom(...statuses) }),
      fc.record({ kind: fc.constant("add" as const), report: fc.constantFrom(...reports), status: fc.constantFrom(...statuses) }),
      fc.record({ kind: fc.constant("remove" as const), report: fc.constantFrom(...reports) }),
      // An organisation leaves, comes back, changes its signing date or becomes an umbrella.
      fc.record({
        kind: fc.constant("organisation" as const),
        organisation: fc.constantFrom(...organisations),
        active: fc.integer({ min: 0, max: 1 }),
        signedAt: fc.constantFrom(null, "2022-11-24", "2024-05-14", "2025-12-31", "2026-01-01"),
        umbrella: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const s of steps) {
          if (s.kind === "organisation") {
            await t.db
              .updateTable("organisation")
              .set({ active: s.active, signed_at: s.signedAt, kind: s.umbrella ? "koepelorganisatie" : "waterschap" })
              .where("id", "=", s.organisation)
              .execute();
            continue;
          }
          const newest = await t.db
            .selectFrom("report_version")
            .select(["id", "number"])
            .where("report_id", "=", s.report)
            .orderBy("number", "desc")
            .limit(1)
            .executeTakeFirst();
          // At most one draft per report (a unique index): a status change or a new version never makes a second one.
          const hasDraft = Boolean(
            await t.db
              .selectFrom("report_version")
              .select("id")
              .where("report_id", "=", s.report)
              .where("status", "=", "draft")
              .executeTakeFirst(),
          );
          const status = s.kind !== "remove" && s.status === "draft" && hasDraft ? "returned" : s.kind === "remove" ? "draft" : s.status;
          if (s.kind === "status" && newest) await t.db.updateTable("report_version").set({ status }).where("id", "=", newest.id).execute();
          if (s.kind === "remove" && newest) {
            await t.db.deleteFrom("report_value").where("version_id", "=", newest.id).execute();
            await t.db.deleteFrom("report_action_progress").where("version_id", "=", newest.id).execute();
            await t.db.deleteFrom("report_version").where("id", "=", newest.id).execute();
          }
          if (s.kind === "add") {
            const now = new Date().toISOString();
            await t.db
              .insertInto("report_version")
              .values({
                report_id: s.report,
                number: (newest?.number ?? 0) + 1,
                status,
                created_at: now,
                created_by: null,
                updated_at: now,
                updated_by: null,
              })
              .execute();
          }
        }
        expect(await mismatches()).toEqual([]);
        expect(await sameLists()).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("never calls a year late that the organisation was not expected to report over (it signed later)", async () => {
    const heerlen = await idOf(t.db, "Gemeente Heerlen"); // signed 14 May 2024 (demo data)
    const states = await reportStatesOfOrganisation(t.db, { organisationId: heerlen, today: "2026-06-01" });
    expect(states.find((s) => s.year === 2023)).toMatchObject({ status: "none", late: false });
    expect(states.find((s) => s.year === 2024)).toMatchObject({ status: "none", late: true });
  });

  it("gives the organisation's own due date: its extension, else the year's", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    expect(await dueDateFor(t.db, { organisationId: helmond, year: 2025 })).toBe("2026-04-01");
    await t.db
      .insertInto("deadline_extension")
      .values({
        organisation_id: helmond,
        year: 2025,
        due_at: "2026-05-01",
        reason: "test",
        granted_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(await dueDateFor(t.db, { organisationId: helmond, year: 2025 })).toBe("2026-05-01");
    expect(await dueDateFor(t.db, { organisationId: helmond, year: 1999 })).toBeNull();
  });
});
