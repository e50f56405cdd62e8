import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Append-only. "By X on behalf of Y": user_id is X, acting_organisation_id is Y.
  await db.schema
    .createTable("audit_event")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    // The e-mail at the time of the event, so the trail stays readable if a user is removed.
    .addColumn("user_email", "text")
    .addColumn("acting_organisation_id", "integer", (c) => c.references("organisation.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("object_type", "text")
    .addColumn("object_id", "text")
    .addColumn("result", "text", (c) =>
      c
        .notNull()
        .defaultTo("success")
        .check(sql`result in ('success', 'failure')`),
    )
    .addColumn("ip", "text")
    .addColumn("detail", "text", (c) => c.check(sql`detail is null or json_valid(detail)`))
    .execute();

  await db.schema.createIndex("audit_event_occurred_idx").on("audit_event").column("occurred_at").execute();
  await db.schema
    .createIndex("audit_event_organisation_idx")
    .on("audit_event")
    .columns(["acting_organisation_id", "occurred_at"])
    .execute();
  await db.schema.createIndex("audit_event_user_idx").on("audit_event").columns(["user_id", "occurred_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_event").execute();
}
