import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import fc from "fast-check";
import { serveInProcess } from "./in-process";
import type { AnswerState, OrganisationKind, PlanStatus, Sector, ThemeCode } from "~/database/types";

/**
 * Random worlds for the figures' reconciliation test (tests/integration/figures): up to 15
 * organisations in a few sectors, umbrellas (koepelorganisaties) with members signed via them,
 * late and inactive signatories, extensions (some granted only after a late first submission),
 * and per organisation and reporting year a report that went through a random walk of the review
 * flow (submitted, accepted, returned and revised, reopened by the ministry), with answers
 * (values, unknown, not applicable) that change between versions.
 *
 * A world is written with plain SQL in one transaction, after the previous world's rows are
 * deleted (the models would cost far more than a world's budget); the rows are the ones the
 * models write (report.server.ts: startReport, saveAnswers, submitReport, reviewReport,
 * reviseReport; reporting-year.server.ts: grantExtension): version numbers, statuses, lock
 * versions, submitted_at/reviewed_at, the late flag against the due date in force at submission,
 * a new version's answers copied from the one before it, and a submitted version complete (every
 * question but the text ones answered) with no part above its whole, as submitReport demands.
 */

export const YEARS = [2023, 2024, 2025] as const;
export type Year = (typeof YEARS)[number];
export const SECTORS = ["rijksoverheid", "provincies", "gemeenten", "waterschappen", "overig"] as const satisfies readonly Sector[];
export const THEMES = ["milieu", "klimaat", "circulair", "keten", "diversiteit", "social-return"] as const satisfies readonly ThemeCode[];
export type Theme = (typeof THEMES)[number];
export const questionPrefix = (theme: Theme) => (theme === "social-return" ? "sr" : theme);

const KINDS_OF: Record<Sector, OrganisationKind[]> = {
  rijksoverheid: ["ministerie", "uitvoeringsorganisatie"],
  provincies: ["provincie"],
  gemeenten: ["gemeente"],
  waterschappen: ["waterschap"],
  overig: ["overig"],
};

// Answers ------------------------------------------------------------------------------------

export type AnswerSpec = { state: "value"; number?: number; text?: string } | { state: "unknown" } | { state: "not_applicable" };

/** What a version holds, by a key that does not depend on the year (codeFor maps it). */
export type Answers = Record<string, AnswerSpec>;

/**
 * The questions a world answers: the totals, per theme the tenders, value and step (the figures)
 * and a few that must not count in them (the parts of a theme's tenders, the ISV questions, text).
 */
const THEME_KEYS = ["a", "w", "s", "min", "toel"] as const;
const KETEN_KEYS = ["risk", "isv"] as const;
export const ANSWER_KEYS = [
  "T",
  "V",
  "plan",
  ...THEMES.flatMap((t) => THEME_KEYS.map((k) => `${t}:${k}`)),
  ...KETEN_KEYS.map((k) => `keten:${k}`),
];

/** The catalogue code of a key in a year: the tenders' total is counted in lots from 2025 (db/catalogue.ts). */
export function codeFor(key: string, year: number): string {
  if (key === "T") return year >= 2025 ? "percelen_totaal" : "aanbestedingen_totaal";
  if (key === "V") return "contractwaarde_totaal";
  if (key === "plan") return "plan_vastgesteld";
  const [theme, k] = key.split(":") as [Theme, string];
  const p = questionPrefix(theme);
  switch (k) {
    case "a":
      return `${p}_aanbestedingen`;
    case "w":
      return `${p}_waarde`;
    case "s":
      return `${p}_stap`;
    case "min":
      return `${p}_minimumeis`;
    case "toel":
      return `${p}_toelichting`;
    case "risk":
      return "keten_risico_aanbestedingen";
    case "isv":
      return "keten_isv_voorwaarden";
  }
  throw new Error(`unknown answer key ${key}`);
}

const count = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 25_000 }) },
);
// Euro amounts are whole euros (the report form accepts no cents, nor more than 10^13).
const euro = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 40_000_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 999 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000 }).map((n) => n * 10_000_000) },
);
const step = fc.integer({ min: 1, max: 5 });
const text = fc.constantFrom("Goed bezig", 'Met "aanhalingstekens"; en een puntkomma', "Twee\nregels", "Fryslân: één, twee");

