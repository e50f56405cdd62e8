import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { Aggregation, Indicator, IndicatorSection, IndicatorUnit } from "~/database/types";
import { cachedUntilChange } from "~/models/data-change.server";
import { changedFields, recordAuditEvent, type FieldChange } from "~/models/audit.server";
import type { AuditAction } from "~/models/audit.labels";
import { nowIso, todayInNL } from "~/utils/time";

/** What a revision of a question may change (code, unit and section never change). */
const REVISED_FIELDS = ["label", "help", "min_value", "max_value", "usual_max"] as const;

/** One question of a year's catalogue, as the seed (db/catalogue.ts) and a catalogue copy give it. */
export type CatalogueEntry = {
  code: string;
  section: IndicatorSection;
  label: string;
  help?: string;
  unit: IndicatorUnit;
  aggregation: Aggregation;
  min?: number;
  max?: number;
  usualMax?: number;
  choices?: { value: string; label: string }[];
  partOf?: string;
  showShare?: boolean;
  /** The code of the previous year's question this one continues (default: the same code). */
  continues?: string;
};

/**
 * A year's questions in order. Every report page asks for them, and they change only when an
 * administrator edits the catalogue, so they are kept until the catalogue changes (reading them
 * was the costliest query of the report form: 0.5 ms). Frozen: the list is shared by requests.
 */
export function listIndicators(db: Executor, args: { year: number }): Promise<readonly Indicator[]> {
  return cachedUntilChange(db, ["catalogue"], `indicators:${args.year}`, async () => {
    const rows = await db
      .selectFrom("indicator")
      .selectAll()
      .where("year", "=", args.year)
      .where("retired", "=", 0)
      .orderBy("position")
      .execute();
    return Object.freeze(rows.map((row) => Object.freeze(row)));
  });
}

/**
 * A year's questions as they were at a catalogue revision (a submitted report version's
 * `catalogue_revision`): each question's wording, help, bounds and choices of its newest revision
 * up to then; a question added later, or retired by then, is left out. Without a revision (a
 * draft): the questions as they are now.
 */
export function listIndicatorsAsOf(db: Executor, args: { year: number; revision: number | null }): Promise<readonly Indicator[]> {
  if (args.revision === null) return listIndicators(db, args);
  const revision = args.revision;
  return cachedUntilChange(db, ["catalogue"], `indicators:${args.year}@${revision}`, async () => {
    const rows = await db
      .selectFrom("indicator as i")
      .innerJoin("indicator_revision as r", "r.indicator_id", "i.id")
      .selectAll("i")
      .select([
        "r.label as r_label",
        "r.help as r_help",
        "r.min_value as r_min",
        "r.max_value as r_max",
        "r.usual_max as r_usual",
        "r.choices as r_choices",
        "r.retired as r_retired",
      ])
      .where("i.year", "=", args.year)
      .where((eb) =>
        eb(
          "r.id",
          "=",
          eb
            .selectFrom("indicator_revision as x")
            .select((x) => x.fn.max("x.id").as("id"))
            .whereRef("x.indicator_id", "=", "i.id")
            .where("x.id", "<=", revision),
        ),
      )
      .orderBy("i.position")
      .execute();
    return Object.freeze(
      rows
        .filter((r) => r.r_retired === 0)
        .map(({ r_label, r_help, r_min, r_max, r_usual, r_choices, r_retired: _retired, ...i }) =>
          Object.freeze({ ...i, label: r_label, help: r_help, min_value: r_min, max_value: r_max, usual_max: r_usual, choices: r_choices }),
        ),
    );
  });
}

/** The newest catalogue revision: what a report version submitted now is answered with. */
export async function currentCatalogueRevision(db: Executor): Promise<number | null> {
  const row = await db
    .selectFrom("indicator_revision")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Each question's newest revision number in a year (the catalogue page lists them). */
export async function revisionNumbers(db: Executor, args: { year: number }): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("indicator_revision as r")
    .innerJoin("indicator as i", "i.id", "r.indicator_id")
    .select(["r.indicator_id", (eb) => eb.fn.max("r.number").as("number")])
    .where("i.year", "=", args.year)
    .groupBy("r.indicator_id")
    .execute();
  return new Map(rows.map((r) => [r.indicator_id, Number(r.number)]));
}

