// Online backup and safe restore of the portal's SQLite file (npm run backup / npm run restore).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { ROOT } from "./prepare";

/** A refusal with a message for the operator; the scripts print it and exit non-zero. */
export class BackupError extends Error {}

/** Tables every portal database has; a file without them is not a portal database. */
const PORTAL_TABLES = ["kysely_migration", "organisation", "user", "session", "audit_event", "action_plan", "report"];

const knownMigrations = () =>
  fs
    .readdirSync(path.join(ROOT, "db/migrations"))
    .filter((f) => /^\d{8}T\d{6}_[a-z0-9_]+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ""));

function openReadOnly(file: string): SQLite.Database {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  try {
    return new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as an SQLite database: ${(error as Error).message}`);
  }
}

/**
 * Checks a copy: `PRAGMA integrity_check` must answer "ok", and the file must be a portal
 * database whose migrations this version of the portal knows (an older one is migrated at start).
 */
export function verifyPortalDatabase(file: string): void {
  const sqlite = openReadOnly(file);
  try {
    let result: string[];
    try {
      result = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new BackupError(`${file} is not a readable SQLite database: ${(error as Error).message}`);
    }
    if (result.length !== 1 || result[0] !== "ok") {
      throw new BackupError(`${file} failed PRAGMA integrity_check:\n  ${result.slice(0, 10).join("\n  ")}`);
    }
    const tables = new Set(
      (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    const missing = PORTAL_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new BackupError(`${file} is not an MVOI portal database (missing tables: ${missing.join(", ")}).`);
    const applied = (sqlite.prepare("select name from kysely_migration").all() as { name: string }[]).map((m) => m.name);
    const known = new Set(knownMigrations());
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length) {
      throw new BackupError(`${file} was made by a newer version of the portal (unknown migrations: ${unknown.join(", ")}).`);
    }
  } finally {
    sqlite.close();
  }
}

/** data/mvoi.sqlite at 2026-11-28T10:15:00.123Z → mvoi-20261128T101500Z.sqlite */
export function backupFileName(source: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `${path.basename(source, path.extname(source))}-${stamp}.sqlite`;
}

/**
 * Copies the live database with SQLite's online backup (readers and writers carry on; what is
 * in the WAL is included), into `<toDir>/<name>-<UTC timestamp>.sqlite` as one self-contained
 * file (rollback journal mode, no -wal beside it), then checks the copy. A copy that fails the
 * check is deleted and reported.
 */
export async function backupDatabase(args: { source: string; toDir: string; now?: Date }): Promise<{ file: string; bytes: number }> {
  if (!fs.existsSync(args.source)) throw new BackupError(`The database ${args.source} does not exist (DATABASE_URL).`);
  fs.mkdirSync(args.toDir, { recursive: true });
  const file = path.join(args.toDir, backupFileName(args.source, args.now ?? new Date()));
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists.`);
  const partial = `${file}.partial`;
  const source = new SQLite(args.source, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // All pages in one step, from one read snapshot. In small steps (the default: 100 pages),
    // every write by the running portal between two steps restarts the copy: measured on a
    // 26 MB file with a writer every 2 ms, 2,074 steps instead of 65 (and with more writes it
    // may never finish); in one step 0.16 s. WAL lets the portal write meanwhile.
    await source.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`${args.source} is not a readable SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    source.close();
  }
  try {
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    verifyPortalDatabase(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    // A damaged copy can make SQLite throw (SQLITE_CORRUPT) before integrity_check answers.
    throw new BackupError(`The copy does not pass integrity_check: ${error instanceof Error ? error.message : String(error)}`);
  }
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size };
}

function fsyncPath(target: string): void {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Puts a backup in place of `target`. The server must be stopped: the target is refused while
 * any other connection has it open. Steps: copy the backup to a temporary file beside the
 * target and check that copy (integrity, a portal database); make sure nobody uses the target;
 * remove the target's -wal and -shm (they belong to the old file and would corrupt the new
 * one); rename the copy over the target (atomic on one file system) and flush the folder.
 */
export function restoreDatabase(args: { backup: string; target: string }): { target: string; bytes: number } {
  verifyPortalDatabase(args.backup);
  const dir = path.dirname(path.resolve(args.target));
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(args.target)}.restore-${randomBytes(4).toString("hex")}.tmp`);
  try {
    fs.copyFileSync(args.backup, temp);
    fsyncPath(temp);
    verifyPortalDatabase(temp);
    if (fs.existsSync(args.target)) assertNotInUse(args.target);
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(args.target + suffix, { force: true });
    fs.renameSync(temp, args.target);
    fsyncPath(dir);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return { target: args.target, bytes: fs.statSync(args.target).size };
}

/**
 * Leaving WAL mode needs the only connection to the file: if the server (or anything else) has
 * it open this fails at once with SQLITE_BUSY. It also folds a crashed server's WAL into the
 * old file, which is about to be replaced anyway.
 */
function assertNotInUse(target: string): void {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(target, { fileMustExist: true });
    sqlite.pragma("busy_timeout = 0");
    sqlite.pragma("journal_mode = DELETE");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      throw new BackupError(
        `${target} is in use. Stop the portal first (and any other program that has the database open), then restore again.`,
      );
    }
    // A damaged or foreign file at the target does not stop a restore: it is what we replace.
  } finally {
    sqlite?.close();
  }
}
