// npm run loadtest [-- --seconds 30 --url http://host:port] (--help lists them): drives the built portal at
// a constant rate (open loop: requests start on schedule whether or not earlier ones finished,
// so a slow server shows up as latency instead of a lower rate) with a mix of what people do:
// logging in, opening report pages, saving answers, and the ministry's overviews.
// First it searches the capacity: the highest rate whose p99 stays under 300 ms with at most 1 %
// refused. Then it runs at 1x and 2x that rate and prints, per request kind and overall, the
// count, the answers admitted, the refusals (503 from admission control, 429 from a rate limit;
// each must carry Retry-After), the connections dropped, other unexpected answers, and the
// latency of admitted requests (measured from each request's scheduled start).
// Without --url it starts its own server (NODE_ENV=production) on a temporary seeded database,
// with the rate limits raised and admission control as configured by default.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { timeStep, totpCodeAt } from "~/auth/totp.server";
import { DEMO_TOTP_SECRETS } from "../db/seed";
import { createSeededDatabase, RAISED_RATE_LIMITS, startServer, type RunningServer } from "./lib/server";
import { SERVER_BUILD } from "./lib/prepare";

const HELP = `npm run loadtest [-- options]   (or: npx tsx scripts/loadtest.ts [options])

Drives the built portal at a constant rate with a mix of logins, report pages, saves and the
ministry's overviews. Searches the capacity (the highest rate with p99 under 300 ms and at most
1 % refused), then runs at 1x and 2x that rate and prints per request kind the answers admitted, the
503 and 429 refusals, the connections dropped and the latency of admitted requests. Exits 1 when
anything unexpected came back (a refusal without Retry-After, a dropped connection, another 5xx).

Options:
  --seconds N   how long each of the two runs lasts (default 30; each search step lasts 6)
  --rate N      skip the search: one run at N requests per second
  --url URL     an already running portal (needs the demo logins and raised rate limits, see
                RAISED_RATE_LIMITS in scripts/lib/server.ts); without it, the script starts its
                own built server (NODE_ENV=production) on a temporary seeded database
  --help, -h    print this and exit without running
`;
const OPTIONS = new Set(["--seconds", "--rate", "--url"]);
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(HELP);
  process.exit(0);
}
for (let i = 0; i < args.length; i += 2) {
  if (!OPTIONS.has(args[i]!) || args[i + 1] === undefined) {
    process.stderr.write(`Unknown option or missing value: ${args[i]}\n\n${HELP}`);
    process.exit(2);
  }
}
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SECONDS = Number(arg("seconds") ?? 30);
const RATE = arg("rate") === undefined ? undefined : Number(arg("rate"));
const URL_ARG = arg("url");
const SEARCH_SECONDS = 6;
const P99_LIMIT_MS = 300;
const PASSWORD = "demo-mvoi-2025";
const OFFICER = "inkoper@helmond.example";
const MINISTRY = "analist@ienw.example";
const REPORT = "/organisatie/gemeente-helmond/rapportage/2025";
const SECTIONS = ["algemeen", "klimaat", "circulair", "kwalitatief"];

/** An answer: its status, whether it is what an admitted request of its kind should get, and its Retry-After. */
type Answer = { status: number; ok: boolean; retryAfter: string | null };
type Outcome = Answer & { kind: string; ms: number };
type Kind = { name: string; weight: number; run: () => Promise<Answer> };

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.includes("mvoi_sessie"))
    ?.split(";")[0];

