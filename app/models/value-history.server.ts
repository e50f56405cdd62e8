import type { Executor } from "~/database/connection.server";
import type { Channel, ThemeCode } from "~/database/types";
import { ACTION_STATUS_LABELS } from "~/models/action-plan.labels";
import { KIND_LABELS, SECTOR_LABELS } from "~/models/organisation.labels";
import { formatValue, PROGRESS_LABELS, REPORT_SECTIONS, type Answer, type IndicatorDef } from "~/models/report.rules";
import { UNIT_WORDS } from "~/models/report.units";
import { CRITERIA_LABELS, stepLabel, THEME_NAMES } from "~/models/theme";
import { fieldLabel } from "~/models/value-history.labels";

// Reading the values' history (value_change, written with each audit event by recordAuditEvent).

/** One change of one value, as the history pages show it. */
export type HistoryEntry = {
  id: number;
  occurredAt: string;
  by: string;
  onBehalfOf: string | null;
  channel: Channel;
  /** Taken over from last year's accepted report ("Waarden van vorig jaar overnemen"). */
  prefilled: boolean;
  versionNumber: number | null;
  before: string;
  after: string;
  explanationBefore: string | null;
  explanationAfter: string | null;
};

type StoredAnswer = { state: Answer["state"]; number: number | null; text: string | null; explanation: string | null };

function parseAnswer(json: string | null): StoredAnswer | null {
  if (json === null) return null;
  const v = JSON.parse(json) as StoredAnswer;
  return { state: v.state, number: v.number ?? null, text: v.text ?? null, explanation: v.explanation ?? null };
}

/** A report's changes with who made them, on behalf of whom (newest first); the ministry's view stops at `upToVersion`. */
function reportChanges(db: Executor, args: { reportId: number; upToVersion?: number }) {
  return (
    db
      .selectFrom("value_change as c")
      .leftJoin("audit_event as e", "e.id", "c.audit_event_id")
      .leftJoin("user as u", "u.id", "e.user_id")
      .leftJoin("organisation as o", "o.id", "e.acting_organisation_id")
      .select([
        "c.id",
        "c.occurred_at",
        "c.channel",
        "c.version_number",
        "c.field",
        "c.before",
        "c.after",
        "u.name as user_name",
        "e.user_email",
        "o.name as acting_name",
        "e.action",
      ])
      .where("c.report_id", "=", args.reportId)
      // The ministry sees the versions that were submitted, not the organisation's draft.
      .$if(args.upToVersion !== undefined, (q) => q.where("c.version_number", "<=", args.upToVersion!))
      .orderBy("c.id", "desc")
  );
}

/** Who made a change, in words. */
const byWhom = (r: { user_name: string | null; user_email: string | null }) => r.user_name ?? r.user_email ?? "een onbekende gebruiker";

/**
 * Every change to one question's answer in one report (all its versions), newest first: before
 * and after in the words the report uses, who, on behalf of which organisation, through which way in.
 */
export async function answerHistory(
  db: Executor,
  args: { reportId: number; indicator: Pick<IndicatorDef, "id" | "unit" | "choices">; upToVersion?: number },
): Promise<HistoryEntry[]> {
  const rows = await reportChanges(db, args).where("c.indicator_id", "=", args.indicator.id).where("c.subject", "=", "answer").execute();
  return rows.map((r) => {
    const before = parseAnswer(r.before);
    const after = parseAnswer(r.after);
    const shown = (a: StoredAnswer | null) => formatValue(args.indicator, a ? { ...a, prefilled: false } : null);
    return {
      id: r.id,
      occurredAt: r.occurred_at,
      by: byWhom(r),
      onBehalfOf: r.acting_name,
      channel: r.channel,
      prefilled: r.action === "report.prefilled",
      versionNumber: r.version_number,
      before: shown(before),
      after: shown(after),
      explanationBefore: before?.explanation ?? null,
      explanationAfter: after?.explanation ?? null,
    };
  });
}

