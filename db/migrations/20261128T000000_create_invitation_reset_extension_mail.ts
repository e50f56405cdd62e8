import { sql, type Kysely } from "kysely";

// Administration and e-mail (#6): invitations, password resets, per-organisation deadline
// extensions and the outbox of e-mail messages (what was sent, what still has to go).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("invitation")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    // Only a SHA-256 of the token is stored; the token itself is only in the e-mail.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('editor','viewer','reviewer','admin')`))
    .addColumn("invited_by", "integer", (c) => c.references("user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("used_by", "integer", (c) => c.references("user.id"))
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("invitation_email").on("invitation").column("email").execute();

  await db.schema
    .createTable("password_reset")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("password_reset_user").on("password_reset").column("user_id").execute();

  await db.schema
    .createTable("deadline_extension")
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id"))
    .addColumn("year", "integer", (c) => c.notNull().references("reporting_year.year"))
    .addColumn("due_at", "text", (c) => c.notNull().check(sql`date(due_at) is due_at`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("granted_by", "integer", (c) => c.references("user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("deadline_extension_pk", ["organisation_id", "year"])
    .execute();

  await db.schema
    .createTable("mail_message")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    // Unique per message that may be sent once (reminders): the reminder run is idempotent.
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending','sent','failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("mail_message_status").on("mail_message").columns(["status", "id"]).execute();

  // Searching the audit trail by user e-mail and action (organisation and date have indexes).
  await db.schema.createIndex("audit_event_user").on("audit_event").columns(["user_email", "id"]).execute();
  await db.schema.createIndex("audit_event_action").on("audit_event").columns(["action", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ["audit_event_user", "audit_event_action"]) {
    await db.schema.dropIndex(index).execute();
  }
  for (const table of ["mail_message", "deadline_extension", "password_reset", "invitation"]) {
    await db.schema.dropTable(table).execute();
  }
}