const answerOf = (value: fc.Arbitrary<AnswerSpec>): fc.Arbitrary<AnswerSpec | null> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 7, arbitrary: value },
    { weight: 1, arbitrary: fc.constant({ state: "unknown" } as const) },
    { weight: 1, arbitrary: fc.constant({ state: "not_applicable" } as const) },
  );

function valueArbFor(key: string): fc.Arbitrary<AnswerSpec> {
  const k = key.split(":")[1] ?? key;
  if (key === "plan") return fc.constantFrom("ja", "nee", "in_voorbereiding").map((t) => ({ state: "value" as const, text: t }));
  if (k === "toel") return text.map((t) => ({ state: "value" as const, text: t }));
  if (k === "s") return step.map((n) => ({ state: "value" as const, number: n }));
  if (k === "w" || key === "V") return euro.map((n) => ({ state: "value" as const, number: n }));
  return count.map((n) => ({ state: "value" as const, number: n }));
}

/** The answers of a first version (keys of themes the world leaves empty are dropped when it is written). */
const answersArb: fc.Arbitrary<Answers> = fc
  .tuple(...ANSWER_KEYS.map((k) => answerOf(valueArbFor(k))))
  .map((values): Answers => Object.fromEntries(ANSWER_KEYS.flatMap((k, i) => (values[i] ? [[k, values[i]]] : []))));

/** A change to one answer in a later version (null: the answer is removed). */
export type Edit = { key: string; answer: AnswerSpec | null };
const editArb: fc.Arbitrary<Edit> = fc.oneof(...ANSWER_KEYS.map((key) => answerOf(valueArbFor(key)).map((answer) => ({ key, answer }))));

// Reports ------------------------------------------------------------------------------------

/**
 * A report: `steps` moves of the review flow from the first draft (draft -> submitted -> accepted
 * or returned; returned -> a revised draft; accepted -> reopened by the ministry, a new draft),
 * where `accept[i]` decides a review. Each new version copies the answers and applies `edits`.
 * The first submission is `submitDay` days after the due date at `submitMinute` (UTC), later
 * events follow `gapHours` apart.
 */
export type ReportSpec = {
  steps: number;
  accept: boolean[];
  first: Answers;
  edits: Edit[][];
  submitDay: number;
  submitMinute: number;
  gapHours: number[];
  /** Seeds the answers a version gets to be complete before it is submitted. */
  fill: number;
};

const MAX_STEPS = 8;
const reportArb: fc.Arbitrary<ReportSpec> = fc.record({
  steps: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: MAX_STEPS })),
  accept: fc.array(fc.boolean(), { minLength: MAX_STEPS, maxLength: MAX_STEPS }),
  first: answersArb,
  edits: fc.array(fc.array(editArb, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
  // Around the due date, often on it: the Dutch calendar day decides lateness, not the UTC one.
  submitDay: fc.oneof(fc.constantFrom(-1, 0, 0, 1), fc.integer({ min: -60, max: 60 })),
  submitMinute: fc.oneof(fc.integer({ min: 21 * 60, max: 24 * 60 - 1 }), fc.integer({ min: 0, max: 24 * 60 - 1 })),
  // At most 20 days apart: every event of a 2025 report lies before December 2026 (no timestamps in the future).
  gapHours: fc.array(fc.integer({ min: 1, max: 24 * 20 }), { minLength: MAX_STEPS, maxLength: MAX_STEPS }),
  fill: fc.nat(),
});

// Organisations ------------------------------------------------------------------------------

/**
 * An extension of the due date: days after the year's due date, or one that has not passed yet.
 * `late`: granted only after the report was first submitted (so the late mark set at that
 * submission went by the year's own due date, while lateness now goes by the extension).
 */
export type ExtensionSpec = null | { days: number; late: boolean } | "future";

/**
 * An organisation. `sector` picks from the world's sectors, `via` from its umbrellas (so that
 * removing an organisation, when fast-check shrinks a world, leaves a valid world).
 */
export type OrganisationSpec = {
  sector: number;
  kind: number;
  via: number | null;
  signedAt: string | null;
  active: boolean;
  reports: (ReportSpec | null)[];
  extensions: ExtensionSpec[];
  /** Marks the organisation whose ministry pages (its own, one of its reports) are checked: the first marked one that submitted a report. */
  inspect: boolean;
};

