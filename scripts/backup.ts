// npm run backup [-- --to DIR]: an online backup of DATABASE_URL (default data/mvoi.sqlite) into
// DIR (default data/backups/) as <name>-<UTC timestamp>.sqlite, checked with PRAGMA integrity_check.
// Safe while the portal runs. PDF uploads live beside the database in uploads/: copy that folder too.
import fs from "node:fs";
import path from "node:path";
import { BackupError, backupDatabase } from "./lib/backup";

// Like npm start: a .env file fills in what the environment does not set (DATABASE_URL above all).
if (fs.existsSync(".env")) process.loadEnvFile(".env");

const source = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
const i = process.argv.indexOf("--to");
const toDir = i > 0 ? process.argv[i + 1] : path.join(path.dirname(source), "backups");

try {
  if (!toDir) throw new BackupError("--to needs a folder, for example --to /var/backups/mvoi");
  const { file, bytes } = await backupDatabase({ source, toDir });
  console.log(`Backed up ${source} to ${file} (${(bytes / 1e6).toFixed(1)} MB); integrity check ok.`);
} catch (error) {
  console.error(error instanceof BackupError ? `Backup failed: ${error.message}` : error);
  process.exitCode = 1;
}
