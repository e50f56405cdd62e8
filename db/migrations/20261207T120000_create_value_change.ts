import { sql, type Kysely } from "kysely";

// Every value's history: one row per changed field of a stored answer, report progress, plan
// field, plan theme, plan action, catalogue question or organisation record, with what it was
// before and after. Who, on behalf of which organisation, when and from which address is the
// audit event the change belongs to (audit_event_id): the event says what was done ("Rapportage
// opgeslagen"), these rows say what changed. Rows are never updated or deleted (the triggers
// refuse it for every writer: the portal, a script, a console).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("value_change")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("audit_event_id", "integer", (c) => c.notNull().references("audit_event.id").onDelete("restrict"))
    .addColumn("occurred_at", "text", (c) => c.notNull())
    // Whose record it is (the signatory); null for the catalogue.
    .addColumn("organisation_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("subject", "text", (c) =>
      c.notNull().check(sql`subject in ('answer', 'progress', 'plan', 'theme', 'action', 'question', 'organisation')`),
    )
    .addColumn("report_id", "integer")
    .addColumn("plan_id", "integer")
    .addColumn("indicator_id", "integer")
    // The report or plan version the change was made in.
    .addColumn("version_number", "integer")
    // Within the subject: the action's lineage (action, progress) or the theme code (theme).
    .addColumn("item", "text")
    .addColumn("field", "text", (c) => c.notNull())
    // JSON values; null is "was not there" (before) or "removed" (after).
    .addColumn("before", "text", (c) => c.check(sql`before is null or json_valid(before)`))
    .addColumn("after", "text", (c) => c.check(sql`after is null or json_valid(after)`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('form', 'grid', 'upload', 'import', 'script')`))
    .execute();
  await db.schema.createIndex("value_change_answer_idx").on("value_change").columns(["report_id", "indicator_id", "id"]).execute();
  await db.schema.createIndex("value_change_plan_idx").on("value_change").columns(["plan_id", "id"]).execute();
  await db.schema.createIndex("value_change_indicator_idx").on("value_change").columns(["indicator_id", "id"]).execute();
  await db.schema.createIndex("value_change_organisation_idx").on("value_change").columns(["organisation_id", "id"]).execute();
  await db.schema.createIndex("value_change_event_idx").on("value_change").column("audit_event_id").execute();
  await sql`create trigger value_change_no_update before update on value_change begin select raise(abort, 'value_change is append-only'); end`.execute(
    db,
  );
  await sql`create trigger value_change_no_delete before delete on value_change begin select raise(abort, 'value_change is append-only'); end`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger value_change_no_delete`.execute(db);
  await sql`drop trigger value_change_no_update`.execute(db);
  await db.schema.dropTable("value_change").execute();
}
