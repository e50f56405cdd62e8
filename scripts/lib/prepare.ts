import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createDb } from "~/database/connection.server";
import { keepMissingVersionFigures } from "~/models/version-figures.server";
import { todayInNL } from "~/utils/time";
import { migrateToLatest } from "../../db/migrate";
import { isEmpty, seed } from "../../db/seed";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const SERVER_BUILD = path.join(ROOT, "build/server/index.js");
export const CLIENT_DIR = path.join(ROOT, "build/client");

/** In development a missing SESSION_SECRET is generated once and kept next to the database. */
export function ensureDevelopmentSecret(): void {
  if (process.env.SESSION_SECRET || process.env.NODE_ENV === "production") return;
  const dir = path.dirname(path.resolve(ROOT, process.env.DATABASE_URL ?? "data/mvoi.sqlite"));
  const file = path.join(dir, ".session-secret");
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.SESSION_SECRET = fs.readFileSync(file, "utf8").trim();
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Builds when there is no build, or (outside production) when app/ changed after the last build. */
export function ensureBuild(): void {
  const exists = fs.existsSync(SERVER_BUILD);
  if (exists && process.env.NODE_ENV === "production") return;
  if (exists) {
    const sources = ["app", "public", "vite.config.ts", "react-router.config.ts", "package-lock.json"]
      .map((p) => path.join(ROOT, p))
      .filter((p) => fs.existsSync(p));
    if (Math.max(...sources.map(newestMtime)) <= fs.statSync(SERVER_BUILD).mtimeMs) return;
    console.log("The app changed since the last build: building again...");
  } else {
    console.log("No build yet: building the portal (about 5 seconds)...");
  }
  const result = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], {
    cwd: ROOT,
    stdio: "inherit",
    // Always a production build of the browser code, whatever NODE_ENV the server runs with.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The build failed (see above).");
}

/** Migrates to the latest schema; seeds organisations, years and (outside production) demo users when empty. */
export async function prepareDatabase(file: string): Promise<{ migrated: string[]; seeded: boolean }> {
  const db = createDb(file);
  try {
    const migrated = await migrateToLatest(db);
    let seeded = false;
    if (await isEmpty(db)) {
      await seed(db, { demo: process.env.NODE_ENV !== "production", today: todayInNL() });
      seeded = true;
    }
    // Figures of submitted versions kept packed for the overview's first read (reads never write).
    const kept = await keepMissingVersionFigures(db);
    if (kept > 0) console.log(`Kept the figures of ${kept} submitted report versions for the overviews.`);
    return { migrated, seeded };
  } finally {
    await db.destroy();
  }
}