export type WorldSpec = {
  /**
   * Whether a version is complete when it is submitted, as submitReport demands (every question
   * but the text ones answered: a value, unknown or not applicable). Some worlds are not: their
   * counted versions miss answers, as versions submitted before the catalogue gained a question do.
   */
  complete: boolean;
  /** The first `umbrellas` organisations are umbrellas (kind koepelorganisatie). */
  umbrellas: number;
  /** The sectors the organisations are in (few, so that small and empty rows are common). */
  sectors: readonly Sector[];
  organisations: OrganisationSpec[];
  /** The themes with answers; the others get none (or, in complete versions, only unknown and not applicable). */
  themes: readonly Theme[];
  /** Sampled per world: three trend questions and three drill-down cells. */
  trends: string[];
  drills: { year: Year; theme: Theme; row: string }[];
  /** Two numbers of the completeness table (focus year) whose links are followed. */
  lists: { row: string; column: "expected" | "none" | "draft" | "submitted" | "accepted" | "returned" }[];
  /** The year whose pages are rendered; with the basis, whose letter is also read without small numbers and whose XLSX exports are read. */
  focus: { year: Year; basis: "geaccepteerd" | "ingediend" };
};

/** An organisation as written: its sector and kind, whether it is an umbrella, which organisation it is signed via. */
export type ResolvedOrganisation = OrganisationSpec & {
  index: number;
  umbrella: boolean;
  sectorCode: Sector;
  kindCode: OrganisationKind;
  viaIndex: number | null;
};

export function organisationsOf(spec: WorldSpec): ResolvedOrganisation[] {
  const umbrellas = Math.min(spec.umbrellas, spec.organisations.length);
  return spec.organisations.map((o, index) => {
    const umbrella = index < umbrellas;
    const sectorCode = spec.sectors[o.sector % spec.sectors.length]!;
    const kinds = KINDS_OF[sectorCode];
    return {
      ...o,
      index,
      umbrella,
      sectorCode,
      kindCode: umbrella ? "koepelorganisatie" : kinds[o.kind % kinds.length]!,
      // Umbrellas are signed by themselves; a member is signed via one of the umbrellas.
      viaIndex: umbrella || umbrellas === 0 || o.via === null ? null : o.via % umbrellas,
    };
  });
}

const SIGNED_AT = fc.oneof(
  { weight: 5, arbitrary: fc.constant("2022-11-24") },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant("2023-06-08") },
  { weight: 1, arbitrary: fc.constant("2023-12-31") },
  { weight: 1, arbitrary: fc.constant("2024-01-01") },
  { weight: 1, arbitrary: fc.constant("2024-05-14") },
  { weight: 1, arbitrary: fc.constant("2025-03-01") },
  { weight: 1, arbitrary: fc.constant("2025-12-31") },
  { weight: 1, arbitrary: fc.constant("2026-01-01") },
);

const EXTENSION: fc.Arbitrary<ExtensionSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.record({ days: fc.integer({ min: 1, max: 60 }), late: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant("future" as const) },
);

/** Questions of 2025 with aggregation 'sum' and a count or euro unit, for the trends page. */
export const TREND_QUESTIONS = [
  "percelen_totaal",
  "contractwaarde_totaal",
  ...THEMES.flatMap((t) => [`${questionPrefix(t)}_aanbestedingen`, `${questionPrefix(t)}_waarde`]),
  "keten_isv_voorwaarden",
];

const ROWS_FOR_DRILL = [...SECTORS, "koepel", "all"];
const COLUMNS = ["expected", "none", "draft", "submitted", "accepted", "returned"] as const;

const organisationArb: fc.Arbitrary<OrganisationSpec> = fc.record({
  sector: fc.nat(),
  kind: fc.nat(),
  via: fc.option(fc.nat(), { freq: 2 }),
  signedAt: SIGNED_AT,
  active: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  reports: fc.tuple(...YEARS.map(() => fc.option(reportArb, { freq: 4 }))),
  extensions: fc.tuple(...YEARS.map(() => EXTENSION)),
  inspect: fc.boolean(),
});

export const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  complete: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  umbrellas: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
  sectors: fc.subarray<Sector>([...SECTORS], { minLength: 1 }),
  organisations: fc.array(organisationArb, { minLength: 1, maxLength: 15 }),
  themes: fc.oneof({ weight: 3, arbitrary: fc.constant<Theme[]>([...THEMES]) }, { weight: 2, arbitrary: fc.subarray<Theme>([...THEMES]) }),
  trends: fc.uniqueArray(fc.constantFrom(...TREND_QUESTIONS), { minLength: 3, maxLength: 3 }),
  drills: fc.array(
    fc.record({ year: fc.constantFrom(...YEARS), theme: fc.constantFrom(...THEMES), row: fc.constantFrom(...ROWS_FOR_DRILL) }),
    { minLength: 3, maxLength: 3 },
  ),
  lists: fc.array(fc.record({ row: fc.constantFrom(...ROWS_FOR_DRILL), column: fc.constantFrom(...COLUMNS) }), {
    minLength: 2,
    maxLength: 2,
  }),
  focus: fc.record({ year: fc.constantFrom(...YEARS), basis: fc.constantFrom("geaccepteerd" as const, "ingediend" as const) }),
});

