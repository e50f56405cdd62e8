import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type Transaction,
} from "kysely";
import type { Database } from "~/database/types";

export type DB = Kysely<Database>;
/** A model function takes this, so it can run inside a caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Opens (and creates) the SQLite file with the pragmas the portal relies on:
 * WAL for concurrent readers, synchronous=FULL so an acknowledged write survives a crash,
 * foreign keys enforced, and a busy timeout instead of immediate SQLITE_BUSY errors.
 */
export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken at the start, so a transaction
 * that reads and then writes waits (busy_timeout) while another process writes — the reminder
 * job, a script — instead of failing at once with SQLITE_BUSY when it tries to write on a stale
 * snapshot. (Kysely's SQLite driver only issues a plain BEGIN.)
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** How many distinct SQL texts keep their prepared statement (the portal has a few hundred). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing (parsing and planning the SQL)
 * cost as much as running the small queries behind a page. Kysely compiles a query to the same
 * SQL text every time (values are parameters), so statements are kept per SQL text and reused.
 * A statement still busy (an unfinished streamed read) is not shared: a fresh one is prepared.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last, so the oldest goes first when the cache is full.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/** Who is told of every statement the portal's connections run (observeQueries). */
const queryObservers = new Set<(sql: string) => void>();

/**
 * Tells `observer` the SQL of every statement run through a connection made by createDb (made
 * while MVOI_OBSERVE_QUERIES=1), until the returned function is called. For tests that compare the work of two requests by their
 * statements (the password-reset form does the same work for every address), never by time.
 */
export function observeQueries(observer: (sql: string) => void): () => void {
  queryObservers.add(observer);
  return () => void queryObservers.delete(observer);
}

export function createDb(file: string): DB {
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(openSqlite(file)) }),
    // Only when a test asks for it (MVOI_OBSERVE_QUERIES=1 before the first connection): Kysely's
    // log hook costs time on every query (about a tenth of the hostile-input test's).
    ...(process.env.MVOI_OBSERVE_QUERIES === "1"
      ? {
          log: (event: { query: { sql: string } }) => {
            for (const observer of queryObservers) observer(event.query.sql);
          },
        }
      : {}),
  });
}

/** Runs `work` in a transaction, or inside the caller's transaction when `db` already is one. */
export function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * A separate read-only connection, for long reads such as exports: WAL lets it read while the
 * main connection keeps serving everyone else. Destroy it when done.
 */
export function createReadOnlyDb(file: string): DB {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
