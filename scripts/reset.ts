// npm run db:reset: deletes the development database and builds it again with demo data.
import fs from "node:fs";
import { createDb } from "~/database/connection.server";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../db/seed";
import { todayInNL } from "~/utils/time";
import { ensureDevelopmentSecret } from "./lib/prepare";

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to reset a database with NODE_ENV=production.");
  process.exit(1);
}
const file = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
ensureDevelopmentSecret(); // encrypts the demo logins' TOTP secrets
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
const db = createDb(file);
await migrateToLatest(db);
await seed(db, { demo: true, today: todayInNL() });
await db.destroy();
console.log(`Reset ${file} with demo data.`);
