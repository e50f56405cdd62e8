import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../../db/migrate";
import { createTestDb, type TestDb } from "../../helpers/db";

describe("migrations", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it("create every foundation table from an empty file", async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(t.db);
    const names = tables.rows.map((r) => r.name);
    for (const table of ["organisation", "user", "membership", "session", "audit_event", "reporting_year", "login_attempt"]) {
      expect(names).toContain(table);
    }
  });

  it("are a no-op the second time", async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("open the database with WAL, synchronous=FULL, foreign keys and a busy timeout", async () => {
    const pragma = async (name: string) => (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(t.db)).rows[0];
    expect(await pragma("journal_mode")).toEqual({ journal_mode: "wal" });
    expect(await pragma("synchronous")).toEqual({ synchronous: 2 });
    expect(await pragma("foreign_keys")).toEqual({ foreign_keys: 1 });
    expect(await pragma("busy_timeout")).toEqual({ timeout: 5000 });
  });

  it("enforce enums with CHECK constraints", async () => {
    const now = new Date().toISOString();
    const insert = (values: Record<string, unknown>) =>
      t.db
        .insertInto("organisation")
        .values({ slug: "x", name: "X", kind: "gemeente", sector: "gemeenten", created_at: now, updated_at: now, ...values } as never)
        .execute();
    await expect(insert({ sector: "bedrijven" })).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert({ kind: "bv" })).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert({ signed_at: "24-11-2022" })).rejects.toThrow(/CHECK constraint failed/);
  });

  it("enforce foreign keys", async () => {
    const now = new Date().toISOString();
    await expect(
      t.db
        .insertInto("organisation")
        .values({ slug: "y", name: "Y", kind: "gemeente", sector: "gemeenten", signed_via_id: 9999, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(
      t.db.insertInto("membership").values({ user_id: 9999, organisation_id: 9999, role: "editor", created_at: now }).execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it("reject a reporting year whose deadline is before it opens", async () => {
    const now = new Date().toISOString();
    await expect(
      t.db
        .insertInto("reporting_year")
        .values({ year: 2030, opens_at: "2031-04-01", due_at: "2031-01-01", created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/CHECK constraint failed/);
    await expect(
      t.db
        .insertInto("reporting_year")
        .values({ year: 2031, opens_at: "2032-02-30", due_at: "2032-04-01", created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/CHECK constraint failed/);
  });
});
