import type { Executor } from "~/db.server";
import type { FigureGroup } from "~/models/counted-version.server";

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

// The figures of submitted report versions, kept in memory. Answers are only ever written to a
// draft (report.server.ts: changeDraft); submitting, accepting, returning or reopening a report
// changes its version's status, never its answers. So once read, a submitted version's figures
// are immutable data, and the sector overview can add them up in JavaScript instead of joining
// about 150,000 answer rows in SQL on every computation (README → Performance). Which versions
// count, and each organisation's sector, are asked of the database every time.

/** A year's questions that the sector overview adds up: share questions, their totals, and steps. */
export type FigureQuestions = {
  ids: number[];
  shares: { index: number; code: string; section: string; unit: string; totalIndex: number | null }[];
  steps: { index: number; section: string }[];
};

const STATE_NONE = 0;
const STATE_VALUE = 1;
const STATE_UNKNOWN = 2;
const STATE_NOT_APPLICABLE = 3;
const STATE_CODE: Record<string, number> = { value: STATE_VALUE, unknown: STATE_UNKNOWN, not_applicable: STATE_NOT_APPLICABLE };

/** One version's answers to the questions of a FigureQuestions, in its order. */
type Figures = { states: Uint8Array; numbers: Float64Array };

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
    ids: used.map((r) => r.id),
    shares: used.flatMap((r, index) =>
      r.show_share === 1 ? [{ index, code: r.code, section: r.section, unit: r.unit, totalIndex: r.part_of_code ? (indexOfCode.get(r.part_of_code) ?? null) : null }] : [],
    ),
    steps: used.flatMap((r, index) => (r.unit === "step" ? [{ index, section: r.section }] : [])),
  };
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

/** The figures of these versions (all submitted, accepted or returned: never a draft). */
export async function versionFigures(db: Executor, questions: FigureQuestions, versionIds: number[]): Promise<Map<number, Figures>> {
  const store = storeFor(db, questions);
  const missing = versionIds.filter((id) => !store.has(id));
  if (missing.length > 0) {
    const position = new Map(questions.ids.map((id, i) => [id, i]));
    const n = questions.ids.length;
    // Read into a map of this call's own, and only then into the shared store: a request that
    // asks meanwhile must not take a version whose figures are still being read (it reads them too).
    const read = new Map(missing.map((id) => [id, { states: new Uint8Array(n), numbers: new Float64Array(n) }]));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const rows = questions.ids.length === 0 ? [] : await db
        .selectFrom("report_value")
        .select(["version_id", "indicator_id", "state", "number_value"])
        .where("version_id", "in", chunk)
        .where("indicator_id", "in", questions.ids)
        .execute();
      for (const r of rows) {
        const figures = read.get(r.version_id)!;
        const at = position.get(r.indicator_id)!;
        figures.states[at] = STATE_CODE[r.state] ?? STATE_NONE;
        figures.numbers[at] = r.number_value ?? 0;
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
  const shares = new Map<string, ShareRow>();
  const steps = new Map<string, StepRow>();
  for (const { versionId, group } of versions) {
    const { states, numbers } = figures.get(versionId)!;
    for (const q of questions.shares) {
      const state = states[q.index]!;
      if (state === STATE_NONE) continue;
      const key = `${group}|${q.code}`;
      let row = shares.get(key);
      if (!row) {
        row = { group, indicatorCode: q.code, section: q.section, unit: q.unit, sum: 0, reported: 0, unknown: 0, notApplicable: 0, paired: 0, pairedApplied: 0, pairedTotal: 0 };
        shares.set(key, row);
      }
      if (state === STATE_VALUE) {
        row.sum += numbers[q.index]!;
        row.reported++;
        if (q.totalIndex !== null && states[q.totalIndex] === STATE_VALUE) {
          row.paired++;
          row.pairedApplied += numbers[q.index]!;
          row.pairedTotal += numbers[q.totalIndex]!;
        }
      } else if (state === STATE_UNKNOWN) row.unknown++;
      else row.notApplicable++;
    }
    for (const q of questions.steps) {
      if (states[q.index] !== STATE_VALUE) continue;
      const step = numbers[q.index]!;
      const key = `${group}|${q.section}|${step}`;
      const row = steps.get(key);
      if (row) row.count++;
      else steps.set(key, { group, section: q.section, step, count: 1 });
    }
  }
  return { shares: [...shares.values()], steps: [...steps.values()] };
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
