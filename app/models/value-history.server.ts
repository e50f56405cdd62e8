import type { Executor } from "~/database/connection.server";
import type { Channel } from "~/database/types";
import { formatValue, type Answer, type IndicatorDef } from "~/models/report.rules";

// Reading the values' history (value_change, written with each audit event by recordAuditEvent).

/** One change of one value, as the history pages show it. */
export type HistoryEntry = {
  id: number;
  occurredAt: string;
  by: string;
  onBehalfOf: string | null;
  channel: Channel;
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

/**
 * Every change to one question's answer in one report (all its versions), newest first: before
 * and after in the words the report uses, who, on behalf of which organisation, through which way in.
 */
export async function answerHistory(
  db: Executor,
  args: { reportId: number; indicator: Pick<IndicatorDef, "id" | "unit" | "choices">; upToVersion?: number },
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("value_change as c")
    .innerJoin("audit_event as e", "e.id", "c.audit_event_id")
    .leftJoin("user as u", "u.id", "e.user_id")
    .leftJoin("organisation as o", "o.id", "e.acting_organisation_id")
    .select([
      "c.id",
      "c.occurred_at",
      "c.channel",
      "c.version_number",
      "c.before",
      "c.after",
      "u.name as user_name",
      "e.user_email",
      "o.name as acting_name",
    ])
    .where("c.report_id", "=", args.reportId)
    .where("c.indicator_id", "=", args.indicator.id)
    .where("c.subject", "=", "answer")
    // The ministry sees the versions that were submitted, not the organisation's draft.
    .$if(args.upToVersion !== undefined, (q) => q.where("c.version_number", "<=", args.upToVersion!))
    .orderBy("c.id", "desc")
    .execute();
  return rows.map((r) => {
    const before = parseAnswer(r.before);
    const after = parseAnswer(r.after);
    const shown = (a: StoredAnswer | null) => formatValue(args.indicator, a ? { ...a, prefilled: false } : null);
    return {
      id: r.id,
      occurredAt: r.occurred_at,
      by: r.user_name ?? r.user_email ?? "onbekend",
      onBehalfOf: r.acting_name,
      channel: r.channel,
      versionNumber: r.version_number,
      before: shown(before),
      after: shown(after),
      explanationBefore: before?.explanation ?? null,
      explanationAfter: after?.explanation ?? null,
    };
  });
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
