import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { AuditSearch } from "~/models/admin.schema";
import { describeAuditEvents, isAboutReportVersionOf, type AuditEventText } from "~/models/audit-objects.server";
import { auditActionLabel, type AuditAction } from "~/models/audit.labels";
import type { Channel, ValueChangeSubject } from "~/database/types";
import { changesOfEvents } from "~/models/value-history.server";
import { BOM, csvLine } from "~/utils/csv-write";
import { nowIso, startOfDayInNL } from "~/utils/time";
import { isoInNL } from "~/utils/time-export";

export type AuditInput = {
  /** A code of AUDIT_ACTIONS (audit.labels.ts), which gives it its Dutch label. */
  action: AuditAction;
  userId?: number | null;
  userEmail?: string | null;
  actingOrganisationId?: number | null;
  objectType?: string | null;
  objectId?: string | number | null;
  result?: "success" | "failure";
  ip?: string | null;
  /** Never put passwords, codes or session ids in here. */
  detail?: Record<string, unknown> | null;
  /** What the event changed, field by field (the values' history, value_change). */
  changes?: ValueChanges | null;
};

/** A changed field: its value before (null: was not there) and after (null: removed). */
export type FieldChange = {
  subject: ValueChangeSubject;
  field: string;
  before: unknown;
  after: unknown;
  item?: string | null;
  indicatorId?: number | null;
  /** Whose record, when one event changes several organisations' records (an import). */
  organisationId?: number | null;
};

/** The changes of one event, and whose record they are in. */
export type ValueChanges = {
  channel: Channel;
  organisationId: number | null;
  reportId?: number | null;
  planId?: number | null;
  versionNumber?: number | null;
  fields: FieldChange[];
};

/** Appends one event to the audit trail, with the values it changed. Call it inside the transaction of the change it records. */
export async function recordAuditEvent(db: Executor, event: AuditInput): Promise<number> {
  const occurredAt = nowIso();
  const { id } = await db
    .insertInto("audit_event")
    .values({
      occurred_at: occurredAt,
      action: event.action,
      user_id: event.userId ?? null,
      user_email: event.userEmail ?? null,
      acting_organisation_id: event.actingOrganisationId ?? null,
      object_type: event.objectType ?? null,
      object_id: event.objectId == null ? null : String(event.objectId),
      result: event.result ?? "success",
      ip: event.ip ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const changes = event.changes;
  if (changes && changes.fields.length > 0) {
    // 13 columns a row: 50 rows stay far below SQLite's limit of bound parameters.
    const rows = changes.fields.map((f) => ({
      audit_event_id: id,
      occurred_at: occurredAt,
      organisation_id: f.organisationId !== undefined ? f.organisationId : changes.organisationId,
      subject: f.subject,
      report_id: changes.reportId ?? null,
      plan_id: changes.planId ?? null,
      indicator_id: f.indicatorId ?? null,
      version_number: changes.versionNumber ?? null,
      item: f.item ?? null,
      field: f.field,
      before: f.before === null || f.before === undefined ? null : JSON.stringify(f.before),
      after: f.after === null || f.after === undefined ? null : JSON.stringify(f.after),
      channel: changes.channel,
    }));
    for (let i = 0; i < rows.length; i += 50)
      await db
        .insertInto("value_change")
        .values(rows.slice(i, i + 50))
        .execute();
  }
  return id;
}

/** The fields of `fields` whose value differs between two versions of a record (null: the record was not there / is removed). */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  fields: readonly string[],
  base: Omit<FieldChange, "field" | "before" | "after">,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    const b = before ? (before[field] ?? null) : null;
    const a = after ? (after[field] ?? null) : null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ ...base, field, before: b, after: a });
  }
  return out;
}

export type AuditListItem = {
  id: number;
  occurred_at: string;
  user_email: string | null;
  acting_organisation_name: string | null;
  action: string;
  result: "success" | "failure";
  ip: string | null;
};

export async function listRecentAuditEvents(db: Executor, args: { limit: number }): Promise<AuditListItem[]> {
  return db
    .selectFrom("audit_event as a")
    .leftJoin("organisation as o", "o.id", "a.acting_organisation_id")
    .select(["a.id", "a.occurred_at", "a.user_email", "o.name as acting_organisation_name", "a.action", "a.result", "a.ip"])
    .orderBy("a.id", "desc")
    .limit(args.limit)
    .execute();
}

export type AuditSearchItem = AuditListItem & {
  object_type: string | null;
  object_id: string | null;
  detail: string | null;
  acting_organisation_id: number | null;
};

