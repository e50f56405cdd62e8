import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, seedDemoUsers, DEMO_USERS } from "../../../db/seed";
import { TEST_TODAY } from "../../../db/demo-calendar";
import { verifyPassword } from "~/auth/password.server";
import { createTestDb, idOf, type TestDb } from "../../helpers/db";

async function counts(t: TestDb) {
  const count = async (table: "organisation" | "user" | "membership" | "reporting_year") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    organisation: await count("organisation"),
    user: await count("user"),
    membership: await count("membership"),
    reporting_year: await count("reporting_year"),
  };
}

describe("seed", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(() => t.cleanup());

  it("loads every organisation of db/signatories.csv (at least 50)", async () => {
    expect((await counts(t)).organisation).toBeGreaterThanOrEqual(50);
  });

  it("links the 21 waterschappen to the Unie van Waterschappen", async () => {
    const unie = await idOf(t.db, "Unie van Waterschappen");
    const covered = await t.db.selectFrom("organisation").select(["name", "kind", "sector"]).where("signed_via_id", "=", unie).execute();
    expect(covered).toHaveLength(21);
    expect(covered.every((o) => o.kind === "waterschap" && o.sector === "waterschappen")).toBe(true);
    expect(covered.map((o) => o.name)).toContain("Waterschap Aa en Maas");
  });

  it("links Bergen, Uitgeest and Heiloo to Castricum and Rijkswaterstaat to IenW", async () => {
    const castricum = await idOf(t.db, "Gemeente Castricum");
    const buch = await t.db.selectFrom("organisation").select("name").where("signed_via_id", "=", castricum).orderBy("name").execute();
    expect(buch.map((o) => o.name)).toEqual(["Gemeente Bergen (NH)", "Gemeente Heiloo", "Gemeente Uitgeest"]);
    const ienw = await idOf(t.db, "Ministerie van Infrastructuur en Waterstaat");
    const rws = await t.db
      .selectFrom("organisation")
      .select("signed_via_id")
      .where("name", "=", "Rijkswaterstaat")
      .executeTakeFirstOrThrow();
    expect(rws.signed_via_id).toBe(ienw);
  });

  it("stores sectors as codes and gives each organisation a unique URL slug", async () => {
    const helmond = await t.db.selectFrom("organisation").selectAll().where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow();
    expect(helmond).toMatchObject({ slug: "gemeente-helmond", sector: "gemeenten", kind: "gemeente" });
    const rivm = await t.db.selectFrom("organisation").select("sector").where("name", "like", "Rijksinstituut%").executeTakeFirstOrThrow();
    expect(rivm.sector).toBe("overig");
  });

  it("adds reporting years 2023, 2024 and 2025 with deadlines after opening", async () => {
    const years = await t.db.selectFrom("reporting_year").selectAll().orderBy("year").execute();
    expect(years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
    for (const y of years) expect(y.due_at > y.opens_at).toBe(true);
  });

  it("creates one demo login per role with the demo password", async () => {
    for (const u of DEMO_USERS) {
      const user = await t.db.selectFrom("user").selectAll().where("email", "=", u.email).executeTakeFirstOrThrow();
      expect(await verifyPassword("demo-mvoi-2025", user.password_hash!)).toBe(true);
      expect(await verifyPassword("demo-mvoi-2024", user.password_hash!)).toBe(false);
    }
  });

  it("is idempotent", async () => {
    const before = await counts(t);
    await seed(t.db, { demo: true, today: TEST_TODAY });
    expect(await counts(t)).toEqual(before);
  });

  it("keeps an administrator's change to a reporting year when run again", async () => {
    await t.db.updateTable("reporting_year").set({ due_at: "2026-05-01" }).where("year", "=", 2025).execute();
    await seed(t.db, { demo: true, today: TEST_TODAY });
    const y = await t.db.selectFrom("reporting_year").select("due_at").where("year", "=", 2025).executeTakeFirstOrThrow();
    expect(y.due_at).toBe("2026-05-01");
  });

  it("refuses demo users in a production database", async () => {
    const empty = await createTestDb({ seed: "base" });
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await expect(seedDemoUsers(empty.db)).rejects.toThrow(/production/);
      const users = await empty.db.selectFrom("user").select("id").execute();
      expect(users).toHaveLength(0);
    } finally {
      process.env.NODE_ENV = previous;
      await empty.cleanup();
    }
  });
});
