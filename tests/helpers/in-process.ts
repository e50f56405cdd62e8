import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { RAISED_RATE_LIMITS, RATE_LIMITS_OFF } from "../../scripts/lib/server";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The built portal (build/server/index.js) served in this process: a fetch-like function that
 * hands a Request straight to React Router's request handler, without HTTP and without the
 * Express layer in front of it (security headers, the CSRF check by Origin, body limits, 415 for
 * other bodies: tests/e2e/security keeps specs of its own for those). For tests that send many
 * requests: the forms' hostile-input test sends 37,000.
 *
 * The build opens DATABASE_URL once per process (app/database/instance.server.ts), so a process serves one
 * database: the environment is set here, before the build is loaded.
 */
export async function serveInProcess(args: {
  databaseFile: string;
  sessionSecret: string;
  env?: Record<string, string>;
  buildFile?: string;
}) {
  const buildFile = args.buildFile ?? path.join(ROOT, "build/server/index.js");
  if (!fs.existsSync(buildFile)) throw new Error(`No build at ${buildFile}: run \`npm run build\` first (npm test does).`);
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: args.databaseFile,
    SESSION_SECRET: args.sessionSecret,
    LOG_REQUESTS: "0",
    // Tests post far faster than people do (the forms' hostile-input test: 1,000 per form from one
    // address): the rate limits are off here, so these 37,000 posts write no counts (the e2e
    // servers and the load test count, with raised limits); the rate limits' own test sets low
    // ones (tests/integration/security/rate-limits.ts).
    ...RAISED_RATE_LIMITS,
    ...RATE_LIMITS_OFF,
    ...args.env,
  });
  // React Router as the build imports it: one instance, since the router checks the context's class.
  const rr = await import("react-router");
  const mod = await import(/* @vite-ignore */ pathToFileURL(buildFile).href);
  // The build's entry (app/server/portal.server.ts) exports React Router's server build and the
  // request-info context key its routes read. (A build from before that entry, as the figures
  // harness can load through MVOI_FIGURES_BUILD, is the server build itself and kept its keys on
  // globalThis.)
  const build = mod.build ?? mod;
  const requestInfo = mod.requestInfoContext ?? (globalThis as Record<symbol, unknown>)[Symbol.for("mvoi.context.requestInfo")];
  if (!requestInfo) throw new Error(`The build at ${buildFile} exports no request-info context key`);
  const handler = rr.createRequestHandler(build, "production");
  const origin = "https://mvoi.test";
  return {
    origin,
    /** Sends a request as the browser at `ip` (the address the rate limits count) would. */
    async fetch(pathAndQuery: string, init: RequestInit = {}, ip = "127.0.0.1"): Promise<Response> {
      const context = new rr.RouterContextProvider();
      context.set(requestInfo as never, { ip, nonce: "in-process" } as never);
      return handler(new Request(origin + pathAndQuery, init), context);
    },
    /** Tells `observer` the SQL of every statement the portal runs, until the returned function is called. */
    observeQueries: mod.observeQueries as ((observer: (sql: string) => void) => () => void) | undefined,
    /** Resolves once the work requests handed over for after their answer is done. */
    drainAfterResponse: mod.drainAfterResponse as (() => Promise<void>) | undefined,
  };
}

/**
 * A fresh demo database (seeded with demo data and logins) in a directory of its own, the built
 * portal served on it in this process, and a connection to it; `cleanup` closes and removes all.
 */
export async function serveDemoInProcess(tag: string, env?: Record<string, string>) {
  const [{ createSeededDatabase }, { createDb }, os, { randomBytes }] = await Promise.all([
    import("../../scripts/lib/server"),
    import("~/database/connection.server"),
    import("node:os"),
    import("node:crypto"),
  ]);
  const dir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), `mvoi-${tag}-`));
  const databaseFile = path.join(dir, `${tag}.sqlite`);
  const sessionSecret = randomBytes(32).toString("base64url");
  // The seed refuses demo logins in production; the portal is served with NODE_ENV=production.
  process.env.NODE_ENV = "test";
  await createSeededDatabase(databaseFile, { demo: true, sessionSecret });
  const portal = await serveInProcess({ databaseFile, sessionSecret, env });
  const db = createDb(databaseFile);
  return {
    portal,
    db,
    async cleanup() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a page shows in <main>, without the per-request nonce (for comparing a page before and after a change). */
export async function mainOf(response: Response): Promise<string> {
  if (response.status !== 200) throw new Error(`expected a page, got ${response.status}`);
  const main = /<main[\s\S]*<\/main>/.exec(await response.text())?.[0];
  if (!main) throw new Error("no <main> in the page");
  return main.replace(/ nonce="[^"]*"/g, "");
}

/** The words of a piece of HTML, as a reader sees them: tags dropped, the usual entities read, white space as one space. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
