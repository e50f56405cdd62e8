// npm run bench [-- --orgs 2000 --years 5]: generates a synthetic dataset, then measures the
// ministry's aggregate queries, server rendering throughput, the JavaScript and CSS each key page
// downloads, the server's peak memory, and the exports. Prints a table and writes JSON.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createCookie } from "react-router";
import { createDb } from "~/database/connection.server";
import {
  aggregateDataStamp,
  computeSectorThemeGrid,
  computeSectorThemeGridInSql,
  organisationHistory,
  organisationsBehind,
  reportCompleteness,
  responseCounts,
  sectorThemeGrid,
  trend,
} from "~/models/aggregates.server";
import { newTotpSecret } from "~/auth/totp.server";
import { enableMfaWithSecret } from "~/models/mfa.server";
import { createSession } from "~/models/session.server";
import { migrateToLatest } from "../../db/migrate";
import { pageCss } from "../lib/page-css";
import { pageJavaScript } from "../lib/page-javascript";
import { startServer } from "../lib/server";
import { describeDataset, generateDataset, keepMissingFigures } from "./dataset";

const ROOT = path.resolve(import.meta.dirname, "../..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ORGS = arg("orgs", 2000);
const YEARS = arg("years", 5);
/** Seconds of load per page, spread over ROUNDS interleaved rounds. */
const DURATION = arg("seconds", 15);
const ROUNDS = arg("rounds", 5);
const RUNS = arg("runs", 20);
const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** --dataset FILE: generate into FILE and keep it, or reuse it when it exists (quick loops). */
const DATASET = option("dataset");
/** --skip queries,pages,exports: leave parts out (quick loops; the JSON then lacks them). */
const SKIP = new Set((option("skip") ?? "").split(",").filter(Boolean));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (n: number) => Math.round(n * 10) / 10;

/** One run, no warm-up: a cold cache. */
async function once(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  const elapsed = ms(performance.now() - t0);
  return { median_ms: elapsed, p95_ms: elapsed };
}

/** How often the first overview is measured in a fresh process. */
const FIRST_RUNS = arg("first-runs", 7);

function firstInFreshProcesses(file: string, year: number) {
  const times: number[] = [];
  for (let i = 0; i < FIRST_RUNS; i++) {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "first-overview.ts"), file, String(year)],
      { cwd: ROOT, encoding: "utf8" },
    );
    times.push((JSON.parse(out.trim().split("\n").at(-1)!) as { ms: number }).ms);
  }
  return { median_ms: ms(quantile(times, 0.5)), p95_ms: ms(quantile(times, 0.95)) };
}

