import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../db/seed";
import { demoReportingYears, TEST_TODAY } from "../../../db/demo-calendar";
import { createTestDb, type TestDb } from "../../helpers/db";
import { startOfDayInNL } from "~/utils/time";

// Issue #22: demo data relative to today. A newcomer who starts the portal on any day finds one
// year open with its deadline ahead, earlier years closed with plausible dates, and no demo record
// stamped with the moment the seed ran; the tests seed at a fixed date.

describe("the demo's reporting years", () => {
  it("at the tests' fixed date: 2023 to 2025, each due on 1 April of the next year", () => {
    expect(demoReportingYears(TEST_TODAY)).toEqual([
      { year: 2023, opensAt: "2024-01-15", dueAt: "2024-04-01" },
      { year: 2024, opensAt: "2025-01-15", dueAt: "2025-04-01" },
      { year: 2025, opensAt: "2026-01-15", dueAt: "2026-04-01" },
    ]);
  });

  it("after 1 April the open year's deadline lies eight weeks ahead", () => {
    expect(demoReportingYears("2026-12-07").at(-1)).toEqual({ year: 2025, opensAt: "2026-01-15", dueAt: "2027-02-01" });
    expect(demoReportingYears("2026-04-01").at(-1)).toEqual({ year: 2025, opensAt: "2026-01-15", dueAt: "2026-05-27" });
  });

  it("in the first four weeks of a year the year before the last is open, its deadline ahead", () => {
    expect(demoReportingYears("2027-01-05").map((y) => y.year)).toEqual([2023, 2024, 2025]);
    expect(demoReportingYears("2027-01-05").at(-1)).toEqual({ year: 2025, opensAt: "2026-01-15", dueAt: "2027-03-02" });
    expect(demoReportingYears("2027-01-29").at(-1)).toEqual({ year: 2026, opensAt: "2027-01-15", dueAt: "2027-04-01" });
  });

  it("a real database gets the plain dates, never a demo deadline", () => {
    expect(demoReportingYears("2026-12-07", { demo: false })).toEqual([
      { year: 2023, opensAt: "2024-01-15", dueAt: "2024-04-01" },
      { year: 2024, opensAt: "2025-01-15", dueAt: "2025-04-01" },
      { year: 2025, opensAt: "2026-01-15", dueAt: "2026-04-01" },
    ]);
    expect(demoReportingYears("2027-01-05", { demo: false }).at(-1)!.year).toBe(2026);
  });
});

describe.each([
  ["2026-12-07", "2026-12-07T23:00:00.000Z"],
  ["2027-01-05", "2027-01-05T23:00:00.000Z"],
])("demo data seeded on %s", (TODAY, endOfToday) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "none" });
    await seed(t.db, { demo: true, today: TODAY });
  });
  afterAll(() => t.cleanup());

  it("has one year open with its deadline ahead, the years before it closed", async () => {
    const years = await t.db.selectFrom("reporting_year").select(["year", "opens_at", "due_at"]).orderBy("year").execute();
    expect(years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
    const open = years.filter((y) => y.opens_at <= TODAY && TODAY <= y.due_at);
    expect(open.map((y) => y.year)).toEqual([2025]);
    expect(years.filter((y) => y.due_at < TODAY).map((y) => y.year)).toEqual([2023, 2024]);
  });

  it("dates every report version within its year's window, reviews after submission, nothing after today", async () => {
    const versions = await t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("reporting_year as y", "y.year", "r.year")
      .select(["r.year", "v.status", "v.created_at", "v.submitted_at", "v.reviewed_at", "y.opens_at"])
      .execute();
    expect(versions.length).toBeGreaterThan(40);
    for (const v of versions) {
      expect(v.created_at >= startOfDayInNL(v.opens_at)).toBe(true);
      expect(v.created_at < endOfToday).toBe(true);
      if (v.submitted_at) {
        expect(v.submitted_at >= v.created_at).toBe(true);
        expect(v.submitted_at < endOfToday).toBe(true);
      }
      if (v.reviewed_at) expect(v.reviewed_at > v.submitted_at!).toBe(true);
    }
    // The closed years' reports were submitted in the spring after their year, not on the seed's day.
    const closed = versions.filter((v) => v.year < 2025);
    expect(closed.every((v) => v.submitted_at!.slice(0, 4) === String(v.year + 1))).toBe(true);
  });

  it("dates the plans' steps and the audit trail the same way", async () => {
    const plans = await t.db.selectFrom("action_plan_version").select(["created_at", "submitted_at", "reviewed_at"]).execute();
    for (const p of plans) {
      expect(p.created_at < endOfToday).toBe(true);
      if (p.submitted_at) expect(p.submitted_at >= p.created_at).toBe(true);
      if (p.reviewed_at) expect(p.reviewed_at > p.submitted_at!).toBe(true);
    }
    const accepted = await t.db
      .selectFrom("audit_event")
      .select(["occurred_at", "action"])
      .where("action", "like", "%accept%")
      .orderBy("occurred_at")
      .execute();
    expect(accepted.length).toBeGreaterThan(0);
    // The first acceptances lie years back; none lies after today.
    expect(accepted[0]!.occurred_at < "2025-01-01").toBe(true);
    expect(accepted.every((a) => a.occurred_at < endOfToday)).toBe(true);
  });
});

describe("a real database seeded in January", () => {
  it("gets a questionnaire for each of its reporting years, and no other", async () => {
    const t = await createTestDb({ seed: "none" });
    try {
      await seed(t.db, { demo: false, today: "2027-01-05" });
      const years = (await t.db.selectFrom("reporting_year").select("year").orderBy("year").execute()).map((y) => y.year);
      const catalogued = (await t.db.selectFrom("indicator").select("year").distinct().orderBy("year").execute()).map((y) => y.year);
      expect(years).toEqual([2024, 2025, 2026]);
      expect(catalogued).toEqual(years);
    } finally {
      await t.cleanup();
    }
  });
});
