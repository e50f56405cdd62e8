import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed";
import { TEST_TODAY } from "../../db/demo-calendar";

export type TestDb = { db: DB; file: string; cleanup: () => Promise<void> };

export const SEED_KINDS = ["none", "base", "demo"] as const;
export type SeedKind = (typeof SEED_KINDS)[number];

/** A migrated (and seeded) database of one kind at `file`, closed, so the file alone is the database. */
export async function makeTemplate(file: string, kind: SeedKind): Promise<void> {
  const db = createDb(file);
  await migrateToLatest(db);
  if (kind !== "none") await seed(db, { demo: kind === "demo", today: TEST_TODAY });
  // Closing the only connection checkpoints the WAL into the file.
  await db.destroy();
}

/** The templates the integration project's global set-up made for this run (./db-templates.global.ts), if any. */
function providedTemplates(): Record<SeedKind, string> | undefined {
  try {
    return inject("dbTemplates");
  } catch {
    return undefined;
  }
}

// One migrated (and seeded) database per kind, copied for each test: seeding the demo data takes a
// second or more, and under load a file that seeded per test ran into its hook timeout
// (tests/integration/mail/messages.test.ts). The integration project makes them once per run;
// elsewhere (a unit file, a script) this process makes its own.
const templates = new Map<SeedKind, Promise<string>>();

function template(kind: SeedKind): Promise<string> {
  const provided = providedTemplates()?.[kind];
  if (provided && fs.existsSync(provided)) return Promise.resolve(provided);
  let made = templates.get(kind);
  if (!made) {
    made = (async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-template-"));
      const file = path.join(dir, `${kind}.sqlite`);
      await makeTemplate(file, kind);
      process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
      return file;
    })();
    templates.set(kind, made);
  }
  return made;
}

/** A real SQLite file in a fresh temporary folder, migrated and (optionally) seeded: a copy of the template of its kind (made once per run, or once per process). */
export async function createTestDb(options: { seed?: SeedKind } = {}): Promise<TestDb> {
  const source = await template(options.seed ?? "none");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-test-"));
  const file = path.join(dir, "test.sqlite");
  fs.copyFileSync(source, file);
  const db = createDb(file);
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
