// npm run migrate: brings DATABASE_URL (default data/mvoi.sqlite) to the latest schema.
import { createDb } from "~/database/connection.server";
import { migrateToLatest } from "../db/migrate";

const file = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
const db = createDb(file);
try {
  const done = await migrateToLatest(db);
  console.log(done.length ? `Migrated ${file}: ${done.join(", ")}` : `${file} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