/**
 * Every change to the progress on one action (its lineage) in one report, newest first: its stand
 * and its note, before and after, in words.
 */
export async function progressHistory(
  db: Executor,
  args: { reportId: number; lineageId: number; upToVersion?: number },
): Promise<HistoryEntry[]> {
  const rows = await reportChanges(db, args).where("c.subject", "=", "progress").where("c.item", "=", String(args.lineageId)).execute();
  const none = { organisations: new Map<number, string>() };
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    by: byWhom(r),
    onBehalfOf: r.acting_name,
    channel: r.channel,
    prefilled: false,
    versionNumber: r.version_number,
    before: `${fieldLabel(r.field)}: ${valueInWords(r.field, r.before, none)}`,
    after: `${fieldLabel(r.field)}: ${valueInWords(r.field, r.after, none)}`,
    explanationBefore: null,
    explanationAfter: null,
  }));
}

/** An action of the plan by its lineage, as its newest version names it (null when there is none for the organisation). */
export async function findLineageTitle(db: Executor, args: { organisationId: number; lineageId: number }): Promise<string | null> {
  if (!Number.isSafeInteger(args.lineageId)) return null;
  const row = await db
    .selectFrom("action_plan_action as a")
    .innerJoin("action_plan_version as v", "v.id", "a.version_id")
    .innerJoin("action_plan as p", "p.id", "v.plan_id")
    .select("a.title")
    .where("p.organisation_id", "=", args.organisationId)
    .where("a.lineage_id", "=", args.lineageId)
    .orderBy("a.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.title ?? null;
}

/** A report's id and the question of its year with this code (null when either does not exist). */
export async function findReportQuestion(db: Executor, args: { organisationId: number; year: number; code: string }) {
  const [report, indicator] = await Promise.all([
    db
      .selectFrom("report")
      .select("id")
      .where("organisation_id", "=", args.organisationId)
      .where("year", "=", args.year)
      .executeTakeFirst(),
    db
      .selectFrom("indicator")
      .select(["id", "code", "label", "unit", "choices", "section"])
      .where("year", "=", args.year)
      .where("code", "=", args.code)
      .executeTakeFirst(),
  ]);
  return report && indicator ? { reportId: report.id, indicator } : null;
}

// What an event changed, in words (the audit trail) -----------------------------------------

const nl = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
/** Fields whose stored codes have words. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  status: { ...ACTION_STATUS_LABELS, ...PROGRESS_LABELS },
  stand: PROGRESS_LABELS,
  adopted_state: { adopted: "Vastgesteld", not_yet: "Nog niet vastgesteld" },
  criteria_level: CRITERIA_LABELS,
  sector: SECTOR_LABELS,
  kind: KIND_LABELS,
  section: Object.fromEntries(REPORT_SECTIONS.map((s) => [s.key, s.title])),
  unit: UNIT_WORDS,
};
const YES_NO_FIELDS = new Set(["chosen", "active", "retired"]);

/** A stored value in words: never a code, never JSON. */
function valueInWords(field: string, json: string | null, names: { organisations: Map<number, string> }): string {
  if (json === null) return "leeg";
  const value = JSON.parse(json) as unknown;
  if (value === null || value === "") return "leeg";
  if (YES_NO_FIELDS.has(field)) return value ? "ja" : "nee";
  if (field === "continues_from_id") return value ? "een vraag van vorig jaar" : "geen";
  if (field === "file_sha256") return "een bestand";
  if (field === "signed_via_id" && typeof value === "number") return names.organisations.get(value) ?? "een andere organisatie";
  if (field === "current_step" || field.startsWith("target_")) return stepLabel(value as number);
  if (field === "themes" && Array.isArray(value))
    return value.map((t) => THEME_NAMES[t as ThemeCode] ?? "ander thema").join(", ") || "geen";
  const words = VALUE_WORDS[field];
  if (words && typeof value === "string") return words[value] ?? "andere waarde";
  if (typeof value === "number") return nl.format(value);
  if (typeof value === "string") return value;
  return "gewijzigd";
}

/**
 * For each event, what it changed in words ("Antwoord op 'Totaal inkoopvolume': € 1.000 werd
 * € 1.200"), at most `limit` lines and a count of the rest. A few batched queries per page.
 */
export async function changesOfEvents(db: Executor, args: { eventIds: number[]; limit?: number }): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (args.eventIds.length === 0) return out;
  const limit = args.limit ?? 12;
  const rows = await db
    .selectFrom("value_change as c")
    .leftJoin("indicator as i", "i.id", "c.indicator_id")
    .select([
      "c.audit_event_id",
      "c.subject",
      "c.item",
      "c.field",
      "c.before",
      "c.after",
      "c.organisation_id",
      "c.plan_id",
      "i.label",
      "i.unit",
      "i.choices",
    ])
    .where("c.audit_event_id", "in", args.eventIds)
    .orderBy("c.id")
    .execute();
  const lineages = [...new Set(rows.filter((r) => r.subject === "action" || r.subject === "progress").map((r) => Number(r.item)))];
  const titles = new Map<number, string>();
  if (lineages.length) {
    const actions = await db
      .selectFrom("action_plan_action")
      .select(["lineage_id", "title"])
      .where("lineage_id", "in", lineages)
      .orderBy("id")
      .execute();
    for (const a of actions) titles.set(a.lineage_id, a.title); // the newest title wins
  }
  const organisationIds = [
    ...new Set(
      rows.flatMap((r) => [
        ...(r.subject === "organisation" && r.organisation_id !== null ? [r.organisation_id] : []),
        ...(r.field === "signed_via_id" ? [r.before, r.after].flatMap((v) => (v && /^\d+$/.test(v) ? [Number(v)] : [])) : []),
      ]),
    ),
  ];
  const organisations = new Map(
    organisationIds.length
      ? (await db.selectFrom("organisation").select(["id", "name"]).where("id", "in", organisationIds).execute()).map((o) => [o.id, o.name])
      : [],
  );
  for (const r of rows) {
    const lines = out.get(r.audit_event_id) ?? [];
    out.set(r.audit_event_id, lines);
    let line: string;
    if (r.subject === "answer") {
      const shown = (json: string | null) => {
        const a = parseAnswer(json);
        return formatValue({ unit: r.unit ?? "text", choices: r.choices ?? null }, a ? { ...a, prefilled: false } : null);
      };
      line = `Antwoord op "${r.label ?? "een vraag"}": ${shown(r.before)} werd ${shown(r.after)}`;
    } else {
      const what = fieldLabel(r.field);
      const was = valueInWords(r.field, r.before, { organisations });
      const is = valueInWords(r.field, r.after, { organisations });
      const title = titles.get(Number(r.item)) ?? "een actie";
      const prefix =
        r.subject === "progress"
          ? `Voortgang van actie "${title}", `
          : r.subject === "action"
            ? `Actie "${title}", `
            : r.subject === "theme"
              ? `Thema ${THEME_NAMES[r.item as ThemeCode] ?? "onbekend"}, `
              : r.subject === "organisation" && r.organisation_id !== null
                ? `${organisations.get(r.organisation_id) ?? "Organisatie"}, `
                : "";
      line = `${prefix}${prefix ? what.toLowerCase() : what}: ${was} werd ${is}`;
    }
    lines.push(line);
  }
  for (const [id, lines] of out)
    if (lines.length > limit) out.set(id, [...lines.slice(0, limit), `en nog ${lines.length - limit} wijzigingen`]);
  return out;
}

/** The id of an organisation's report over a year (null when it has none). */
export async function findReport(db: Executor, args: { organisationId: number; year: number }): Promise<number | null> {
  const row = await db
    .selectFrom("report")
    .select("id")
    .where("organisation_id", "=", args.organisationId)
    .where("year", "=", args.year)
    .executeTakeFirst();
  return row?.id ?? null;
}
