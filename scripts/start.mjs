// Starts the portal (npm start): prepares it (build if needed, migrate, seed an empty database) in a
// short-lived tsx process, then serves the server build (build/server/index.js, whose entry is
// app/server/portal.server.ts) in this process, which never loads tsx: tsx's module hooks run in a
// loader thread with a heap of its own (about 90 MB of resident memory). Plain JavaScript, so that
// it runs without tsx. NODE_ENV must be settled before React is imported (see ../shared/STACK.md).
// The V8 heap limit is on the command line in package.json (see SERVER_NODE_FLAGS in lib/server.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
// A .env file (see .env.example) fills in what the environment does not set.
if (fs.existsSync(".env")) process.loadEnvFile(".env");
process.env.NODE_ENV ??= "development";

const prepared = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/prepare-start.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: process.env,
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

// In development the preparation generated a SESSION_SECRET next to the database (lib/prepare.ts).
if (!process.env.SESSION_SECRET && process.env.NODE_ENV !== "production") {
  const dir = path.dirname(path.resolve(ROOT, process.env.DATABASE_URL ?? "data/mvoi.sqlite"));
  process.env.SESSION_SECRET = fs.readFileSync(path.join(dir, ".session-secret"), "utf8").trim();
}
try {
  const { serve } = await import(pathToFileURL(path.join(ROOT, "build/server/index.js")).href);
  serve({ clientDir: path.join(ROOT, "build/client") });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
