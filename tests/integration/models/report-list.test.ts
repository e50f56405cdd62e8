import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listReportsForYear } from "~/models/report.server";
import { createTestDb, type TestDb } from "../../helpers/db";

// Issue #23: the ministry's reports list "ter beoordeling eerst", as its plans list. The expected
// order is read from the tables here, apart from the model's code.

describe("the ministry's list of reports, sorted", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(() => t.cleanup());

  /** Each organisation's newest 2025 version straight from the tables: status and submission time. */
  async function newest() {
    const rows = await t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["o.name", "v.number", "v.status", "v.submitted_at"])
      .where("r.year", "=", 2025)
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!latest.has(r.name) || latest.get(r.name)!.number < r.number) latest.set(r.name, r);
    return [...latest.values()];
  }

  it("puts what waits for review first, the longest waiting on top, then returned, draft, not started, accepted", async () => {
    const list = await listReportsForYear(t.db, { year: 2025, sort: "status" });
    const versions = await newest();
    const waiting = versions
      .filter((v) => v.status === "submitted")
      .sort((a, b) => a.submitted_at!.localeCompare(b.submitted_at!) || a.name.localeCompare(b.name, "nl"))
      .map((v) => v.name);
    expect(waiting.length).toBeGreaterThan(0);
    expect(list.slice(0, waiting.length).map((r) => r.name)).toEqual(waiting);
    const rank = { submitted: 0, returned: 1, draft: 2, none: 3, accepted: 4 } as const;
    const ranks = list.map((r) => rank[r.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(list.at(-1)!.status).toBe("accepted");
    // The same organisations as sorted by name: sorting hides nothing.
    const byName = await listReportsForYear(t.db, { year: 2025 });
    expect(new Set(list.map((r) => r.name))).toEqual(new Set(byName.map((r) => r.name)));
    expect(byName.map((r) => r.name)).toEqual([...byName.map((r) => r.name)].sort((a, b) => a.localeCompare(b, "nl")));
  });

  it("by the newest submission first", async () => {
    const list = await listReportsForYear(t.db, { year: 2025, sort: "ingediend" });
    const submitted = list.filter((r) => r.submitted_at).map((r) => r.submitted_at!);
    expect(submitted.length).toBeGreaterThan(0);
    expect(submitted).toEqual([...submitted].sort().reverse());
    // Those without a submission come last.
    expect(list.slice(submitted.length).every((r) => !r.submitted_at)).toBe(true);
  });
});
