import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type DB } from "~/db/connection.server";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed";

export type TestDb = { db: DB; file: string; cleanup: () => Promise<void> };

/** A real SQLite file in a fresh temporary folder, migrated and (optionally) seeded. */
export async function createTestDb(options: { seed?: "none" | "base" | "demo" } = {}): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-test-"));
  const file = path.join(dir, "test.sqlite");
  const db = createDb(file);
  await migrateToLatest(db);
  if (options.seed === "base") await seed(db, { demo: false });
  if (options.seed === "demo") await seed(db, { demo: true });
  return {
    db,
    file,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function idOf(db: DB, name: string): Promise<number> {
  const row = await db.selectFrom("organisation").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return row.id;
}

export async function userIdOf(db: DB, email: string): Promise<number> {
  const row = await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return row.id;
}