function searchQuery(db: Executor, filters: AuditSearch) {
  let query = db
    .selectFrom("audit_event as a")
    .leftJoin("organisation as o", "o.id", "a.acting_organisation_id")
    .select([
      "a.id",
      "a.occurred_at",
      "a.user_email",
      "a.acting_organisation_id",
      "o.name as acting_organisation_name",
      "a.action",
      "a.result",
      "a.ip",
      "a.object_type",
      "a.object_id",
      "a.detail",
    ]);
  if (filters.organisatie) {
    // Events done on behalf of the organisation, and the ministry's and administrators' events about it.
    const id = filters.organisatie;
    query = query.where((eb) =>
      eb.or([
        eb("a.acting_organisation_id", "=", id),
        eb.and([eb("a.object_type", "=", "organisation"), eb("a.object_id", "=", String(id))]),
        eb(sql<number>`json_extract(a.detail, '$.organisation_id')`, "=", id),
        // An event that changed the organisation's records (an import changes many at once).
        eb.exists(
          eb.selectFrom("value_change as c").select("c.id").whereRef("c.audit_event_id", "=", "a.id").where("c.organisation_id", "=", id),
        ),
      ]),
    );
  }
  if (filters.gebruiker) {
    const pattern = `%${filters.gebruiker.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`;
    query = query.where(sql<boolean>`a.user_email like ${pattern} escape '\\'`);
  }
  if (filters.handeling) query = query.where("a.action", "=", filters.handeling);
  if (filters.rapportage) {
    // What was done to the report's versions, and the events that changed its values.
    const id = filters.rapportage;
    query = query.where((eb) =>
      eb.or([
        isAboutReportVersionOf(id),
        eb("a.id", "in", eb.selectFrom("value_change").select("audit_event_id").where("report_id", "=", id)),
      ]),
    );
  }
  if (filters.vraag) {
    // Changes to the question itself, and the events that changed an answer to it.
    const id = filters.vraag;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb("a.object_type", "=", "indicator"), eb("a.object_id", "=", String(id))]),
        eb("a.id", "in", eb.selectFrom("value_change").select("audit_event_id").where("indicator_id", "=", id)),
      ]),
    );
  }
  // Dates are Dutch calendar days; timestamps are UTC. A day in Amsterdam starts 1 or 2 h earlier in UTC.
  if (filters.van) query = query.where("a.occurred_at", ">=", startOfDayInNL(filters.van));
  if (filters.tot) query = query.where("a.occurred_at", "<", startOfDayInNL(nextDay(filters.tot)));
  return query;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** An event as the trail shows it: the action's Dutch label, the object by name, the detail in words. */
export type DescribedAuditEvent = AuditSearchItem & AuditEventText & { action_label: string };

async function described(db: Executor, events: AuditSearchItem[]): Promise<DescribedAuditEvent[]> {
  const texts = await describeAuditEvents(db, events);
  return events.map((e, i) => ({ ...e, ...texts[i]!, action_label: auditActionLabel(e.action) }));
}

/** One page of the audit trail, newest first, with the number of matching events. */
export async function searchAuditEvents(
  db: Executor,
  args: { filters: AuditSearch; pageSize: number },
): Promise<{ events: DescribedAuditEvent[]; total: number; page: number; pages: number }> {
  const total = Number(
    (
      await searchQuery(db, args.filters)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const pages = Math.max(1, Math.ceil(total / args.pageSize));
  const page = Math.min(args.filters.pagina ?? 1, pages);
  const events = await searchQuery(db, args.filters)
    .orderBy("a.id", "desc")
    .limit(args.pageSize)
    .offset((page - 1) * args.pageSize)
    .execute();
  return { events: await described(db, events), total, page, pages };
}

/** The audit CSV's header; the time is Dutch local time with its offset, as on the page (time-export.ts). */
export const AUDIT_CSV_HEADER = [
  "Tijdstip",
  "Gebruiker",
  "Namens organisatie",
  "Handeling",
  "Object",
  "Resultaat",
  "IP-adres",
  "Toelichting",
  "Wijzigingen",
];

/** The matching events as a CSV stream (keyset pages of 1,000, so memory stays flat). */
export function auditEventsCsv(db: Executor, args: { filters: AuditSearch }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastId: number | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + csvLine(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await searchQuery(db, args.filters)
        .$if(lastId !== null, (q) => q.where("a.id", "<", lastId!))
        .orderBy("a.id", "desc")
        .limit(1000)
        .execute();
      if (rows.length === 0) {
        controller.close();
        return;
      }
      lastId = rows[rows.length - 1]!.id;
      // Named in a few queries per page of 1,000 (audit-objects.server.ts).
      const [events, changes] = await Promise.all([
        described(db, rows),
        changesOfEvents(db, { eventIds: rows.map((r) => r.id), limit: 500 }),
      ]);
      controller.enqueue(
        encoder.encode(
          events
            .map((e) =>
              csvLine([
                isoInNL(e.occurred_at),
                e.user_email,
                e.acting_organisation_name,
                e.action_label,
                e.object,
                e.result === "success" ? "gelukt" : "mislukt",
                e.ip,
                e.note,
                (changes.get(e.id) ?? []).join("; "),
              ]),
            )
            .join(""),
        ),
      );
    },
  });
}

/** The distinct actions, for the search form's list. */
export async function listAuditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom("audit_event").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}
