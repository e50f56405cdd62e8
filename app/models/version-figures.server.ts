import { createHash } from "node:crypto";
import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import { versionsWithoutKeptFigures, yearsOfVersions, type FigureGroup } from "~/models/counted-version.server";
import { dataStamp } from "~/models/data-change.server";

/** A share question's figures over a set of versions (aggregates.server.ts: ShareCell). */
export type ShareSums = {
  indicatorCode: string;
  section: string;
  unit: string;
  sum: number;
  reported: number;
  unknown: number;
  notApplicable: number;
  paired: number;
  pairedApplied: number;
  pairedTotal: number;
};

// The figures of submitted report versions, kept in memory. The portal only ever writes answers
// to a draft (report.server.ts: changeDraft); submitting, accepting, returning or reopening a
// report changes its version's status, never its answers. So once read, a submitted version's
// figures stay right, and the sector overview can add them up in JavaScript instead of joining
// about 150,000 answer rows in SQL on every computation (docs/performance.md). Which versions
// count, and each organisation's sector, are asked of the database every time. Another writer (a
// script, a repair) that does change a submitted version's answers raises the "figures" change
// counter (triggers: db/migrations/20261207T060000_data_change_figures.ts), and what is kept in
// memory is then dropped. On disk each submitted version's numeric answers are also kept packed in
// one row (version_figures), so the first computation after a start reads one row per version
// instead of every answer. Reading never writes: rows are kept when a report is submitted, and
// at a start for versions without one (keepMissingVersionFigures).

/** A year's questions that the sector overview adds up: share questions, their totals, and steps. */
export type FigureQuestions = {
  year: number;
  ids: number[];
  shares: { index: number; code: string; section: string; unit: string; totalIndex: number | null }[];
  steps: { index: number; section: string }[];
};

const STATE_NONE = 0;
const STATE_VALUE = 1;
const STATE_UNKNOWN = 2;
const STATE_NOT_APPLICABLE = 3;
const STATE_CODE: Record<string, number> = { value: STATE_VALUE, unknown: STATE_UNKNOWN, not_applicable: STATE_NOT_APPLICABLE };

/**
 * One version's answers to the questions of a FigureQuestions, in its order: its states from
 * `stateAt` and its numbers from `numberAt` in a block shared by the versions read together (the
 * packed rows of version_figures, decoded into one buffer: no object per answer or per version).
 */
type Figures = { states: Uint8Array; numbers: Float64Array; stateAt: number; numberAt: number };

// Per database handle and per set of questions (a changed catalogue is a new set). Bounded: a year
// at national scale is about 10,000 versions of about 25 figures, some 3 MB.
const stores = new WeakMap<object, Map<string, Map<number, Figures>>>();
const MAX_SETS = 4;
const MAX_VERSIONS_PER_SET = 60_000;
/** SQLite accepts 32,766 parameters; stay well below. */
const CHUNK = 5_000;

export async function figureQuestions(db: Executor, year: number): Promise<FigureQuestions> {
  const rows = await db
    .selectFrom("indicator")
    .select(["id", "code", "section", "unit", "show_share", "part_of_code"])
    .where("year", "=", year)
    .orderBy("id")
    .execute();
  const shareRows = rows.filter((r) => r.show_share === 1);
  const totalCodes = new Set(shareRows.map((r) => r.part_of_code).filter((c): c is string => Boolean(c)));
  const used = rows.filter((r) => r.show_share === 1 || r.unit === "step" || totalCodes.has(r.code));
  const indexOfCode = new Map(used.map((r, i) => [r.code, i]));
  return {
    year,
    ids: used.map((r) => r.id),
    shares: used.flatMap((r, index) =>
      r.show_share === 1
        ? [
            {
              index,
              code: r.code,
              section: r.section,
              unit: r.unit,
              totalIndex: r.part_of_code ? (indexOfCode.get(r.part_of_code) ?? null) : null,
            },
          ]
        : [],
    ),
    steps: used.flatMap((r, index) => (r.unit === "step" ? [{ index, section: r.section }] : [])),
  };
}

