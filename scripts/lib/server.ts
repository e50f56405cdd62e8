import fs from "node:fs";
// Starting the built portal as a child process on loopback: shared by the end-to-end global
// setup, the reliability tests (which kill and restart their own server) and `npm run loadtest`.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { createDb } from "~/database/connection.server";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed";
import { TEST_TODAY } from "../../db/demo-calendar";
import { ROOT } from "./prepare";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A new SQLite file, migrated and seeded (with the demo logins, plans and reports when `demo`), as
 * the tests and benchmarks use it: seeded at TEST_TODAY unless `today` is given, so their data
 * never depends on the calendar. sessionSecret: the secret the server will run with; it encrypts
 * the demo logins' TOTP secrets.
 */
export async function createSeededDatabase(
  file: string,
  options: { demo: boolean; sessionSecret?: string; today?: string },
): Promise<void> {
  const db = createDb(file);
  try {
    await migrateToLatest(db);
    await seed(db, { demo: options.demo, sessionSecret: options.sessionSecret, today: options.today ?? TEST_TODAY });
  } finally {
    await db.destroy();
  }
}

/**
 * The V8 flags `npm start` runs the server with (package.json). Without a limit V8 let the heap
 * grow to 400-500 MB of mostly garbage under 10 concurrent page renders, although the live data
 * stay around 30 MB; with 256 MB the server stays under 200 MB RSS (docs/performance.md).
 */
/**
 * Rate limits far above what a test or the load test sends (tests post far faster than people do:
 * the forms' hostile-input test sends 1,000 per form from one address). The limits' own test sets
 * low ones (tests/integration/security/rate-limits.ts).
 */
export const RAISED_RATE_LIMITS = {
  LOGIN_IP_LIMIT_PER_MINUTE: "1000000",
  RATE_LIMIT_POSTS_PER_IP_PER_MINUTE: "10000000",
  RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE: "10000000",
  RATE_LIMIT_UPLOADS_PER_SESSION_PER_MINUTE: "10000000",
  RATE_LIMIT_RESETS_PER_EMAIL_PER_HOUR: "10000000",
  RATE_LIMIT_INVITATIONS_PER_EMAIL_PER_HOUR: "10000000",
};

/** Every rate limit off (0): nothing counted, for in-process tests that post tens of thousands of forms. */
export const RATE_LIMITS_OFF = {
  RATE_LIMIT_POSTS_PER_IP_PER_MINUTE: "0",
  RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE: "0",
  RATE_LIMIT_UPLOADS_PER_SESSION_PER_MINUTE: "0",
  RATE_LIMIT_RESETS_PER_EMAIL_PER_HOUR: "0",
  RATE_LIMIT_INVITATIONS_PER_EMAIL_PER_HOUR: "0",
};

/**
 * Admission control that queues instead of refusing: for test servers that are sent bursts on
 * purpose (1,000 racing saves) or by chance (browsers in parallel). The number in progress keeps
 * its default; admission's own tests set low limits (tests/integration/server/admission.test.ts,
 * tests/e2e/reliability/admission.spec.ts).
 */
export const QUEUEING_ADMISSION = {
  ADMISSION_MAX_QUEUE: "100000",
  ADMISSION_MAX_WAIT_MS: "600000",
};

export const SERVER_NODE_FLAGS = ["--max-old-space-size=256"];

export type RunningServer = {
  baseURL: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output: () => string;
  /** SIGTERM and wait for the exit (a graceful stop). */
  stop: () => Promise<void>;
  /** SIGKILL and wait for the exit: a crash, nothing is flushed or closed. */
  kill: () => Promise<void>;
};

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The server stopped during start-up:\n${log()}`);
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
 * Starts the built portal (`scripts/start.mjs`, as `npm start` does) with NODE_ENV=production on loopback and waits
 * until /healthz answers. `port` defaults to a free one; `env` adds or overrides variables.
 */
export async function startServer(options: {
  databaseFile: string;
  sessionSecret: string;
  port?: number;
  env?: Record<string, string>;
  logFile?: string;
  nodeArgs?: string[];
}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const baseURL = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), "scripts/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseFile,
      SESSION_SECRET: options.sessionSecret,
      LOG_REQUESTS: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Everything in a file when asked (tests read it); the first 100 kB also in memory for errors.
  const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: "a" }) : null;
  const capture = (d: Buffer) => {
    if (output.length < 100_000) output += d;
    log?.write(d);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise<void>((resolve) => child.once("exit", () => (log ? log.end(() => resolve()) : resolve())));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitForHealth(baseURL, child, () => output);
  } catch (error) {
    await end("SIGKILL");
    throw error;
  }
  return { baseURL, port, child, output: () => output, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}
