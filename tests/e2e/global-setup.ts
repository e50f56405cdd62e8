import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "~/db/connection.server";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseFile: string;
    sessionSecret: string;
    /** Everything the server writes to stdout and stderr, appended as it comes. */
    serverLogFile: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server stopped during start-up:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not answer /healthz within 60 s:\n${log()}`);
}

/**
 * Starts the built portal once for all end-to-end files: NODE_ENV=production (what ships), a
 * fresh SQLite file with the demo data, a random port on loopback.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    throw new Error("No build: run `npm run build` first (npm test does this).");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-e2e-"));
  const databaseFile = path.join(dir, "e2e.sqlite");
  const db = createDb(databaseFile);
  await migrateToLatest(db);
  await seed(db, { demo: true });
  await db.destroy();

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const sessionSecret = randomBytes(32).toString("base64url");
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseFile,
      SESSION_SECRET: sessionSecret,
      // All browser tests share 127.0.0.1; the per-IP limit itself is tested in integration.
      LOGIN_IP_LIMIT_PER_MINUTE: "1000",
      // Logged to a file (serverLogFile), so tests can check that no secret ever reaches the log.
      LOG_REQUESTS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const serverLogFile = path.join(dir, "server.log");
  const log = fs.createWriteStream(serverLogFile);
  const capture = (d: Buffer) => {
    if (output.length < 100_000) output += d;
    log.write(d);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  await waitForHealth(baseURL, child, () => output);

  project.provide("baseURL", baseURL);
  project.provide("databaseFile", databaseFile);
  project.provide("sessionSecret", sessionSecret);
  project.provide("serverLogFile", serverLogFile);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await new Promise((r) => log.end(r));
    if (process.env.E2E_SERVER_LOG) fs.copyFileSync(serverLogFile, process.env.E2E_SERVER_LOG);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
