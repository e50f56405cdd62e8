import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("report")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("year", "integer", (c) => c.notNull().references("reporting_year.year").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("report_organisation_year_unique", ["organisation_id", "year"])
    .execute();
  await db.schema.createIndex("report_year_idx").on("report").columns(["year", "organisation_id"]).execute();

  await db.schema
    .createTable("report_version")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("report_id", "integer", (c) => c.notNull().references("report.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'submitted', 'accepted', 'returned')`))
    .addColumn("lock_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("late", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`late in (0, 1)`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("reviewed_at", "text")
    .addColumn("reviewed_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("return_reason", "text")
    // Why the ministry reopened the accepted previous version (set on the new draft).
    .addColumn("reopen_reason", "text")
    .addUniqueConstraint("report_version_number_unique", ["report_id", "number"])
    .addCheckConstraint("report_version_returned_has_reason", sql`status <> 'returned' or length(return_reason) > 0`)
    .execute();
  await db.schema
    .createIndex("report_version_one_draft")
    .on("report_version")
    .column("report_id")
    .unique()
    .where(sql.ref("status"), "=", sql.lit("draft"))
    .execute();
  await db.schema.createIndex("report_version_status_idx").on("report_version").columns(["status", "report_id"]).execute();

  // One answer per question: a value, "unknown" or "not applicable" (never stored as 0), with its
  // provenance: who entered it and when (for the report's organisation).
  await db.schema
    .createTable("report_value")
    .addColumn("version_id", "integer", (c) => c.notNull().references("report_version.id").onDelete("cascade"))
    .addColumn("indicator_id", "integer", (c) => c.notNull().references("indicator.id").onDelete("restrict"))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('value', 'unknown', 'not_applicable')`))
    .addColumn("number_value", "real")
    .addColumn("text_value", "text")
    .addColumn("explanation", "text")
    .addColumn("prefilled", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`prefilled in (0, 1)`),
    )
    .addColumn("entered_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("entered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_value_pk", ["version_id", "indicator_id"])
    .addCheckConstraint(
      "report_value_state_matches",
      sql`(state = 'value' and (number_value is not null or text_value is not null)) or (state <> 'value' and number_value is null and text_value is null)`,
    )
    .execute();
  await db.schema.createIndex("report_value_indicator_idx").on("report_value").columns(["indicator_id", "version_id"]).execute();

  // Progress on the plan's actions in this year.
  await db.schema
    .createTable("report_action_progress")
    .addColumn("version_id", "integer", (c) => c.notNull().references("report_version.id").onDelete("cascade"))
    .addColumn("plan_action_id", "integer", (c) => c.notNull().references("action_plan_action.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.check(sql`status in ('not_started', 'running', 'done', 'dropped')`))
    .addColumn("note", "text")
    .addColumn("entered_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("entered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_action_progress_pk", ["version_id", "plan_action_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_action_progress").execute();
  await db.schema.dropTable("report_value").execute();
  await db.schema.dropTable("report_version").execute();
  await db.schema.dropTable("report").execute();
}
