// npm run restore -- <backup file>: puts a backup in place of DATABASE_URL (default
// data/mvoi.sqlite). Stop the portal first: a database that is in use is refused. The backup is
// checked (integrity, a portal database this version knows) before anything is replaced.
import fs from "node:fs";
import { BackupError, restoreDatabase } from "./lib/backup";

// Like npm start: a .env file fills in what the environment does not set (DATABASE_URL above all).
if (fs.existsSync(".env")) process.loadEnvFile(".env");

const target = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
const backup = process.argv.slice(2).find((a) => !a.startsWith("--"));

try {
  if (!backup) throw new BackupError("Which backup? npm run restore -- data/backups/mvoi-20261128T101500Z.sqlite");
  const { bytes } = restoreDatabase({ backup, target });
  console.log(`Restored ${backup} to ${target} (${(bytes / 1e6).toFixed(1)} MB). Start the portal again (npm start).`);
} catch (error) {
  console.error(error instanceof BackupError ? `Restore refused: ${error.message}` : error);
  process.exitCode = 1;
}