/** A world in a few lines: per organisation its row, signing, and per year its report's walk and extension. */
export function describeWorld(spec: WorldSpec): string {
  const lines = organisationsOf(spec).map((o) => {
    const who = `${String(o.index + 1).padStart(2, "0")} ${o.umbrella ? `koepel (${o.sectorCode})` : o.sectorCode}${o.viaIndex !== null ? ` via ${String(o.viaIndex + 1).padStart(2, "0")}` : ""}, getekend ${o.signedAt ?? "onbekend"}${o.active ? "" : ", inactief"}`;
    const years = YEARS.map((year, y) => {
      const r = o.reports[y];
      const ext = o.extensions[y];
      const extension =
        ext === null || ext === undefined
          ? ""
          : ext === "future"
            ? " (uitstel tot 2099)"
            : ` (uitstel +${ext.days} d${ext.late ? ", na indienen verleend" : ""})`;
      if (!r) return `${year}: geen${extension}`;
      const moves = walk(r, `${year + 1}-04-01`).moves.map((m) => m.kind);
      return `${year}: ${moves.length ? moves.join(">") : "concept"}${extension}`;
    });
    return `  ${who}; ${years.join("; ")}`;
  });
  return [
    `${spec.organisations.length} organisaties, thema's ${spec.themes.join(",") || "geen"}, ${spec.complete ? "volledige" : "onvolledige"} versies, focus ${spec.focus.year}/${spec.focus.basis}`,
    ...lines,
  ].join("\n");
}

// The database --------------------------------------------------------------------------------

export const ROOT = path.resolve(import.meta.dirname, "../..");

export type Harness = {
  sqlite: SQLite.Database;
  file: string;
  reviewerId: number;
  editorId: number;
  /** GET as the ministry reviewer, through the built server's request handler in this process (no HTTP); the body is read in full. */
  get: (pathAndQuery: string) => Promise<Response>;
  close: () => Promise<void>;
};

/**
 * A migrated database with the reporting years and catalogues (no demo organisations), the built
 * server (`npm run build`) loaded in this process on it with NODE_ENV=production (as it ships),
 * and a ministry reviewer with a session that passed the second factor.
 */