async function main() {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0 || (RATE !== undefined && !(Number.isFinite(RATE) && RATE > 0)))
    throw new Error("--seconds and --rate take positive numbers");
  let server: RunningServer | undefined;
  let dir: string | undefined;
  let base = URL_ARG?.replace(/\/$/, "");
  if (!base) {
    if (!fs.existsSync(SERVER_BUILD)) throw new Error("Build first: npm run build (npm run loadtest does this)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-loadtest-"));
    const databaseFile = path.join(dir, "loadtest.sqlite");
    const sessionSecret = randomBytes(32).toString("base64url");
    await createSeededDatabase(databaseFile, { demo: true, sessionSecret });
    server = await startServer({ databaseFile, sessionSecret, env: RAISED_RATE_LIMITS });
    base = server.baseURL;
    console.log(`Own server on ${base} (NODE_ENV=production, demo data in ${databaseFile})`);
  }
  try {
    process.exitCode = await drive(base);
  } finally {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the search and the runs against `base`; answers the exit code (1 when anything unexpected came back). */
async function drive(base: string): Promise<number> {
  const origin = new URL(base).origin;

  const login = async (email: string) => {
    const response = await fetch(`${base}/inloggen`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "" }).toString(),
    });
    await response.arrayBuffer();
    const secret = DEMO_TOTP_SECRETS[email];
    if (response.headers.get("location") !== "/inloggen/code" || !secret)
      return { status: response.status, cookie: cookieOf(response), retryAfter: response.headers.get("Retry-After") };
    // The ministry logs in with a second factor: the code its authenticator app would show.
    const pending = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const code = await fetch(`${base}/inloggen/code`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, Cookie: pending, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "code", code: totpCodeAt(secret, timeStep()) }).toString(),
    });
    await code.arrayBuffer();
    return { status: code.status, cookie: cookieOf(code), retryAfter: code.headers.get("Retry-After") };
  };
  const get = async (url: string, cookie: string) => {
    const response = await fetch(base + url, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: response.status, body: await response.text(), retryAfter: response.headers.get("Retry-After") };
  };

  // Sessions for the page views, and a draft report for the saves (started over HTTP if needed).
  const officer = (await login(OFFICER)).cookie;
  const ministry = (await login(MINISTRY)).cookie;
  if (!officer || !ministry) throw new Error(`Could not log in as ${OFFICER} and ${MINISTRY} (demo logins, password ${PASSWORD})`);
  let section = await get(`${REPORT}/algemeen`, officer);
  if (section.status !== 200) {
    await fetch(base + REPORT, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: officer, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=start",
    });
    section = await get(`${REPORT}/algemeen`, officer);
  }
  const field = /inputMode="numeric"[^>]*name="waarde\.([a-z0-9_]+)"/.exec(section.body)?.[1];
  const lockOf = (html: string) => Number(/name="lockVersion" value="(\d+)"/.exec(html)?.[1]);
  let lockVersion = lockOf(section.body);
  if (section.status !== 200 || !field || !Number.isInteger(lockVersion))
    throw new Error(`No draft report to save at ${REPORT}/algemeen (status ${section.status})`);

  let saves = 0;
  let sectionViews = 0;
  let conflicts = 0;
  const page = (url: string, cookie: string) => async () => {
    const { status, retryAfter } = await get(url, cookie);
    return { status, ok: status === 200, retryAfter };
  };
  const kinds: Kind[] = [
    {
      name: "login",
      weight: 5,
      run: async () => {
        const { status, cookie, retryAfter } = await login(OFFICER);
        return { status, ok: status === 302 && Boolean(cookie), retryAfter };
      },
    },
    { name: "organisation home", weight: 10, run: page("/organisatie/gemeente-helmond", officer) },
    { name: "report overview", weight: 15, run: page(REPORT, officer) },
    { name: "report section", weight: 20, run: () => page(`${REPORT}/${SECTIONS[sectionViews++ % SECTIONS.length]}`, officer)() },
    {
      name: "save answers",
      weight: 15,
      run: async () => {
        const response = await fetch(`${base}${REPORT}/algemeen`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: officer, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            intent: "save",
            lockVersion: String(lockVersion),
            [`staat.${field}`]: "value",
            [`waarde.${field}`]: String(1 + (saves++ % 5)),
          }).toString(),
        });
        const body = await response.text();
        if (response.status === 302) lockVersion++;
        // Another save was in flight: the portal refuses this one (the optimistic lock) and the
        // page it answers with carries the current lock version, as a person would reload.
        if (response.status === 409) {
          conflicts++;
          lockVersion = lockOf(body) || lockVersion;
        }
        return {
          status: response.status,
          ok: response.status === 302 || response.status === 409,
          retryAfter: response.headers.get("Retry-After"),
        };
      },
    },
    { name: "ministry overview", weight: 20, run: page("/ministerie/overzicht?jaar=2024", ministry) },
    { name: "ministry completeness", weight: 15, run: page("/ministerie/volledigheid?jaar=2025", ministry) },
  ];
  const totalWeight = kinds.reduce((s, k) => s + k.weight, 0);
  // A fixed, interleaved schedule: the same mix every run.
  const pick = (i: number) => {
    let x = (i * 37) % totalWeight;
    for (const k of kinds) if ((x -= k.weight) < 0) return k;
    return kinds[0]!;
  };

  /** Sends the mix at `rate` per second for `seconds`. */
  const run = async (rate: number, seconds: number) => {
    conflicts = 0;
    const outcomes: Outcome[] = [];
    const networkErrors: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const total = Math.round(seconds * rate);
    const t0 = performance.now() + 100;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const scheduled = t0 + (i * 1000) / rate;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind = pick(i);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(
        kind
          .run()
          .then(
            (answer) => void outcomes.push({ kind: kind.name, ms: performance.now() - scheduled, ...answer }),
            (error: Error) => {
              networkErrors.push(`${kind.name}: ${error.message}`);
              outcomes.push({ kind: kind.name, ms: performance.now() - scheduled, status: 0, ok: false, retryAfter: null });
            },
          )
          .finally(() => void inFlight--),
      );
    }
    await Promise.all(pending);
    return { outcomes, networkErrors, maxInFlight, elapsed: (performance.now() - t0) / 1000 };
  };

  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
  const refusal = (o: Outcome) => (o.status === 503 || o.status === 429) && o.retryAfter !== null;
  const unexpected = (o: Outcome) => !o.ok && !refusal(o);
  const p99Admitted = (list: Outcome[]) =>
    q(
      list
        .filter((o) => !refusal(o))
        .map((o) => o.ms)
        .sort((a, b) => a - b),
      0.99,
    );

  const report = (label: string, rate: number, result: Awaited<ReturnType<typeof run>>) => {
    const { outcomes, networkErrors, maxInFlight, elapsed } = result;
    const row = (name: string, list: Outcome[]) => {
      const admitted = list.filter((o) => !refusal(o) && o.status !== 0);
      const ms = admitted.map((o) => o.ms).sort((a, b) => a - b);
      return {
        kind: name,
        sent: list.length,
        admitted: admitted.length,
        "503": list.filter((o) => o.status === 503).length,
        "429": list.filter((o) => o.status === 429).length,
        dropped: list.filter((o) => o.status === 0).length,
        unexpected: list.filter(unexpected).length,
        p50_ms: Math.round(q(ms, 0.5)),
        p90_ms: Math.round(q(ms, 0.9)),
        p99_ms: Math.round(q(ms, 0.99)),
        max_ms: Math.round(ms.at(-1) ?? 0),
      };
    };
    console.log(`\n${label}: ${rate} requests/s offered for ${Math.round(outcomes.length / rate)} s`);
    console.table([
      ...kinds.map((k) =>
        row(
          k.name,
          outcomes.filter((o) => o.kind === k.name),
        ),
      ),
      row("overall", outcomes),
    ]);
    const refusals = outcomes.filter(refusal);
    const refusalMs = refusals.map((o) => o.ms).sort((a, b) => a - b);
    console.log(
      `${outcomes.length} requests in ${elapsed.toFixed(1)} s (${(outcomes.length / elapsed).toFixed(1)}/s sent, ` +
        `${((outcomes.length - refusals.length) / elapsed).toFixed(1)}/s admitted), at most ${maxInFlight} in flight; ` +
        `refusals answered within p99 ${Math.round(q(refusalMs, 0.99))} ms, each with Retry-After; ` +
        `saves refused as conflicts (expected, counted as admitted): ${conflicts}; connections dropped: ${networkErrors.length}`,
    );
    const wrong = outcomes.filter(unexpected);
    if (wrong.length) {
      const byStatus = new Map<string, number>();
      for (const o of wrong) {
        const key = `${o.kind} ${o.status || "network"}${(o.status === 503 || o.status === 429) && o.retryAfter === null ? " without Retry-After" : ""}`;
        byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
      }
      console.log("Unexpected answers:", Object.fromEntries(byStatus), networkErrors.slice(0, 3));
    }
    return wrong.length;
  };

  if (RATE !== undefined) {
    console.log(`Load: ${RATE} requests/s for ${SECONDS} s against ${base} ...`);
    return report("One run", RATE, await run(RATE, SECONDS)) ? 1 : 0;
  }

  // The capacity: the highest rate at which the p99 stays under the limit with at most 1 % refused,
  // found by raising the rate step by step (and then halving the step between pass and fail).
  console.log(
    `Searching the capacity against ${base}: steps of ${SEARCH_SECONDS} s, p99 under ${P99_LIMIT_MS} ms, at most 1 % refused ...`,
  );
  const passes = async (rate: number) => {
    const { outcomes } = await run(rate, SEARCH_SECONDS);
    const p99 = p99Admitted(outcomes);
    const refused = outcomes.filter(refusal).length;
    const ok = p99 <= P99_LIMIT_MS && refused <= outcomes.length / 100 && !outcomes.some(unexpected);
    console.log(`  ${String(rate).padStart(4)} requests/s: p99 ${Math.round(p99)} ms, ${refused} refused -> ${ok ? "within" : "beyond"}`);
    await new Promise((r) => setTimeout(r, 1000));
    return ok;
  };
  await run(20, 3); // warm-up
  let low = 0;
  let high = 0;
  for (let rate = 40; rate <= 1000; rate += 40) {
    if (await passes(rate)) low = rate;
    else {
      high = rate;
      break;
    }
  }
  if (low === 0) low = 20;
  while (high && high - low > 10) {
    const middle = Math.round((low + high) / 2);
    if (await passes(middle)) low = middle;
    else high = middle;
  }
  const capacity = low;
  console.log(`Capacity: about ${capacity} requests/s`);
  let wrong = 0;
  wrong += report("1x capacity", capacity, await run(capacity, SECONDS));
  await new Promise((r) => setTimeout(r, 2000));
  wrong += report("2x capacity", 2 * capacity, await run(2 * capacity, SECONDS));
  return wrong ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