async function time(fn: () => Promise<unknown>, runs = RUNS) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { median_ms: ms(quantile(times, 0.5)), p95_ms: ms(quantile(times, 0.95)) };
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}
/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) throw new Error("Build first: npm run build");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-bench-"));
  const file = DATASET ? path.resolve(DATASET) : path.join(dir, "bench.sqlite");
  const reuse = DATASET !== undefined && fs.existsSync(file);
  console.log(reuse ? `Reusing ${file} …` : `Generating ${ORGS} organisations × ${YEARS} years into ${file} …`);
  const g0 = performance.now();
  if (reuse) {
    // A kept dataset may predate the latest migrations (the queries below run before the server would migrate it).
    const db = createDb(file);
    await migrateToLatest(db);
    await db.destroy();
    await keepMissingFigures(file);
  }
  const data = reuse ? describeDataset(file) : await generateDataset({ file, orgs: ORGS, years: YEARS });
  const generation = {
    seconds: ms((performance.now() - g0) / 1000),
    values: data.values,
    file_mb: Math.round(fs.statSync(file).size / 1e6),
  };
  console.log(`  ${data.values.toLocaleString("nl-NL")} answers in ${generation.seconds} s (${generation.file_mb} MB)`);
  const year = data.years.at(-1)!;

  // 1. Aggregate queries, in this process, on the generated file.
  const db = createDb(file);
  const queries = SKIP.has("queries")
    ? {}
    : {
        completeness: await time(() => reportCompleteness(db, { year })),
        // The first computation in this process (after completeness): every version's figures read
        // from disk (their packed rows, version-figures.server.ts).
        sector_overview_first: await once(() => computeSectorThemeGrid(db, { year, basis: "geaccepteerd" })),
        // The same in FIRST_RUNS fresh processes, each with nothing read or compiled yet (harsher than
        // a started server, which has served other pages first).
        sector_overview_first_fresh_process: firstInFreshProcesses(file, year),
        // Computed every time (what the page pays when the data has just changed): which versions
        // count, live, and their figures added up (immutable, so kept in memory once read).
        sector_overview: await time(() => computeSectorThemeGrid(db, { year, basis: "geaccepteerd" })),
        sector_overview_submitted: await time(() => computeSectorThemeGrid(db, { year, basis: "ingediend" })),
        // The same with every answer joined in SQL (what it cost before; the tests' reference).
        sector_overview_sql_join: await time(() => computeSectorThemeGridInSql(db, { year, basis: "geaccepteerd" })),
        // What the page pays otherwise: the data stamp and a cache hit.
        sector_overview_cached: await time(() => sectorThemeGrid(db, { year, basis: "geaccepteerd" })),
        data_stamp: await time(() => aggregateDataStamp(db)),
        // Computed live every time, as the overview: every year of the question's chain.
        trends: await time(() => trend(db, { code: "klimaat_aanbestedingen", year, basis: "geaccepteerd" })),
        // The letter: the overview's grid and each row's response (counted of expected), live.
        letter: await time(() =>
          Promise.all([computeSectorThemeGrid(db, { year, basis: "geaccepteerd" }), responseCounts(db, { year, basis: "geaccepteerd" })]),
        ),
        // A drill-down: the organisations behind one cell (all sectors, one theme).
        drill_down: await time(() => organisationsBehind(db, { year, basis: "geaccepteerd", section: "klimaat" })),
        organisation_page: await time(() => organisationHistory(db, { organisationId: 1 })),
      };

  // Sessions for the load: a ministry reviewer and an officer.
  const secret = randomBytes(32).toString("base64url");
  const cookie = createCookie("__Host-mvoi_sessie", { httpOnly: true, sameSite: "lax", secure: true, path: "/", secrets: [secret] });
  const userId = async (email: string) =>
    (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  // The ministry's pages need MFA set up and a session that passed it (as after a login with a code).
  const ministryId = await userId(data.ministryEmail);
  if (
    !(await db
      .selectFrom("user_mfa")
      .select("user_id")
      .where("user_id", "=", ministryId)
      .where("confirmed_at", "is not", null)
      .executeTakeFirst())
  ) {
    await enableMfaWithSecret(db, { userId: ministryId, secret: newTotpSecret(), keys: [secret] });
  }
  const ministryCookie = await cookie.serialize(
    await createSession(db, { userId: ministryId, ip: "bench", userAgent: "bench", mfaPassed: true }),
  );
  const officerCookie = await cookie.serialize(
    await createSession(db, { userId: await userId(data.officerEmail), ip: "bench", userAgent: "bench" }),
  );
  // Sessions end after 30 idle minutes; keep these alive for the run.
  await db
    .updateTable("session")
    .set({ last_seen_at: new Date(Date.now() + 6 * 3600_000).toISOString() })
    .execute();
  await db.destroy();
  const header = (c: string) => c.split(";")[0]!;

  // 2. The built server, as in production.
  const running = await startServer({ databaseFile: file, sessionSecret: secret });
  const server = running.child;
  const base = running.baseURL;
  const pages = {
    bare: { path: "/toegankelijkheid", cookie: "" },
    sector_overview: { path: `/ministerie/overzicht?jaar=${year}`, cookie: header(ministryCookie) },
    report_form: { path: `/organisatie/${data.officerSlug}/rapportage/${data.draftYear}/klimaat`, cookie: header(officerCookie) },
    organisation_home: { path: `/organisatie/${data.officerSlug}`, cookie: header(officerCookie) },
  };
  for (const [name, p] of Object.entries(pages)) {
    const status = (await fetch(base + p.path, { headers: { Cookie: p.cookie }, redirect: "manual" })).status;
    if (status !== 200) throw new Error(`${name} answered ${status}`);
  }

  // rps depends on whatever else the machine runs; the server's CPU time per request much less so.
  // A shared machine drifts (the same build measured 2.4 and 4.8 ms CPU per bare page an hour
  // apart), so the pages are measured in interleaved rounds (bare, overview, form, home, bare, …)
  // and each figure is the median over the rounds: a slow minute hits every page alike.
  type Round = { rps: number; p50: number; p99: number; errors: number; cpu: number };
  const rounds: Record<string, Round[]> = {};
  const measured = SKIP.has("pages") ? [] : Object.entries(pages);
  for (const [, p] of measured) await autocannon({ url: base + p.path, headers: { cookie: p.cookie }, connections: 10, duration: 1 }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, p] of measured) {
      const cpu0 = cpuMs(server.pid!);
      const result = await autocannon({
        url: base + p.path,
        headers: { cookie: p.cookie },
        connections: 10,
        duration: Math.max(1, Math.round(DURATION / ROUNDS)),
      });
      const cpu = (cpuMs(server.pid!) - cpu0) / Math.max(1, result.requests.total);
      (rounds[name] ??= []).push({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        cpu,
      });
    }
  }
  const median = (xs: number[]) => quantile(xs, 0.5);
  const throughput: Record<
    string,
    {
      rps: number;
      p50_ms: number;
      p99_ms: number;
      errors: number;
      cpu_ms_per_request: number;
      ratio_to_bare?: number;
      ratio_range?: string;
    }
  > = {};
  for (const [name, rs] of Object.entries(rounds)) {
    throughput[name] = {
      rps: Math.round(median(rs.map((r) => r.rps))),
      p50_ms: median(rs.map((r) => r.p50)),
      p99_ms: median(rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      cpu_ms_per_request: ms(median(rs.map((r) => r.cpu))),
    };
  }
  if (rounds.bare) {
    for (const [name, rs] of Object.entries(rounds)) {
      // The ratio per round (to the bare page of the same round), and the median of those.
      const ratios = rs.map((r, i) => r.rps / rounds.bare![i]!.rps);
      throughput[name]!.ratio_to_bare = Math.round(median(ratios) * 100) / 100;
      throughput[name]!.ratio_range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
    }
  }

  // 3. JavaScript and CSS per page: every script file and stylesheet the HTML names, gzipped
  // (and the CSS raw as well).
  const javascript: Record<string, number> = {};
  const css: Record<string, { gzip_bytes: number; raw_bytes: number }> = {};
  for (const [name, p] of Object.entries(pages)) {
    const html = await (await fetch(base + p.path, { headers: { Cookie: p.cookie } })).text();
    javascript[name] = pageJavaScript(html, path.join(ROOT, "build/client")).gzipBytes;
    const styles = pageCss(html, path.join(ROOT, "build/client"));
    css[name] = { gzip_bytes: styles.gzipBytes, raw_bytes: styles.bytes };
  }

  // 5. Exports: time and the server's memory while streaming the whole raw dataset.
  const exports: Record<string, { seconds: number; mb: number; rss_before_mb: number; rss_peak_during_mb: number }> = {};
  for (const format of SKIP.has("exports") ? [] : ["csv", "xlsx"]) {
    const before = rssMb(server.pid!);
    let peak = before;
    const poll = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 50);
    const t0 = performance.now();
    let bytes = 0;
    for (const y of data.years) {
      const response = await fetch(`${base}/ministerie/export/waarden.${format}?jaar=${y}`, {
        headers: { Cookie: header(ministryCookie) },
      });
      const reader = response.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    }
    clearInterval(poll);
    exports[format] = {
      seconds: ms((performance.now() - t0) / 1000),
      mb: Math.round(bytes / 1e5) / 10,
      rss_before_mb: before,
      rss_peak_during_mb: peak,
    };
  }

  // 4. Peak memory of the server over the whole run.
  const serverPeakRssMb = peakRssMb(server.pid!);
  await running.stop();

  const result = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    scale: { orgs: data.orgs, years: data.years.length },
    generation,
    queries,
    throughput,
    javascript_gzip_bytes: javascript,
    css_bytes: css,
    server_peak_rss_mb: serverPeakRssMb,
    exports,
  };
  const outDir = path.join(ROOT, "bench-results");
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `bench-${data.orgs}x${data.years.length}.json`);
  fs.writeFileSync(out, JSON.stringify(result, null, 2));

  console.log(
    `\nMVOI benchmark: ${data.orgs} organisations × ${data.years.length} years, ${os.cpus().length} cores, Node ${process.version}`,
  );
  console.table(Object.fromEntries(Object.entries(queries).map(([k, v]) => [`query ${k}`, v])));
  console.table(throughput);
  const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
  console.table(
    Object.fromEntries(
      Object.entries(javascript).map(([k, v]) => [
        k,
        { js_gzip_kb: kb(v), css_gzip_kb: kb(css[k]!.gzip_bytes), css_raw_kb: kb(css[k]!.raw_bytes) },
      ]),
    ),
  );
  console.table(exports);
  console.log(`server peak RSS: ${serverPeakRssMb} MB\nwritten to ${path.relative(ROOT, out)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
