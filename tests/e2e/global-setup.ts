import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createSeededDatabase, QUEUEING_ADMISSION, RAISED_RATE_LIMITS, startServer } from "../../scripts/lib/server";
import type { E2EServer } from "./server";
import { E2E_SERVERS } from "../workers";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Starts the built portal for the end-to-end files: NODE_ENV=production (what ships), on a random
 * port on loopback, once for each file that runs at the same time (E2E_SERVERS), each on its own
 * copy of a fresh SQLite file with the demo data. A running file uses the server of its worker
 * (tests/e2e/server.ts). Vitest runs every project's global set-up before the first group, so the
 * servers start while the unit and integration files run, and idle until the browser files come.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    throw new Error("No build: run `npm run build` first (npm test does this).");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-e2e-"));
  const template = path.join(dir, "template.sqlite");
  // The servers' secret also encrypts the demo logins' TOTP secrets, so it exists before the seed.
  const sessionSecret = randomBytes(32).toString("base64url");
  await createSeededDatabase(template, { demo: true, sessionSecret });

  const starting = await Promise.allSettled(
    Array.from({ length: E2E_SERVERS }, async (_, index) => {
      const databaseFile = path.join(dir, `e2e-${index}.sqlite`);
      fs.copyFileSync(template, databaseFile);
      const mailDir = path.join(dir, `mail-${index}`);
      const serverLogFile = path.join(dir, `server-${index}.log`);
      const server = await startServer({
        databaseFile,
        sessionSecret,
        logFile: serverLogFile,
        env: {
          // All browser tests share 127.0.0.1; the limits themselves are tested in integration.
          ...RAISED_RATE_LIMITS,
          ...QUEUEING_ADMISSION,
          MAIL_CAPTURE_DIR: mailDir,
          // Logged to a file (serverLogFile), so tests can check that no secret ever reaches the log.
          LOG_REQUESTS: "1",
        },
      });
      const info: E2EServer = { baseURL: server.baseURL, databaseFile, mailDir, serverLogFile };
      return { server, info };
    }),
  );
  const started = starting.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = starting.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(started.map((s) => s.server.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
    throw failed.reason;
  }

  project.provide(
    "e2eServers",
    started.map((s) => s.info),
  );
  project.provide("sessionSecret", sessionSecret);

  return async () => {
    await Promise.all(started.map((s) => s.server.stop()));
    if (process.env.E2E_SERVER_LOG) {
      fs.writeFileSync(
        process.env.E2E_SERVER_LOG,
        started.map((s, i) => `== server ${i} ==\n${fs.readFileSync(s.info.serverLogFile, "utf8")}`).join("\n"),
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
