import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../helpers/db";

describe("transactions", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb({ seed: "base" });
  });
  afterEach(() => t.cleanup());

  it("take the write lock at the start (BEGIN IMMEDIATE), so a read-then-write never fails on a stale snapshot", async () => {
    // Another process (the reminder job, a script) on the same file, without waiting.
    const other = new SQLite(t.file);
    other.pragma("busy_timeout = 0");
    try {
      await t.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom("organisation").select("name").where("id", "=", 1).executeTakeFirstOrThrow();
        // While this transaction is open, the other writer is kept out (with a plain BEGIN it would
        // get in, and this transaction's write below would fail with SQLITE_BUSY_SNAPSHOT).
        expect(() => other.prepare("update organisation set updated_at = 'x' where id = 2").run()).toThrow(/database is locked/);
        await trx
          .updateTable("organisation")
          .set({ name: `${before.name} (gewijzigd)` })
          .where("id", "=", 1)
          .execute();
      });
      // Afterwards the other writer gets its turn.
      expect(other.prepare("update organisation set updated_at = 'x' where id = 2").run().changes).toBe(1);
      const row = await t.db.selectFrom("organisation").select("name").where("id", "=", 1).executeTakeFirstOrThrow();
      expect(row.name).toMatch(/\(gewijzigd\)$/);
    } finally {
      other.close();
    }
  });
});
