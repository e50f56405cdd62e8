import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Executor } from "~/database/connection.server";
import { sectorThemeGrid } from "~/models/aggregates.server";
import { cachedUntilChange, dataStamp } from "~/models/data-change.server";
import { listIndicators, updateIndicator } from "~/models/indicator.server";
import { getActableOrganisation } from "~/models/organisation.server";
import { listMembershipsForUser } from "~/models/user.server";
import type { DataChangeScope } from "~/database/types";
import { getReportOverview, loadAnswers, loadPreviousAccepted, saveAnswers } from "~/models/report.server";
import { createTestDb, userIdOf, type TestDb } from "../../helpers/db";

// The caches of derived data (the catalogue per year, the ministry's aggregates) are as right as
// the counters the triggers keep. Each case changes data the way a writer would, and checks.
describe("change counters kept by triggers, and the caches that use them", () => {
  let t: TestDb;
  const stamp = (scope: DataChangeScope) => dataStamp(t.db, [scope]);

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("counts a report version's status changes, and not a draft save", async () => {
    const before = await stamp("reports");
    await t.db
      .updateTable("report_version")
      .set({ updated_at: new Date().toISOString(), lock_version: (eb) => eb("lock_version", "+", 1) })
      .where("status", "=", "draft")
      .execute();
    expect(await stamp("reports")).toBe(before);
    const submitted = await t.db.selectFrom("report_version").select("id").where("status", "=", "submitted").executeTakeFirstOrThrow();
    await t.db
      .updateTable("report_version")
      .set({ status: "accepted", reviewed_at: new Date().toISOString() })
      .where("id", "=", submitted.id)
      .execute();
    const afterAccept = await stamp("reports");
    expect(afterAccept).not.toBe(before);
    // A change that is rolled back leaves the counter where it was.
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("report_version").set({ status: "returned" }).where("id", "=", submitted.id).execute();
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await stamp("reports")).toBe(afterAccept);
  });

  it("counts every change to the catalogue and to organisations", async () => {
    const catalogue = await stamp("catalogue");
    const organisations = await stamp("organisations");
    await t.db.updateTable("indicator").set({ help: "Nieuwe uitleg" }).where("id", "=", 1).execute();
    expect(await stamp("catalogue")).not.toBe(catalogue);
    await t.db.updateTable("organisation").set({ sector: "overig" }).where("slug", "=", "gemeente-helmond").execute();
    expect(await stamp("organisations")).not.toBe(organisations);
  });

  it("serves a year's questions from memory until an administrator changes one, also when another connection writes", async () => {
    const first = await listIndicators(t.db, { year: 2025 });
    expect(first.length).toBeGreaterThan(0);
    expect(await listIndicators(t.db, { year: 2025 })).toBe(first); // the same list, not read again
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);

    const admin = { userId: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example", ip: "127.0.0.1" };
    const q = first[0]!;
    await updateIndicator(t.db, {
      id: q.id,
      actor: admin,
      values: {
        label: "Gewijzigde vraag",
        help: q.help,
        minValue: q.min_value,
        maxValue: q.max_value,
        usualMax: q.usual_max,
        continuesFromId: q.continues_from_id,
      },
    });
    const changed = await listIndicators(t.db, { year: 2025 });
    expect(changed.find((i) => i.id === q.id)!.label).toBe("Gewijzigde vraag");

    // Another process (a script, a second server) writes through its own connection.
    const other = createDb(t.file);
    try {
      await other.updateTable("indicator").set({ label: "Door een ander proces" }).where("id", "=", q.id).execute();
    } finally {
      await other.destroy();
    }
    expect((await listIndicators(t.db, { year: 2025 })).find((i) => i.id === q.id)!.label).toBe("Door een ander proces");
  });

  it("recomputes the sector overview after an organisation changes sector", async () => {
    const grid = await sectorThemeGrid(t.db, { year: 2025, basis: "ingediend" });
    expect(await sectorThemeGrid(t.db, { year: 2025, basis: "ingediend" })).toBe(grid);
    await t.db.updateTable("organisation").set({ sector: "provincies" }).where("sector", "=", "waterschappen").execute();
    const after = await sectorThemeGrid(t.db, { year: 2025, basis: "ingediend" });
    expect(after).not.toBe(grid);
    expect(after.waterschappen?.klimaat?.tenders?.reported ?? 0).toBe(0);
  });

  it("keeps last year's accepted answers until a review changes which version counts", async () => {
    const accepted = await t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("report_value as rv", "rv.version_id", "v.id")
      .select(["v.id", "r.organisation_id", "r.year"])
      .where("v.status", "=", "accepted")
      .executeTakeFirstOrThrow();
    const args = { organisationId: accepted.organisation_id, year: accepted.year + 1 };
    const first = await loadPreviousAccepted(t.db, args);
    expect(first.size).toBeGreaterThan(0);
    expect(await loadPreviousAccepted(t.db, args)).toEqual(first);
    // The ministry reopens last year's report: no accepted version counts any more.
    await t.db
      .updateTable("report_version")
      .set({ status: "returned", reviewed_at: new Date().toISOString() })
      .where("id", "=", accepted.id)
      .execute();
    expect((await loadPreviousAccepted(t.db, args)).size).toBe(0);
  });

  it("keeps each kind of value apart: many per-organisation entries do not push out another kind", async () => {
    let computed = 0;
    const expensive = async () => ++computed;
    expect(await cachedUntilChange(t.db, ["reports"], "expensive:one", expensive)).toBe(1);
    for (let i = 0; i < 500; i++) await cachedUntilChange(t.db, ["reports"], `cheap:${i}`, async () => i);
    expect(await cachedUntilChange(t.db, ["reports"], "expensive:one", expensive)).toBe(1);
    // Within a kind the least recently used goes first: the newest cheap entries are still there.
    let recomputed = false;
    expect(await cachedUntilChange(t.db, ["reports"], "cheap:499", async () => ((recomputed = true), -1))).toBe(499);
    expect(recomputed).toBe(false);
  });

  it("neither serves nor keeps a value inside a transaction", async () => {
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cachedUntilChange(t.db, ["catalogue"], "probe", compute)).toBe(1);
    expect(await cachedUntilChange(t.db, ["catalogue"], "probe", compute)).toBe(1);
    await t.db.transaction().execute(async (trx) => {
      expect(await cachedUntilChange(trx, ["catalogue"], "probe", compute)).toBe(2);
    });
    expect(await cachedUntilChange(t.db, ["catalogue"], "probe", compute)).toBe(1);
  });
  it("keeps a version's answers until a save raises its lock version, and looks up who entered them each time", async () => {
    // The demo's draft report (a waterschap's), and the Unie's officer who fills it in for them.
    const found = await t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .select(["r.organisation_id", "r.year"])
      .where("v.status", "=", "draft")
      .executeTakeFirstOrThrow();
    const email = "inkoper@uvw.example";
    const actor = { userId: await userIdOf(t.db, email), email, ip: "127.0.0.1" };
    const { organisation_id: organisationId, year } = found;
    const draft = async (db: Executor = t.db) => (await getReportOverview(db, { userId: actor.userId, organisationId, year }))!.draft!;
    const [indicator] = (await listIndicators(t.db, { year })).filter((i) => i.unit === "count" && i.section === "klimaat");
    const save = async (number: number) =>
      saveAnswers(t.db, {
        actor,
        organisationId,
        year,
        lockVersion: (await draft()).lock_version,
        answers: new Map([[indicator!.id, { state: "value" as const, number, text: null, explanation: null, prefilled: false }]]),
        section: "klimaat",
      });

    await save(11);
    const first = await loadAnswers(t.db, { versionId: (await draft()).id });
    expect(first.get(indicator!.code)).toMatchObject({ state: "value", number: 11, entered_by_name: expect.any(String) });
    expect(Object.isFrozen([...first.values()][0])).toBe(false); // each caller gets its own objects
    await save(12);
    expect((await loadAnswers(t.db, { versionId: (await draft()).id })).get(indicator!.code)!.number).toBe(12);

    // A rename shows at once, although the answers themselves are kept.
    await t.db.updateTable("user").set({ name: "Nieuwe Naam" }).where("id", "=", actor.userId).execute();
    expect((await loadAnswers(t.db, { versionId: (await draft()).id })).get(indicator!.code)!.entered_by_name).toBe("Nieuwe Naam");

    // A save that is rolled back leaves nothing behind under the lock version it raised.
    const before = (await draft()).lock_version;
    await t.db
      .transaction()
      .execute(async (trx) => {
        await saveAnswers(trx, {
          actor,
          organisationId,
          year,
          lockVersion: before,
          answers: new Map([[indicator!.id, { state: "value" as const, number: 99, text: null, explanation: null, prefilled: false }]]),
          section: "klimaat",
        });
        expect((await loadAnswers(trx, { versionId: (await draft(trx)).id })).get(indicator!.code)!.number).toBe(99);
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect((await draft()).lock_version).toBe(before);
    expect((await loadAnswers(t.db, { versionId: (await draft()).id })).get(indicator!.code)!.number).toBe(12);
    await save(13);
    expect((await loadAnswers(t.db, { versionId: (await draft()).id })).get(indicator!.code)!.number).toBe(13);
  });
  it("keeps a user's memberships, and how many organisations they may act for, until a membership or an organisation changes", async () => {
    const userId = await userIdOf(t.db, "inkoper@helmond.example");
    const count = async () => (await getActableOrganisation(t.db, { userId, slug: "gemeente-helmond" }))!.actableCount;
    const before = await count();
    const memberships = await stamp("memberships");
    // An administrator gives the officer a second organisation.
    const other = await t.db
      .selectFrom("organisation")
      .select(["id", "slug", "name"])
      .where("kind", "=", "gemeente")
      .where("slug", "!=", "gemeente-helmond")
      .where("signed_via_id", "is", null)
      .where("active", "=", 1)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("membership")
      .values({ user_id: userId, organisation_id: other.id, role: "viewer", created_at: new Date().toISOString() })
      .execute();
    expect(await stamp("memberships")).not.toBe(memberships);
    expect(await count()).toBe(before + 1);
    // The memberships that decide which pages the user may open (read on every request) follow.
    const names = async () => (await listMembershipsForUser(t.db, { userId })).map((m) => m.organisation_name);
    expect(await names()).toContain(other.name);
    await t.db.updateTable("organisation").set({ name: "Hernoemde gemeente" }).where("id", "=", other.id).execute();
    expect(await names()).toContain("Hernoemde gemeente");
    // The organisation is deactivated: the user may no longer act for it.
    await t.db.updateTable("organisation").set({ active: 0 }).where("id", "=", other.id).execute();
    expect(await count()).toBe(before);
    await t.db.updateTable("organisation").set({ active: 1 }).where("id", "=", other.id).execute();
    await t.db.deleteFrom("membership").where("user_id", "=", userId).where("organisation_id", "=", other.id).execute();
    expect(await count()).toBe(before);
    expect(await names()).not.toContain("Hernoemde gemeente");
  });
});
