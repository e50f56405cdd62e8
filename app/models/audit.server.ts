import type { Executor } from "~/db.server";
import { nowIso } from "~/utils/time";

export type AuditInput = {
  action: string;
  userId?: number | null;
  userEmail?: string | null;
  actingOrganisationId?: number | null;
  objectType?: string | null;
  objectId?: string | number | null;
  result?: "success" | "failure";
  ip?: string | null;
  /** Never put passwords, codes or session ids in here. */
  detail?: Record<string, unknown> | null;
};

/** Appends one event to the audit trail. Call it inside the transaction of the change it records. */
export async function recordAuditEvent(db: Executor, event: AuditInput): Promise<void> {
  await db
    .insertInto("audit_event")
    .values({
      occurred_at: nowIso(),
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
    .execute();
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
