// npm run bench:ab -- --baseline /path/to/other/checkout [--orgs 2000 --years 5 --rounds 10 --seconds 2]
// Two builds of the portal served side by side on the same data (each on its own copy, migrated
// by its own start), their pages loaded in interleaved rounds: per page, the server's CPU time
// per request of each build and the ratio. The other checkout must be built (npm ci && npm run
// build there). A shared machine drifts; interleaving makes a slow minute hit both builds alike.
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createCookie } from "react-router";
import { newTotpSecret } from "~/auth/totp.server";
import { createDb } from "~/database/connection.server";
import { enableMfaWithSecret } from "~/models/mfa.server";
import { createSession } from "~/models/session.server";
import { freePort, SERVER_NODE_FLAGS } from "../lib/server";
import { generateDataset } from "./dataset";

const ROOT = path.resolve(import.meta.dirname, "../..");
const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const BASELINE = option("baseline");
const ORGS = Number(option("orgs") ?? 2000);
const YEARS = Number(option("years") ?? 5);
const ROUNDS = Number(option("rounds") ?? 10);
const SECONDS = Number(option("seconds") ?? 2);

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function serve(root: string, file: string, secret: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "scripts/start.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: file,
      SESSION_SECRET: secret,
      LOG_REQUESTS: "0",
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`${root} did not start`);
}

/**
 * The data were generated at this build's schema: migrations the baseline does not have are
 * undone on its copy (newest first), so the baseline starts on the schema it knows.
 */
async function undoUnknownMigrations(file: string, root: string) {
  const known = new Set(fs.readdirSync(path.join(root, "db/migrations")).map((f) => f.replace(/\.ts$/, "")));
  const db = createDb(file);
  try {
    const executed = (await db
      .selectFrom("kysely_migration" as never)
      .select("name" as never)
      .execute()) as unknown as { name: string }[];
    for (const { name } of executed.filter((m) => !known.has(m.name)).sort((a, b) => b.name.localeCompare(a.name))) {
      const migration = (await import(path.join(ROOT, "db/migrations", `${name}.ts`))) as { down: (db: unknown) => Promise<void> };
      await migration.down(db);
      await db
        .deleteFrom("kysely_migration" as never)
        .where("name" as never, "=", name as never)
        .execute();
      console.log(`  baseline copy: undid ${name}`);
    }
  } finally {
    await db.destroy();
  }
}

/** A session in a copy of the data (for the ministry, with MFA passed): the Cookie header. */
async function sessionCookie(file: string, email: string, secret: string, options: { ministry: boolean }): Promise<string> {
  const db = createDb(file);
  try {
    const userId = (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    if (options.ministry) await enableMfaWithSecret(db, { userId, secret: newTotpSecret(), keys: [secret] }).catch(() => undefined);
    const id = await createSession(db, { userId, ip: "bench", userAgent: "bench", mfaPassed: options.ministry });
    await db
      .updateTable("session")
      .set({ last_seen_at: new Date(Date.now() + 6 * 3600_000).toISOString() })
      .execute();
    const cookie = createCookie("__Host-mvoi_sessie", { httpOnly: true, sameSite: "lax", secure: true, path: "/", secrets: [secret] });
    return (await cookie.serialize(id)).split(";")[0]!;
  } finally {
    await db.destroy();
  }
}

async function main() {
  if (!BASELINE) throw new Error("--baseline <checkout of the other build> is required");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-ab-"));
  const original = path.join(dir, "data.sqlite");
  console.log(`Generating ${ORGS} organisations × ${YEARS} years …`);
  const data = await generateDataset({ file: original, orgs: ORGS, years: YEARS });
  const year = data.years.at(-1)!;
  const secret = randomBytes(32).toString("base64url");
  const builds: { name: string; root: string; url?: string; child?: ChildProcess; cookies?: Record<"ministry" | "officer", string> }[] = [
    { name: "baseline", root: path.resolve(BASELINE) },
    { name: "this build", root: ROOT },
  ];
  for (const b of builds) {
    const file = path.join(dir, `${b.name.replace(/\W/g, "-")}.sqlite`);
    fs.copyFileSync(original, file);
    if (b.name === "baseline") await undoUnknownMigrations(file, b.root);
    ({ url: b.url, child: b.child } = await serve(b.root, file, secret)); // its start migrates its copy
    b.cookies = {
      ministry: await sessionCookie(file, data.ministryEmail, secret, { ministry: true }),
      officer: await sessionCookie(file, data.officerEmail, secret, { ministry: false }),
    };
  }
  // The pages of docs/performance.md: a bare page, the ministry's overview, and an officer's
  // report form and organisation home.
  const pages: Record<string, { path: string; user: "ministry" | "officer" }> = {
    bare: { path: "/toegankelijkheid", user: "ministry" },
    sector_overview: { path: `/ministerie/overzicht?jaar=${year}`, user: "ministry" },
    report_form: { path: `/organisatie/${data.officerSlug}/rapportage/${data.draftYear}/klimaat`, user: "officer" },
    organisation_home: { path: `/organisatie/${data.officerSlug}`, user: "officer" },
  };
  const load = (b: (typeof builds)[number], page: { path: string; user: "ministry" | "officer" }, duration: number) =>
    autocannon({ url: b.url! + page.path, headers: { cookie: b.cookies![page.user] }, connections: 10, duration });
  const cpu: Record<string, Record<string, number[]>> = {};
  const bytes: Record<string, Record<string, number>> = {};
  const rate: Record<string, Record<string, number[]>> = {};
  try {
    for (const b of builds) for (const p of Object.values(pages)) await load(b, p, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [page, p] of Object.entries(pages)) {
        for (const b of round % 2 ? [...builds].reverse() : builds) {
          const before = cpuMs(b.child!.pid!);
          const result = await load(b, p, SECONDS);
          if (result.non2xx || result.errors) throw new Error(`${b.name} ${page}: ${result.non2xx} non-2xx, ${result.errors} errors`);
          ((cpu[page] ??= {})[b.name] ??= []).push((cpuMs(b.child!.pid!) - before) / result.requests.total);
          (bytes[page] ??= {})[b.name] = result.throughput.total / result.requests.total;
          ((rate[page] ??= {})[b.name] ??= []).push(result.requests.total / SECONDS);
        }
      }
    }
  } finally {
    await Promise.all(
      builds.flatMap((b) =>
        b.child && b.child.exitCode === null ? [new Promise((resolve) => (b.child!.once("exit", resolve), b.child!.kill("SIGTERM")))] : [],
      ),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const table = Object.fromEntries(
    Object.entries(cpu).map(([page, byBuild]) => {
      const [a, b] = builds.map((x) => median(byBuild[x.name]!));
      const [ka, kb] = builds.map((x) => (bytes[page]![x.name]! / 1024).toFixed(1));
      const [ra, rb] = builds.map((x) => median(rate[page]![x.name]!).toFixed(0));
      return [
        page,
        {
          "baseline ms CPU/request": a!.toFixed(2),
          "this build": b!.toFixed(2),
          change: `${(((b! - a!) / a!) * 100).toFixed(1)} %`,
          "KB/response": `${ka} → ${kb}`,
          "requests/s": `${ra} → ${rb}`,
        },
      ];
    }),
  );
  console.log(
    `\nA/B at ${ORGS} × ${YEARS}, ${ROUNDS} interleaved rounds of ${SECONDS} s per page and build (median server CPU per request):`,
  );
  console.table(table);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
