import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";

export type TableFingerprint = { rows: number; sha256: string };

/**
 * Every table's row count and a SHA-256 of all its rows in primary-key (else rowid) order, read
 * through a fresh connection (so it sees what is committed, including what is still in the WAL).
 */
export function fingerprintDatabase(file: string): Record<string, TableFingerprint> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[];
    const result: Record<string, TableFingerprint> = {};
    for (const { name } of tables) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const pk = (sqlite.pragma(`table_info(${quoted})`) as { name: string; pk: number }[])
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => `"${c.name.replaceAll('"', '""')}"`);
      const rows = sqlite
        .prepare(`select * from ${quoted} order by ${pk.length ? pk.join(", ") : "rowid"}`)
        .raw()
        .all();
      result[name] = { rows: rows.length, sha256: createHash("sha256").update(JSON.stringify(rows)).digest("hex") };
    }
    return result;
  } finally {
    sqlite.close();
  }
}

export function integrityCheck(file: string): string {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("\n");
  } finally {
    sqlite.close();
  }
}
