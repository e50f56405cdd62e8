import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createSeededDatabase, startServer } from "../../scripts/lib/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseFile: string;
    sessionSecret: string;
    /** The server writes its e-mail here as .eml files (MAIL_CAPTURE_DIR). */
    mailDir: string;
    /** Everything the server writes to stdout and stderr, appended as it comes. */
    serverLogFile: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

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
  // The server's secret also encrypts the demo logins' TOTP secrets, so it exists before the seed.
  const sessionSecret = randomBytes(32).toString("base64url");
  await createSeededDatabase(databaseFile, { demo: true, sessionSecret });

  const mailDir = path.join(dir, "mail");
  const serverLogFile = path.join(dir, "server.log");
  const server = await startServer({
    databaseFile,
    sessionSecret,
    logFile: serverLogFile,
    env: {
      // All browser tests share 127.0.0.1; the per-IP limit itself is tested in integration.
      LOGIN_IP_LIMIT_PER_MINUTE: "1000",
      MAIL_CAPTURE_DIR: mailDir,
      // Logged to a file (serverLogFile), so tests can check that no secret ever reaches the log.
      LOG_REQUESTS: "1",
    },
  });

  project.provide("baseURL", server.baseURL);
  project.provide("databaseFile", databaseFile);
  project.provide("sessionSecret", sessionSecret);
  project.provide("mailDir", mailDir);
  project.provide("serverLogFile", serverLogFile);

  return async () => {
    await server.stop();
    if (process.env.E2E_SERVER_LOG) fs.copyFileSync(serverLogFile, process.env.E2E_SERVER_LOG);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
