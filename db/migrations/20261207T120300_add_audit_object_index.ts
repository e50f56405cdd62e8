import type { Kysely } from "kysely";

// The audit trail's filters on one report or one question look events up by their object.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("audit_event_object_idx").on("audit_event").columns(["object_type", "object_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_event_object_idx").execute();
}