export async function startHarness(): Promise<Harness> {
  const buildFile = process.env.MVOI_FIGURES_BUILD ?? path.join(ROOT, "build/server/index.js");
  if (!fs.existsSync(buildFile)) throw new Error(`No build at ${buildFile}: run \`npm run build\` first.`);
  const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, "mvoi-figures-"));
  const file = path.join(dir, "figures.sqlite");
  const secret = randomBytes(32).toString("base64url");
  // Before anything loads React (the seed below imports models): the production build of React,
  // as the production server build expects. The build's own getDb() opens DATABASE_URL.
  const settings = { NODE_ENV: "production", DATABASE_URL: file, SESSION_SECRET: secret, LOG_REQUESTS: "0" };
  const before = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);

  // Migrate, and seed the reporting years and catalogues, with the repository's own code.
  const { createDb } = await import("~/database/connection.server");
  const { migrateToLatest } = await import("../../db/migrate");
  const { seedReportingYears, seedCatalogues } = await import("../../db/seed");
  const { TEST_TODAY } = await import("../../db/demo-calendar");
  const db = createDb(file);
  await migrateToLatest(db);
  await seedReportingYears(db, TEST_TODAY);
  await seedCatalogues(db, TEST_TODAY);
  await db.destroy();

  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");

  const now = new Date().toISOString();
  const user = sqlite.prepare("insert into user (email, name, password_hash, created_at) values (?, ?, null, ?) returning id");
  const reviewerId = (user.get("analist@figures.example", "Analist", now) as { id: number }).id;
  const editorId = (user.get("inkoper@figures.example", "Inkoper", now) as { id: number }).id;
  // The ministry is an organisation too; signed far ahead, so it is in no year's figures.
  const ministry = sqlite
    .prepare(
      "insert into organisation (slug, name, kind, sector, signed_at, created_at, updated_at) values ('ministerie-figures', 'Ministerie (figuren-test)', 'ministerie', 'rijksoverheid', '2099-01-01', ?, ?) returning id",
    )
    .get(now, now) as { id: number };
  sqlite
    .prepare("insert into membership (user_id, organisation_id, role, created_at) values (?, ?, 'reviewer', ?)")
    .run(reviewerId, ministry.id, now);
  // MFA on (the secret is never read by the pages under test) and a session that passed it, as a login with a code makes.
  sqlite
    .prepare("insert into user_mfa (user_id, secret_enc, created_at, confirmed_at) values (?, 'not-used', ?, ?)")
    .run(reviewerId, now, now);
  const sessionId = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + 12 * 3600_000).toISOString();
  sqlite
    .prepare(
      "insert into session (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_passed_at) values (?, ?, ?, ?, ?, 'test', 'test', ?)",
    )
    .run(createHash("sha256").update(sessionId).digest("hex"), reviewerId, now, now, expires, now);

  // The built portal served in this process (tests/helpers/in-process.ts), and the session cookie
  // as the production server signs it (app/flows/session.server.ts).
  const portal = await serveInProcess({ databaseFile: file, sessionSecret: secret, buildFile, env: settings });
  const rr = await import("react-router");
  const cookie = (await rr.createCookie("__Host-mvoi_sessie", { secrets: [secret] }).serialize(sessionId)).split(";")[0]!;

  const request = async (pathAndQuery: string) => {
    const response = await portal.fetch(pathAndQuery, { headers: { Cookie: cookie } });
    return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
  };
  // A world's requests are in flight together, as a server's are; FIGURES_SERIAL=1 sends them one
  // at a time (to tell a bug of concurrent requests from any other).
  let last: Promise<unknown> = Promise.resolve();
  const get =
    process.env.FIGURES_SERIAL === "1"
      ? (pathAndQuery: string) =>
          (last = last.then(
            () => request(pathAndQuery),
            () => request(pathAndQuery),
          ))
      : request;

  return {
    sqlite,
    file,
    reviewerId,
    editorId,
    get,
    close: async () => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

// Writing a world -----------------------------------------------------------------------------

const DAY = 86_400_000;
const FUTURE_DUE = "2099-06-30";

type WrittenOrganisation = { id: number; name: string; spec: ResolvedOrganisation; umbrella: boolean };
export type WrittenWorld = { index: number; organisations: WrittenOrganisation[] };
type CatalogueQuestion = { id: number; year: number; code: string; section: string; unit: string; part_of_code: string | null };

let worldCount = 0;

/** Removes the previous world's rows (organisations, reports, answers, extensions): each world starts empty. */
/**
 * The portal keeps the figures of submitted versions in memory by version id (they never change),
 * and SQLite gives a new row the largest id plus one: deleting a world would hand its version ids
 * to the next world, whose figures the portal would then take from memory. A sentinel version (a
 * draft of an inactive organisation, never counted) is moved up to the largest id before each
 * clearing, so ids are never used twice.
 */
function keepVersionIdsUnique(sqlite: SQLite.Database) {
  const max = (sqlite.prepare("select max(id) as m from report_version").get() as { m: number | null }).m ?? 0;
  let sentinel = sqlite
    .prepare(
      "select v.id from report_version v join report r on r.id = v.report_id join organisation o on o.id = r.organisation_id where o.slug = 'figures-sentinel'",
    )
    .get() as { id: number } | undefined;
  if (!sentinel) {
    const now = new Date().toISOString();
    const org = sqlite
      .prepare(
        "insert into organisation (slug, name, kind, sector, signed_at, active, created_at, updated_at) values ('figures-sentinel', 'Figuren-test (reserve)', 'overig', 'overig', '2099-01-01', 0, ?, ?) returning id",
      )
      .get(now, now) as { id: number };
    const report = sqlite
      .prepare("insert into report (organisation_id, year, created_at) values (?, 2023, ?) returning id")
      .get(org.id, now) as { id: number };
    sentinel = sqlite
      .prepare("insert into report_version (report_id, number, status, created_at, updated_at) values (?, 1, 'draft', ?, ?) returning id")
      .get(report.id, now, now) as { id: number };
  }
  if (max > sentinel.id) sqlite.prepare("update report_version set id = ? where id = ?").run(max + 1, sentinel.id);
}

function clearWorld(sqlite: SQLite.Database) {
  keepVersionIdsUnique(sqlite);
  sqlite.exec(`
    delete from report_value where version_id in (select v.id from report_version v join report r on r.id = v.report_id join organisation o on o.id = r.organisation_id where o.slug like 'w-%');
    delete from report_version where report_id in (select r.id from report r join organisation o on o.id = r.organisation_id where o.slug like 'w-%');
    delete from report where organisation_id in (select id from organisation where slug like 'w-%');
    delete from deadline_extension where organisation_id in (select id from organisation where slug like 'w-%');
    update organisation set signed_via_id = null where slug like 'w-%';
    delete from organisation where slug like 'w-%';
  `);
}

/** A small seeded generator (mulberry32): the answers that complete a version follow from the spec. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The moves of a report's walk through the review flow, and which version each applies to. */
type Move = { kind: "submit" | "accept" | "return" | "revise" | "reopen"; at: number };

function walk(r: ReportSpec, yearDue: string): { moves: Move[]; versions: number } {
  let t = Date.parse(`${yearDue}T00:00:00Z`) + r.submitDay * DAY + r.submitMinute * 60_000;
  let status: PlanStatus = "draft";
  let versions = 1;
  const moves: Move[] = [];
  for (let i = 0; i < r.steps; i++) {
    let kind: Move["kind"];
    if (status === "draft") [kind, status] = ["submit", "submitted"];
    else if (status === "submitted") [kind, status] = r.accept[i] ? ["accept", "accepted"] : ["return", "returned"];
    else {
      kind = status === "accepted" ? "reopen" : "revise";
      status = "draft";
      versions++;
    }
    moves.push({ kind, at: t });
    t += r.gapHours[i]! * 3600_000;
  }
  return { moves, versions };
}

/** Writes a world (after removing the previous one) as the models would have written it. */
export function writeWorld(h: Harness, spec: WorldSpec): WrittenWorld {
  const index = ++worldCount;
  const s = h.sqlite;
  const catalogue = s
    .prepare("select id, year, code, section, unit, part_of_code from indicator order by year, position")
    .all() as CatalogueQuestion[];
  const questionsOf = new Map<number, CatalogueQuestion[]>();
  for (const q of catalogue) questionsOf.set(q.year, [...(questionsOf.get(q.year) ?? []), q]);
  const dueOfYear = new Map(
    (s.prepare("select year, due_at from reporting_year").all() as { year: number; due_at: string }[]).map((r) => [r.year, r.due_at]),
  );
  const themes = new Set<string>(spec.themes);
  const inWorld = (key: string) => !key.includes(":") || themes.has(key.split(":")[0]!);

  const insertOrganisation = s.prepare(
    "insert into organisation (slug, name, kind, sector, signed_via_id, signed_at, source_url, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, null, ?, ?, ?) returning id",
  );
  const insertExtension = s.prepare(
    "insert into deadline_extension (organisation_id, year, due_at, reason, granted_by, created_at) values (?, ?, ?, 'Uitstel', ?, ?)",
  );
  const insertReport = s.prepare("insert into report (organisation_id, year, created_at) values (?, ?, ?) returning id");
  const insertVersion = s.prepare(
    `insert into report_version (report_id, number, status, lock_version, late, created_at, created_by, updated_at, updated_by, submitted_at, submitted_by, reviewed_at, reviewed_by, return_reason, reopen_reason)
     values (?, ?, 'draft', 1, 0, ?, ?, ?, ?, null, null, null, null, null, ?) returning id`,
  );
  const saveVersion = s.prepare("update report_version set lock_version = lock_version + 1, updated_at = ?, updated_by = ? where id = ?");
  const submitVersion = s.prepare(
    "update report_version set status = 'submitted', late = ?, submitted_at = ?, submitted_by = ?, lock_version = lock_version + 1, updated_at = ?, updated_by = ? where id = ?",
  );
  const reviewVersion = s.prepare("update report_version set status = ?, reviewed_at = ?, reviewed_by = ?, return_reason = ? where id = ?");
  const insertValue = s.prepare(
    "insert into report_value (version_id, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at) values (?, ?, ?, ?, ?, null, 0, ?, ?)",
  );
  const copyValues = s.prepare(
    `insert into report_value (version_id, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at)
     select ?, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at from report_value where version_id = ?`,
  );
  const updateValue = s.prepare(
    "update report_value set state = ?, number_value = ?, text_value = ?, entered_by = ?, entered_at = ? where version_id = ? and indicator_id = ?",
  );
  const deleteValue = s.prepare("delete from report_value where version_id = ? and indicator_id = ?");

  const written: WrittenOrganisation[] = [];
  s.transaction(() => {
    clearWorld(s);
    const now = new Date().toISOString();
    for (const o of organisationsOf(spec)) {
      const name = `${o.umbrella ? "Koepel" : "Organisatie"} ${String(o.index + 1).padStart(2, "0")} van wereld ${index}`;
      const via = o.viaIndex === null ? null : written[o.viaIndex]!.id;
      const row = insertOrganisation.get(
        `w-${index}-${o.index}`,
        name,
        o.kindCode,
        o.sectorCode,
        via,
        o.signedAt,
        o.active ? 1 : 0,
        now,
        now,
      ) as { id: number };
      written.push({ id: row.id, name, spec: o, umbrella: o.umbrella });
    }
    for (const org of written) {
      YEARS.forEach((year, y) => {
        const yearDue = dueOfYear.get(year)!;
        const ext = org.spec.extensions[y]!;
        const due = ext === null ? yearDue : ext === "future" ? FUTURE_DUE : isoDate(Date.parse(`${yearDue}T00:00:00Z`) + ext.days * DAY);
        // grantExtension: before the report's first submission, or (late) only after it.
        const grantedAfter = ext !== null && ext !== "future" && ext.late;
        if (ext !== null)
          insertExtension.run(org.id, year, due, h.reviewerId, grantedAfter ? now : iso(Date.parse(`${yearDue}T00:00:00Z`) - 10 * DAY));
        const report = org.spec.reports[y];
        // submitReport marks a version late only for an organisation expected to report over the year.
        const expected = !org.umbrella && org.spec.active && (org.spec.signedAt === null || org.spec.signedAt <= `${year}-12-31`);
        if (report) writeReport(org.id, year, yearDue, grantedAfter ? yearDue : due, report, expected);
      });
    }
  })();

  /** The answers by catalogue code, from the spec's keys. */
  function answersOf(answers: Answers, year: number): Map<string, AnswerSpec> {
    return new Map(Object.entries(answers).flatMap(([key, a]) => (inWorld(key) ? [[codeFor(key, year), a] as const] : [])));
  }

  /**
   * What a version holds when it is submitted: every question but the text ones answered (in a
   * complete world; questions of a theme the world leaves empty get no values), and no part above
   * its whole (submitReport refuses both). Drafts keep what they have, with parts clamped too.
   */
  function ready(answers: Map<string, AnswerSpec>, year: number, seed: number, submitting: boolean): Map<string, AnswerSpec> {
    const out = new Map(answers);
    const questions = questionsOf.get(year)!;
    if (submitting && spec.complete) {
      const next = random(seed);
      for (const q of questions) {
        if (q.unit === "text" || out.has(q.code)) continue;
        const roll = next();
        const emptyTheme = q.section !== "algemeen" && q.section !== "kwalitatief" && !themes.has(q.section);
        if (emptyTheme || roll < 0.3) out.set(q.code, { state: roll < 0.15 ? "unknown" : "not_applicable" });
        else out.set(q.code, { state: "value", ...fillValue(q, next) });
      }
    }
    // A part never exceeds its whole: parts before wholes of wholes, so a few passes settle it.
    for (let pass = 0; pass < 3; pass++) {
      for (const q of questions) {
        const part = out.get(q.code);
        const whole = q.part_of_code ? out.get(q.part_of_code) : undefined;
        if (part?.state === "value" && whole?.state === "value" && part.number! > whole.number!)
          out.set(q.code, { state: "value", number: whole.number! });
      }
    }
    return out;
  }

  /** `dueAtSubmission`: the due date submitReport saw (the extension, if it was granted by then). */
  function writeReport(organisationId: number, year: number, yearDue: string, dueAtSubmission: string, r: ReportSpec, expected: boolean) {
    const editor = h.editorId;
    const reviewer = h.reviewerId;
    const { moves } = walk(r, yearDue);
    const firstAt = Date.parse(`${yearDue}T00:00:00Z`) + r.submitDay * DAY + r.submitMinute * 60_000;
    const created = iso(firstAt - 30 * DAY);
    const reportId = (insertReport.get(organisationId, year, created) as { id: number }).id;
    let number = 1;
    // Version 1: opened, filled in (and completed before a submission), saved.
    let answers = ready(answersOf(r.first, year), year, r.fill, moves[0]?.kind === "submit");
    let versionId = (insertVersion.get(reportId, number, created, editor, created, editor, null) as { id: number }).id;
    const saved = iso(firstAt - 20 * DAY);
    for (const [code, a] of answers) writeAnswer(versionId, year, code, a, saved);
    saveVersion.run(saved, editor, versionId);
    moves.forEach((move, i) => {
      const at = iso(move.at);
      switch (move.kind) {
        case "submit":
          // submitReport: late when expected and the Dutch calendar day of the submission is after the due date (with an extension).
          submitVersion.run(expected && dutchDate(move.at) > dueAtSubmission ? 1 : 0, at, editor, at, editor, versionId);
          break;
        case "accept":
        case "return":
          reviewVersion.run(
            move.kind === "accept" ? "accepted" : "returned",
            at,
            reviewer,
            move.kind === "return" ? "Graag aanvullen" : null,
            versionId,
          );
          break;
        case "revise":
        case "reopen": {
          // reviseReport / reviewReport(reopen): a new draft with the previous version's answers copied.
          const reopened = move.kind === "reopen";
          const previous = versionId;
          number++;
          const by = reopened ? reviewer : editor;
          versionId = (
            insertVersion.get(reportId, number, at, by, at, by, reopened ? "Heropend voor een correctie" : null) as { id: number }
          ).id;
          copyValues.run(versionId, previous);
          // Then the organisation edits it (saveAnswers), completing it before it is submitted again.
          const edited = new Map(answers);
          for (const e of r.edits[(number - 2) % r.edits.length]!) {
            if (!inWorld(e.key)) continue;
            const code = codeFor(e.key, year);
            if (e.answer === null) edited.delete(code);
            else edited.set(code, e.answer);
          }
          const next = ready(edited, year, r.fill + number, moves[i + 1]?.kind === "submit");
          const editedAt = iso(move.at + 3600_000);
          let changed = false;
          for (const code of new Set([...answers.keys(), ...next.keys()])) {
            const before = answers.get(code);
            const after = next.get(code);
            if (sameAnswer(before, after)) continue;
            changed = true;
            const id = idOf(year, code);
            if (id === undefined) continue;
            if (!after) deleteValue.run(versionId, id);
            else if (!before) writeAnswer(versionId, year, code, after, editedAt);
            else updateValue.run(after.state, numberOf(after), textOf(after), editor, editedAt, versionId, id);
          }
          if (changed) saveVersion.run(editedAt, editor, versionId);
          answers = next;
          break;
        }
      }
    });
  }

  function idOf(year: number, code: string): number | undefined {
    return questionsOf.get(year)!.find((q) => q.code === code)?.id;
  }

  function writeAnswer(versionId: number, year: number, code: string, a: AnswerSpec, at: string) {
    const id = idOf(year, code);
    if (id !== undefined) insertValue.run(versionId, id, a.state satisfies AnswerState, numberOf(a), textOf(a), h.editorId, at);
  }

  return { index, organisations: written };
}

const numberOf = (a: AnswerSpec) => (a.state === "value" ? (a.number ?? null) : null);
const textOf = (a: AnswerSpec) => (a.state === "value" ? (a.text ?? null) : null);
const sameAnswer = (a: AnswerSpec | undefined, b: AnswerSpec | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.state === b.state && numberOf(a) === numberOf(b) && textOf(a) === textOf(b));

/** A value for a question the spec left open, by its unit (decimals only where the form takes them). */
function fillValue(q: CatalogueQuestion, next: () => number): { number?: number; text?: string } {
  const r = next();
  switch (q.unit) {
    case "step":
      return { number: 1 + Math.floor(r * 5) };
    case "eur":
      return { number: Math.floor(r * 5_000_000) };
    case "count":
    case "people":
      return { number: Math.floor(r * 80) };
    case "fte":
    case "tonnes":
    case "tonnes_co2":
      return { number: Math.floor(r * 4000) / 4 };
    case "choice":
      return { text: r < 0.5 ? "ja" : "nee" };
    case "yes_no":
      return { text: r < 0.5 ? "ja" : "nee" };
    default:
      return { text: "Ingevuld" };
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dutchDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" });
/** The calendar day in the Netherlands of an instant (YYYY-MM-DD). */
export const dutchDate = (ms: number) => dutchDay.format(new Date(ms));
