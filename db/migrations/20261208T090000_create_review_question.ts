import { sql, type Kysely } from "kysely";

// Questions on single values (issue #24): the ministry asks about one answer, one action's stand,
// one plan theme or one plan action of a submitted version; the organisation answers (and/or
// changes the value and resubmits); the ministry closes the question. A question is kept with the
// version it was asked on and with the document, so every later version shows it. Who asked,
// answered and closed it, and on behalf of which organisation, is also in the audit trail.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("review_question")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("document", "text", (c) => c.notNull().check(sql`document in ('report', 'plan')`))
    .addColumn("report_id", "integer", (c) => c.references("report.id").onDelete("restrict"))
    .addColumn("plan_id", "integer", (c) => c.references("action_plan.id").onDelete("restrict"))
    // The version it was asked on (report_version.id or action_plan_version.id) and its number.
    .addColumn("version_id", "integer", (c) => c.notNull())
    .addColumn("version_number", "integer", (c) => c.notNull())
    // What it is about: a report's answer (the question's code), an action's stand or a plan action
    // (the action's lineage, stable across plan versions), or a plan theme (the theme's code).
    .addColumn("target", "text", (c) => c.notNull().check(sql`target in ('answer', 'action', 'theme')`))
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    // Marked by the reviewer for follow-up (kept after the question is closed).
    .addColumn("follow_up", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`follow_up in (0, 1)`),
    )
    .addColumn("asked_by", "integer", (c) => c.notNull().references("user.id").onDelete("restrict"))
    .addColumn("asked_at", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by", "integer", (c) => c.references("user.id").onDelete("restrict"))
    .addColumn("answered_at", "text")
    .addColumn("closed_by", "integer", (c) => c.references("user.id").onDelete("restrict"))
    .addColumn("closed_at", "text")
    .addCheckConstraint(
      "review_question_document_check",
      sql`(document = 'report' and report_id is not null and plan_id is null) or (document = 'plan' and plan_id is not null and report_id is null)`,
    )
    .execute();
  await db.schema.createIndex("review_question_report_idx").on("review_question").columns(["report_id", "id"]).execute();
  await db.schema.createIndex("review_question_plan_idx").on("review_question").columns(["plan_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("review_question").execute();
}