// The "figures" counter each handle's kept figures were read under (see the top of this file).
const keptUnder = new WeakMap<object, string>();

/**
 * Drops this handle's kept figures when a submitted version's answers changed since they were
 * read. A computation that is still reading meanwhile puts its figures in the map it started
 * with, which is then no longer used.
 */
async function dropKeptIfChanged(db: Executor): Promise<void> {
  const stamp = await dataStamp(db, ["figures"]);
  if (stamp !== null && keptUnder.get(db) === stamp) return;
  stores.delete(db);
  answerStores.delete(db);
  if (stamp === null) keptUnder.delete(db);
  else keptUnder.set(db, stamp);
}

function storeFor(db: Executor, questions: FigureQuestions): Map<number, Figures> {
  let sets = stores.get(db);
  if (!sets) stores.set(db, (sets = new Map()));
  const key = questions.ids.join(",");
  let store = sets.get(key);
  if (!store) {
    if (sets.size >= MAX_SETS) sets.clear();
    sets.set(key, (store = new Map()));
  }
  return store;
}

// A version's answers to its year's figure questions (figureQuestions: the ones the overview
// adds up), packed for the version_figures table: one row per version instead of about 25 answer
// rows, in the questions' order: n states (one byte each, padded to a multiple of 8), then n
// little-endian float64 numbers (0 where there is no number), as base64 text. Reading is then a
// copy into the block, no loop per answer. A change to the year's figure questions deletes the
// year's rows (triggers on indicator), as a change to a version's answers deletes its row
// (triggers on report_value); a row of another length is read again from the answers.
const statesBytes = (n: number) => Math.ceil(n / 8) * 8;
const packedBytes = (n: number) => statesBytes(n) + 8 * n;

function pack(n: number, answers: { at: number; state: string; number_value: number | null }[]): string {
  const buffer = Buffer.alloc(packedBytes(n));
  for (const a of answers) {
    buffer[a.at] = STATE_CODE[a.state] ?? STATE_NONE;
    buffer.writeDoubleLE(a.number_value ?? 0, statesBytes(n) + 8 * a.at);
  }
  return buffer.toString("base64");
}

// The packed numbers are written little-endian and read through a Float64Array, in the machine's
// byte order: the same on every platform Node runs the portal on (x64, arm64). Checked once.
if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error("version-figures.server.ts expects a little-endian machine");

/** The base64 length of a packed version. */
const packedLength = (n: number) => 4 * Math.ceil(packedBytes(n) / 3);

/**
 * A block for `count` packed versions of n questions: the packed bytes back to back. Each
 * version's numbers start at a multiple of 8 bytes, so one Float64Array reads them all.
 */
function newBlock(count: number, n: number) {
  const bytes = new Uint8Array(count * packedBytes(n));
  return { buffer: Buffer.from(bytes.buffer), states: bytes, numbers: new Float64Array(bytes.buffer) };
}

/** Decodes a kept row into place k of a block; false when it was packed for another number of questions. */
function unpack(packed: string, n: number, block: ReturnType<typeof newBlock>, k: number): Figures | null {
  const size = packedBytes(n);
  if (packed.length !== packedLength(n) || block.buffer.write(packed, k * size, size, "base64") !== size) return null;
  return { states: block.states, numbers: block.numbers, stateAt: k * size, numberAt: (k * size + statesBytes(n)) / 8 };
}

/** Question id → its index in the questions (-1 for any other question). */
function slotsOf(questions: FigureQuestions): Int32Array {
  const slot = new Int32Array(Math.max(0, ...questions.ids) + 1).fill(-1);
  questions.ids.forEach((id, i) => (slot[id] = i));
  return slot;
}

/**
 * What a packed row was packed for: the year's figure questions, in their order. A row is only
 * read for the same questions (version_figures.layout), so a row packed before the catalogue
 * changed is never decoded with the wrong layout, whatever wrote the change.
 */
