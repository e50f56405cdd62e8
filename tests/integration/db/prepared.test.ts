import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mayActForRow } from "~/models/access.server";
import { prepared } from "~/database/prepared.server";
import type { Sector } from "~/database/types";
import { createTestDb, type TestDb } from "../../helpers/db";

describe("prepared queries", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterAll(() => t.cleanup());

  const bySector = prepared((db, args: { sector: Sector; minId: number }) =>
    db.selectFrom("organisation").select(["id", "name"]).where("sector", "=", args.sector).where("id", ">=", args.minId).orderBy("id"),
  );
  const built = (sector: Sector, minId: number) =>
    t.db.selectFrom("organisation").select(["id", "name"]).where("sector", "=", sector).where("id", ">=", minId).orderBy("id").execute();

  it("give the rows the same query built anew gives, for every set of values", async () => {
    for (const [sector, minId] of [
      ["waterschappen", 0],
      ["gemeenten", 0],
      ["waterschappen", 20],
      ["rijksoverheid", 1],
      ["overig", 0],
    ] as const) {
      const rows = await bySector.all(t.db, { sector, minId });
      expect(rows).toEqual(await built(sector, minId));
      expect(await bySector.first(t.db, { sector, minId })).toEqual(rows[0]);
    }
    expect((await bySector.all(t.db, { sector: "waterschappen", minId: 0 })).length).toBeGreaterThan(20);
  });

  it("keep constants of the query and fill in a value used twice (the act-for rule)", async () => {
    const actable = prepared((db, args: { userId: number }) =>
      db
        .selectFrom("organisation as o")
        .select("o.slug")
        .where(mayActForRow(args.userId, ["editor", "viewer"]))
        .orderBy("o.slug"),
    );
    const users = await t.db.selectFrom("user").select("id").execute();
    let someone = false;
    for (const { id } of users) {
      const expected = await t.db
        .selectFrom("organisation as o")
        .select("o.slug")
        .where(mayActForRow(id, ["editor", "viewer"]))
        .orderBy("o.slug")
        .execute();
      expect(await actable.all(t.db, { userId: id })).toEqual(expected);
      someone ||= expected.length > 0;
    }
    expect(someone).toBe(true);
  });

  it("run inside a transaction and see its uncommitted rows", async () => {
    const byName = prepared((db, args: { name: string }) => db.selectFrom("organisation").select("name").where("name", "=", args.name));
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto("organisation")
          .values({
            slug: "tijdelijk",
            name: "Tijdelijk",
            kind: "gemeente",
            sector: "gemeenten",
            created_at: "2026-01-01T00:00:00Z",
            updated_at: "2026-01-01T00:00:00Z",
          })
          .execute();
        expect(await byName.first(trx, { name: "Tijdelijk" })).toEqual({ name: "Tijdelijk" });
        throw new Error("rollback");
      })
      .catch(() => undefined);
    expect(await byName.first(t.db, { name: "Tijdelijk" })).toBeUndefined();
  });

  it("refuse a value that shapes the query instead of being a parameter", async () => {
    const shaped = prepared((db, args: { name: string }) =>
      db
        .selectFrom("organisation")
        .select("name")
        .where(sql.raw<boolean>(`name = '${String(args.name)}'`)),
    );
    await expect(shaped.all(t.db, { name: "x" })).rejects.toThrow(/name must be used as values/);
  });
  it("refuses values that would change the query's shape: enumerated, a list, null", async () => {
    const spread = prepared((db, args: { name: string }) =>
      db
        .selectFrom("organisation")
        .select("name")
        .where((eb) => eb.and({ ...args })),
    );
    await expect(spread.all(t.db, { name: "x" })).rejects.toThrow(/one by one/);
    const byIds = prepared((db, args: { id: number }) => db.selectFrom("organisation").select("name").where("id", "=", args.id));
    await expect(byIds.all(t.db, { id: [1, 2] as unknown as number })).rejects.toThrow(/not a list/);
    await expect(byIds.all(t.db, { id: null as unknown as number })).rejects.toThrow(/not null/);
    expect(await byIds.all(t.db, { id: -1 })).toEqual([]);
  });
});
