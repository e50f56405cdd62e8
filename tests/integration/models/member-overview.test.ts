import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TODAY } from "../../../db/demo-calendar";
import { memberOverview } from "~/models/member-overview.server";
import { grantExtension } from "~/models/reporting-year.server";
import { createTestDb, userIdOf, type TestDb } from "../../helpers/db";
import { createWorld, type World } from "../../helpers/world";

// Issue #23: "Uw organisaties" for any joint signatory, not only the Unie: an editor of a signer
// (as Castricum's officer) sees it and the organisations signed via it, each with its own state.

describe("the list of the organisations one acts for", () => {
  let t: TestDb;
  let world: World;
  let userId: number;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    world = await createWorld(
      t.db,
      {
        organisations: [
          { signedVia: null, plan: true, actions: 1, report: true },
          { signedVia: 0, plan: false, actions: 0, report: false },
          { signedVia: 0, plan: false, actions: 0, report: false },
          // Not signed via the others: not in the list.
          { signedVia: null, plan: false, actions: 0, report: false },
        ],
        users: [{ memberships: [{ organisation: 0, role: "editor" }] }],
      },
      "members",
    );
    userId = world.users[0]!.id;
    // One partner signed after the open year (2025 on the test date): no report over it needed.
    await t.db.updateTable("organisation").set({ signed_at: "2026-02-01" }).where("id", "=", world.organisations[2]!.id).execute();
    const admin = await userIdOf(t.db, "beheer@ienw.example");
    await grantExtension(t.db, {
      year: 2025,
      organisationId: world.organisations[1]!.id,
      dueAt: "2026-05-15",
      reason: "Nieuwe inkoper",
      actor: { userId: admin, email: "beheer@ienw.example", ip: "127.0.0.1" },
    });
  });
  afterAll(() => t.cleanup());

  it("has the signer and its partners, each with its own plan, report, due date and extension", async () => {
    const overview = await memberOverview(t.db, { userId, today: TEST_TODAY });
    expect(overview.year).toEqual({ year: 2025, due_at: "2026-04-01" });
    const [signer, extended, later] = world.organisations.map((o) => overview.all.find((r) => r.id === o.id));
    expect(overview.all).toHaveLength(3);
    expect(overview.all.some((r) => r.id === world.organisations[3]!.id)).toBe(false);
    expect(signer!.plan.status).toBe("draft");
    expect(signer!.report).toMatchObject({ status: "draft", due: "2026-04-01", extended: false, late: false });
    expect(extended!.plan.status).toBe("none");
    expect(extended!.report).toMatchObject({ status: "none", due: "2026-05-15", extended: true, late: false });
    expect(later!.report).toBeNull();
    // After the year's date the signer's draft is late, the partner with an extension is not yet.
    const afterDue = await memberOverview(t.db, { userId, today: "2026-04-02", report: "telaat" });
    expect(afterDue.rows.map((r) => r.id)).toEqual([world.organisations[0]!.id]);
  });

  it("filters on a state and sorts by due date or by what still needs work", async () => {
    const drafts = await memberOverview(t.db, { userId, today: TEST_TODAY, report: "draft" });
    expect(drafts.rows.map((r) => r.id)).toEqual([world.organisations[0]!.id]);
    const noPlan = await memberOverview(t.db, { userId, today: TEST_TODAY, plan: "none" });
    expect(noPlan.rows.map((r) => r.id).sort()).toEqual([world.organisations[1]!.id, world.organisations[2]!.id].sort());
    const byDue = await memberOverview(t.db, { userId, today: TEST_TODAY, sort: "uiterlijk" });
    // The year's date, then the extension, then the one that need not report.
    expect(byDue.rows.map((r) => r.id)).toEqual([0, 1, 2].map((i) => world.organisations[i]!.id));
    const byWork = await memberOverview(t.db, { userId, today: TEST_TODAY, sort: "werk" });
    // Not started before draft; no report needed last.
    expect(byWork.rows.map((r) => r.id)).toEqual([1, 0, 2].map((i) => world.organisations[i]!.id));
  });
});