export function layoutOf(questions: FigureQuestions): string {
  return createHash("sha256").update(questions.ids.join(",")).digest("base64url").slice(0, 16);
}

type Packed = { year: number; layout: string; figures: string };

/**
 * Packs these versions' answers to the given questions (a version of another year is left out).
 * Only versions that count are asked for, never drafts; a draft packed anyway would lose its row
 * at its next change (the triggers), so a kept row is right whatever the version's status.
 */
async function packVersionFigures(db: Executor, questions: FigureQuestions, versionIds: number[]): Promise<Map<number, Packed>> {
  const packed = new Map<number, Packed>();
  const slot = slotsOf(questions);
  const n = questions.ids.length;
  const layout = layoutOf(questions);
  for (let i = 0; i < versionIds.length; i += CHUNK) {
    const chunk = versionIds.slice(i, i + CHUNK);
    const [versions, rows] = await Promise.all([
      yearsOfVersions(db, chunk),
      db
        .selectFrom("report_value")
        .select(["version_id", "indicator_id", "state", "number_value"])
        .where("version_id", "in", chunk)
        .execute(),
    ]);
    type Answer = { at: number; state: string; number_value: number | null };
    const byVersion = new Map<number, Answer[]>(versions.filter((v) => v.year === questions.year).map((v) => [v.id, []]));
    for (const r of rows) {
      const at = r.indicator_id < slot.length ? slot[r.indicator_id]! : -1;
      if (at >= 0) byVersion.get(r.version_id)?.push({ at, state: r.state, number_value: r.number_value });
    }
    // A version without answers to these questions is packed too (empty), so it is not read again.
    for (const [id, answers] of byVersion) packed.set(id, { year: questions.year, layout, figures: pack(n, answers) });
  }
  return packed;
}

async function storePacked(db: Executor, packed: Map<number, Packed>) {
  const rows = [...packed].map(([version_id, p]) => ({ version_id, ...p }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("version_figures")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(["year", "version_id"])
          .doUpdateSet((eb) => ({ layout: eb.ref("excluded.layout"), figures: eb.ref("excluded.figures") })),
      )
      .execute();
  }
}

/**
 * Keeps the packed figures of these versions, for their year's figure questions as they are now:
 * submitting a report calls this (in its transaction), so that the overview's first read after a
 * start finds one row per version. A version changed afterwards loses its row (the triggers).
 */
export async function keepVersionFigures(db: Executor, versionIds: number[]): Promise<void> {
  const years = new Map<number, number[]>();
  for (const v of await yearsOfVersions(db, versionIds)) years.set(v.year, [...(years.get(v.year) ?? []), v.id]);
  for (const [year, ids] of years) await storePacked(db, await packVersionFigures(db, await figureQuestions(db, year), ids));
}

/**
 * Keeps the figures of every version that is not a draft and has none for its year's figure
 * questions as they are now: versions written by other means than submitting (older data, an
 * import, a script) or whose year's questions changed. Run at every start before the server
 * serves (scripts/lib/prepare.ts), so that reading never needs to write; when every row is there,
 * one query per year. Returns how many versions it packed.
 */
export async function keepMissingVersionFigures(db: Executor): Promise<number> {
  let packed = 0;
  const years = await db.selectFrom("indicator").select("year").distinct().orderBy("year").execute();
  for (const { year } of years) {
    await inTransaction(db, async (trx) => {
      const questions = await figureQuestions(trx, year);
      const ids = await versionsWithoutKeptFigures(trx, { year, layout: layoutOf(questions) });
      for (let i = 0; i < ids.length; i += CHUNK) await storePacked(trx, await packVersionFigures(trx, questions, ids.slice(i, i + CHUNK)));
      packed += ids.length;
    });
  }
  return packed;
}

/** From this many versions on, the year's kept rows are read in one range rather than by id. */
const RANGE_FROM = 1_000;