/** A question's revisions, newest first. */
export async function listIndicatorRevisions(db: Executor, args: { indicatorId: number }) {
  return db.selectFrom("indicator_revision").selectAll().where("indicator_id", "=", args.indicatorId).orderBy("number", "desc").execute();
}

/** Loads a year's catalogue from its definition, linking each question to last year's (same code, or `continues`). */
export async function seedCatalogue(db: Executor, args: { year: number; entries: CatalogueEntry[] }): Promise<void> {
  const existing = await db.selectFrom("indicator").select("id").where("year", "=", args.year).limit(1).executeTakeFirst();
  if (existing) return;
  const previous = await listIndicators(db, { year: args.year - 1 });
  const now = nowIso();
  for (const [i, e] of args.entries.entries()) {
    await db
      .insertInto("indicator")
      .values({
        year: args.year,
        code: e.code,
        section: e.section,
        position: i + 1,
        label: e.label,
        help: e.help ?? null,
        unit: e.unit,
        aggregation: e.aggregation,
        min_value: e.min ?? null,
        max_value: e.max ?? null,
        usual_max: e.usualMax ?? null,
        choices: e.choices ? JSON.stringify(e.choices) : null,
        part_of_code: e.partOf ?? null,
        show_share: e.showShare ? 1 : 0,
        continues_from_id: previous.find((p) => p.code === (e.continues ?? e.code))?.id ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

export class CatalogueExistsError extends Error {}

/**
 * Copies a year's catalogue to another (empty) year; each copy continues its original, so trends
 * follow the questions. The administrator then edits the new year.
 */
export async function copyCatalogue(
  db: Executor,
  args: { from: number; to: number; actor: { userId: number; email: string; ip: string } },
): Promise<number> {
  const run = async (trx: Executor) => {
    const exists = await trx.selectFrom("indicator").select("id").where("year", "=", args.to).limit(1).executeTakeFirst();
    if (exists) throw new CatalogueExistsError(`Er is al een vragenlijst voor ${args.to}.`);
    const target = await trx.selectFrom("reporting_year").select("year").where("year", "=", args.to).executeTakeFirst();
    if (!target) throw new CatalogueExistsError(`Het rapportagejaar ${args.to} bestaat nog niet. Maak het eerst aan.`);
    const source = await listIndicators(trx, { year: args.from });
    const now = nowIso();
    for (const i of source) {
      const { id, year: _year, created_at: _c, updated_at: _u, continues_from_id: _f, ...rest } = i;
      await trx
        .insertInto("indicator")
        .values({ ...rest, year: args.to, continues_from_id: id, created_at: now, updated_at: now })
        .execute();
    }
    await recordAuditEvent(trx, {
      action: "catalogue.copied",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      detail: { from: args.from, to: args.to, count: source.length },
    });
    return source.length;
  };
  return inTransaction(db, run);
}

/** Records a change to a catalogue question, with what it changed (the question's history). */
async function auditQuestion(
  trx: Executor,
  args: {
    actor: { userId: number; email: string; ip: string };
    action: AuditAction;
    question: { id: number; year: number; code: string };
    fields: FieldChange[];
  },
) {
  await recordAuditEvent(trx, {
    action: args.action,
    userId: args.actor.userId,
    userEmail: args.actor.email,
    ip: args.actor.ip,
    objectType: "indicator",
    objectId: args.question.id,
    detail: { year: args.question.year, code: args.question.code },
    changes: { channel: "form", organisationId: null, fields: args.fields },
  });
}

export type IndicatorUpdate = {
  label: string;
  help: string | null;
  minValue: number | null;
  maxValue: number | null;
  usualMax: number | null;
  continuesFromId: number | null;
};

/**
 * Changes what an administrator may change of a question: wording, bounds and the mapping to
 * last year's question. Code, unit and section stay (answers and trends depend on them).
 */
export async function updateIndicator(
  db: Executor,
  args: { id: number; values: IndicatorUpdate; actor: { userId: number; email: string; ip: string } },
): Promise<void> {
  const run = async (trx: Executor) => {
    const indicator = await trx.selectFrom("indicator").selectAll().where("id", "=", args.id).executeTakeFirst();
    if (!indicator) throw new CatalogueExistsError("Deze vraag bestaat niet.");
    if (indicator.retired)
      throw new CatalogueChangeRefusedError("Deze vraag is vervallen en wordt niet meer gesteld; wijzigen kan niet meer.");
    if (args.values.continuesFromId !== null) {
      const previous = await trx.selectFrom("indicator").select("year").where("id", "=", args.values.continuesFromId).executeTakeFirst();
      if (previous?.year !== indicator.year - 1) throw new CatalogueExistsError("Kies een vraag uit de vragenlijst van vorig jaar.");
    }
    const after = {
      label: args.values.label,
      help: args.values.help,
      min_value: args.values.minValue,
      max_value: args.values.maxValue,
      usual_max: args.values.usualMax,
    };
    // A change of wording, help or bounds is a new revision (written by a trigger on indicator):
    // reports submitted before it keep showing and checking the revision they were answered with.
    const fields = changedFields(indicator, after, REVISED_FIELDS, { subject: "question", indicatorId: args.id });
    const mapping = changedFields(
      { continues_from_id: indicator.continues_from_id },
      { continues_from_id: args.values.continuesFromId },
      ["continues_from_id"],
      { subject: "question", indicatorId: args.id },
    );
    if (fields.length === 0 && mapping.length === 0) return;
    await trx
      .updateTable("indicator")
      .set({ ...after, continues_from_id: args.values.continuesFromId, updated_at: nowIso() })
      .where("id", "=", args.id)
      .execute();
    await auditQuestion(trx, {
      actor: args.actor,
      action: fields.length > 0 ? "catalogue.indicator_revised" : "catalogue.indicator_changed",
      question: indicator,
      fields: [...fields, ...mapping],
    });
  };
  return inTransaction(db, run);
}

export async function countAnswers(db: Executor, args: { indicatorId: number }): Promise<number> {
  const row = await db
    .selectFrom("report_value")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("indicator_id", "=", args.indicatorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getIndicator(db: Executor, args: { id: number }): Promise<Indicator | undefined> {
  if (!Number.isSafeInteger(args.id)) return undefined;
  return db.selectFrom("indicator").selectAll().where("id", "=", args.id).executeTakeFirst();
}

// Adding and retiring questions --------------------------------------------------------------

/** Why a question cannot be added to or retired from a year (shown to the administrator). */
export class CatalogueChangeRefusedError extends Error {}

/** The units an administrator can give a new question (choice lists need their choices: a code change). */
export const NEW_QUESTION_UNITS = ["eur", "count", "tonnes_co2", "tonnes", "fte", "people", "yes_no", "text"] as const;
export type NewQuestionUnit = (typeof NEW_QUESTION_UNITS)[number];

export type NewIndicator = {
  section: IndicatorSection;
  label: string;
  help: string | null;
  unit: NewQuestionUnit;
  minValue: number | null;
  maxValue: number | null;
  usualMax: number | null;
};

/** A year whose catalogue may still get or lose questions: it has not opened and nobody reported over it. */
async function requireOpenCatalogue(trx: Executor, year: number, today: string) {
  const row = await trx.selectFrom("reporting_year").select(["year", "opens_at"]).where("year", "=", year).executeTakeFirst();
  if (!row) throw new CatalogueChangeRefusedError(`Het rapportagejaar ${year} bestaat niet.`);
  const reported = await trx.selectFrom("report").select("id").where("year", "=", year).limit(1).executeTakeFirst();
  if (today >= row.opens_at || reported)
    throw new CatalogueChangeRefusedError(
      `De rapportage over ${year} is al geopend. Vragen toevoegen of laten vervallen kan alleen voordat een jaar opent; wijzig de vraag anders (dat maakt een nieuwe versie).`,
    );
}

/** A code for a new question: its words in lower case joined by underscores, unique in the year. */
function codeFor(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+|_+$/g, "")
      .slice(0, 50)
      .replace(/_+$/, "") || "vraag";
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}_${n}`;
  return code;
}

/** Adds a question at the end of its section, to a year that has not opened yet. Returns its id. */
export async function addIndicator(
  db: Executor,
  args: { year: number; values: NewIndicator; actor: { userId: number; email: string; ip: string }; today?: string },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    await requireOpenCatalogue(trx, args.year, args.today ?? todayInNL());
    const existing = await trx.selectFrom("indicator").select(["code", "position"]).where("year", "=", args.year).execute();
    const v = args.values;
    const numeric = v.unit !== "yes_no" && v.unit !== "text";
    const now = nowIso();
    const row = {
      year: args.year,
      code: codeFor(v.label, new Set(existing.map((e) => e.code))),
      section: v.section,
      position: Math.max(0, ...existing.map((e) => e.position)) + 1,
      label: v.label,
      help: v.help,
      unit: v.unit,
      aggregation: numeric ? ("sum" as const) : v.unit === "yes_no" ? ("distribution" as const) : ("none" as const),
      min_value: numeric ? v.minValue : null,
      max_value: numeric ? v.maxValue : null,
      usual_max: numeric ? v.usualMax : null,
      created_at: now,
      updated_at: now,
    };
    const { id } = await trx.insertInto("indicator").values(row).returning("id").executeTakeFirstOrThrow();
    await auditQuestion(trx, {
      actor: args.actor,
      action: "catalogue.indicator_added",
      question: { id, year: args.year, code: row.code },
      fields: changedFields(null, row, ["label", "help", "section", "unit", ...REVISED_FIELDS.slice(2)], {
        subject: "question",
        indicatorId: id,
      }),
    });

    return id;
  });
}

/**
 * Retires a question of a year that has not opened yet: it is no longer asked, and stays in the
 * catalogue (with its revisions) as retired. Earlier years keep their own question.
 */
export async function retireIndicator(
  db: Executor,
  args: { id: number; actor: { userId: number; email: string; ip: string }; today?: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const indicator = await trx.selectFrom("indicator").selectAll().where("id", "=", args.id).executeTakeFirst();
    if (!indicator) throw new CatalogueChangeRefusedError("Deze vraag bestaat niet.");
    if (indicator.retired) return;
    await requireOpenCatalogue(trx, indicator.year, args.today ?? todayInNL());
    const dependants = await trx
      .selectFrom("indicator")
      .select("label")
      .where("year", "=", indicator.year)
      .where("part_of_code", "=", indicator.code)
      .where("retired", "=", 0)
      .execute();
    if (dependants.length)
      throw new CatalogueChangeRefusedError(
        `Andere vragen rekenen met deze vraag: ${dependants.map((d) => `"${d.label}"`).join(", ")}. Laat die eerst vervallen.`,
      );
    await trx.updateTable("indicator").set({ retired: 1, updated_at: nowIso() }).where("id", "=", args.id).execute();
    await auditQuestion(trx, {
      actor: args.actor,
      action: "catalogue.indicator_retired",
      question: indicator,
      fields: [{ subject: "question", indicatorId: args.id, field: "retired", before: 0, after: 1 }],
    });
  });
}

/** A year's retired questions (the catalogue page lists them apart). */
export async function listRetiredIndicators(db: Executor, args: { year: number }) {
  return db
    .selectFrom("indicator")
    .select(["id", "label", "section"])
    .where("year", "=", args.year)
    .where("retired", "=", 1)
    .orderBy("position")
    .execute();
}
