import { createDb, type DB } from "~/database/connection.server";
import { env } from "~/env.server";

// One connection per process: better-sqlite3 is synchronous and SQLite serialises writers.
let instance: DB | undefined;

export function getDb(): DB {
  instance ??= createDb(env().DATABASE_URL);
  return instance;
}

export type { DB, Executor } from "~/database/connection.server";