/** The kept rows of these versions packed for a layout (fewer where a version has none). */
async function readKept(
  db: Executor,
  args: { year: number; layout: string; versionIds: number[]; rangeFrom: number },
): Promise<{ version_id: number; figures: string }[]> {
  const kept = () =>
    db.selectFrom("version_figures").select(["version_id", "figures"]).where("year", "=", args.year).where("layout", "=", args.layout);
  if (args.versionIds.length >= args.rangeFrom) {
    const wanted = new Set(args.versionIds);
    return (await kept().execute()).filter((r) => wanted.has(r.version_id));
  }
  const rows: { version_id: number; figures: string }[] = [];
  for (let i = 0; i < args.versionIds.length; i += CHUNK) {
    rows.push(
      ...(await kept()
        .where("version_id", "in", args.versionIds.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return rows;
}

/** The figures of these versions of the questions' year (all submitted, accepted or returned: never a draft). */
export async function versionFigures(
  db: Executor,
  questions: FigureQuestions,
  versionIds: number[],
  options: { rangeFrom?: number } = {},
): Promise<Map<number, Figures>> {
  await dropKeptIfChanged(db);
  const store = storeFor(db, questions);
  const missing = versionIds.filter((id) => !store.has(id));
  if (missing.length > 0) {
    const n = questions.ids.length;

    // Read into a map of this call's own, and only then into the shared store: a request that
    // asks meanwhile must not take a version whose figures are still being read (it reads them too).
    const block = newBlock(missing.length, n);
    const place = new Map(missing.map((id, k) => [id, k]));
    const read = new Map<number, Figures>();
    const layout = layoutOf(questions);
    for (const r of await readKept(db, { year: questions.year, layout, versionIds: missing, rangeFrom: options.rangeFrom ?? RANGE_FROM })) {
      const figures = unpack(r.figures, n, block, place.get(r.version_id)!);
      if (figures) read.set(r.version_id, figures);
    }
    const unkept = missing.filter((id) => !read.has(id));
    if (unkept.length > 0) {
      // Versions without a row for these questions (written by other means than submitting, or
      // the catalogue changed since the last start): read from their answers. Not written back
      // here: a page is a read (the next start keeps them: keepMissingVersionFigures).
      const packed = await packVersionFigures(db, questions, unkept);
      for (const id of unkept) {
        // A version asked for that is not of this year, or does not exist, has no answers to these questions.
        const figures = unpack(packed.get(id)?.figures ?? pack(n, []), n, block, place.get(id)!);
        if (!figures) throw new Error(`version ${id}: figures packed for another set of questions`);
        read.set(id, figures);
      }
    }
    if (store.size + read.size > MAX_VERSIONS_PER_SET) store.clear();
    for (const [id, figures] of read) store.set(id, figures);
    // The versions asked for, also when the store was just cleared.
    return new Map(versionIds.map((id) => [id, store.get(id) ?? read.get(id)!]));
  }
  return store;
}

export type ShareRow = ShareSums & { group: FigureGroup };
export type StepRow = { group: FigureGroup; section: string; step: number; count: number };

/**
 * The sums behind the sector overview, over the given counting versions (one per organisation):
 * the same rows as shareAggregates and stepDistribution in aggregates.server.ts compute in SQL.
 */
export async function addUpFigures(
  db: Executor,
  args: { questions: FigureQuestions; versions: { versionId: number; group: FigureGroup }[] },
): Promise<{ shares: ShareRow[]; steps: StepRow[] }> {
  const { questions, versions } = args;
  const figures = await versionFigures(
    db,
    questions,
    versions.map((v) => v.versionId),
  );
  // Rows by group and question index (not by string keys: this loop runs some 200,000 times).
  const groupIndex = new Map<FigureGroup, number>();
  const shareRows: (ShareRow | undefined)[] = [];
  const stepRows: Map<number, StepRow>[] = [];
  const sections = [...new Set(questions.steps.map((q) => q.section))];
  const stepQuestions = questions.steps.map((q) => ({ index: q.index, section: q.section, sectionIndex: sections.indexOf(q.section) }));
  const nShares = questions.shares.length;
  for (const { versionId, group } of versions) {
    const { states, numbers, stateAt, numberAt } = figures.get(versionId)!;
    let gi = groupIndex.get(group);
    if (gi === undefined) groupIndex.set(group, (gi = groupIndex.size));
    for (let si = 0; si < nShares; si++) {
      const q = questions.shares[si]!;
      const state = states[stateAt + q.index]!;
      if (state === STATE_NONE) continue;
      let row = shareRows[gi * nShares + si];
      if (!row) {
        row = {
          group,
          indicatorCode: q.code,
          section: q.section,
          unit: q.unit,
          sum: 0,
          reported: 0,
          unknown: 0,
          notApplicable: 0,
          paired: 0,
          pairedApplied: 0,
          pairedTotal: 0,
        };
        shareRows[gi * nShares + si] = row;
      }
      if (state === STATE_VALUE) {
        const value = numbers[numberAt + q.index]!;
        row.sum += value;
        row.reported++;
        if (q.totalIndex !== null && states[stateAt + q.totalIndex] === STATE_VALUE) {
          row.paired++;
          row.pairedApplied += value;
          row.pairedTotal += numbers[numberAt + q.totalIndex]!;
        }
      } else if (state === STATE_UNKNOWN) row.unknown++;
      else row.notApplicable++;
    }
    for (const q of stepQuestions) {
      if (states[stateAt + q.index] !== STATE_VALUE) continue;
      const step = numbers[numberAt + q.index]!;
      const bySteps = (stepRows[gi * sections.length + q.sectionIndex] ??= new Map());
      const row = bySteps.get(step);
      if (row) row.count++;
      else bySteps.set(step, { group, section: q.section, step, count: 1 });
    }
  }
  const shares = shareRows.filter((r): r is ShareRow => r !== undefined);
  const steps = stepRows.flatMap((bySteps) => (bySteps ? [...bySteps.values()] : []));
  return { shares, steps };
}

// One question's answers in submitted versions, for trends: per database handle and question
// (one per year of a trend), read once and kept (a submitted version never changes). Bounded: a
// year's question at national scale is some 10,000 answers, about 1 MB; room for two or three
// trends of ten years.
const answerStores = new WeakMap<object, Map<number, Map<number, { state: number; number: number }>>>();
const MAX_QUESTIONS = 24;

export type KeptAnswer = { state: "value" | "unknown" | "not_applicable"; number: number } | null;
const STATE_NAME = [null, "value", "unknown", "not_applicable"] as const;

/** The answers of these versions (all submitted, accepted or returned: never a draft) to one question; null where there is none. */
export async function questionAnswers(db: Executor, args: { indicatorId: number; versionIds: number[] }): Promise<KeptAnswer[]> {
  await dropKeptIfChanged(db);
  let questions = answerStores.get(db);
  if (!questions) answerStores.set(db, (questions = new Map()));
  let store = questions.get(args.indicatorId);
  if (!store) {
    if (questions.size >= MAX_QUESTIONS) questions.delete(questions.keys().next().value!);
    questions.set(args.indicatorId, (store = new Map()));
  }
  const missing = args.versionIds.filter((id) => !store.has(id));
  // Read completely before anything goes into the shared store (see versionFigures).
  const read = new Map(missing.map((id) => [id, { state: STATE_NONE, number: 0 }]));
  for (let i = 0; i < missing.length; i += CHUNK) {
    const chunk = missing.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom("report_value")
      .select(["version_id", "state", "number_value"])
      .where("indicator_id", "=", args.indicatorId)
      .where("version_id", "in", chunk)
      .execute();
    for (const r of rows) read.set(r.version_id, { state: STATE_CODE[r.state] ?? STATE_NONE, number: r.number_value ?? 0 });
  }
  for (const [id, a] of read) store.set(id, a);
  return args.versionIds.map((id) => {
    const a = store.get(id)!;
    const state = STATE_NAME[a.state];
    return state ? { state, number: a.number } : null;
  });
}
