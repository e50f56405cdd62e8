// npm run seed: organisations from db/signatories.csv, reporting years and, outside production,
// the demo logins. Safe to run again: it only adds what is missing. `-- --no-demo` skips the users.
import { createDb } from "~/database/connection.server";
import { ensureDevelopmentSecret } from "./lib/prepare";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../db/seed";
import { todayInNL } from "~/utils/time";

const file = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
// The demo logins' TOTP secrets are encrypted with SESSION_SECRET (in development: data/.session-secret).
ensureDevelopmentSecret();
const demo = !process.argv.includes("--no-demo");
const db = createDb(file);
try {
  await migrateToLatest(db);
  await seed(db, { demo, today: todayInNL() });
  console.log(`Seeded ${file}${demo ? " with demo logins" : ""}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
