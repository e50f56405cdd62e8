import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One plan per organisation; its history is a list of versions.
  await db.schema
    .createTable("action_plan")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("organisation_id", "integer", (c) => c.notNull().unique().references("organisation.id").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // A version is a whole plan. Only a draft can change; submitting freezes it. lock_version is
  // the optimistic lock: every save names the lock_version it was based on and bumps it.
  await db.schema
    .createTable("action_plan_version")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("plan_id", "integer", (c) => c.notNull().references("action_plan.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'submitted', 'accepted', 'returned')`))
    .addColumn("lock_version", "integer", (c) => c.notNull().defaultTo(1))
    // 1. General
    .addColumn("period_start_year", "integer", (c) => c.check(sql`period_start_year between 2020 and 2040`))
    .addColumn("period_end_year", "integer", (c) => c.check(sql`period_end_year between 2020 and 2040`))
    .addColumn("adopted_state", "text", (c) => c.check(sql`adopted_state in ('adopted', 'not_yet')`))
    .addColumn("adopted_on", "text", (c) => c.check(sql`adopted_on is null or date(adopted_on) is adopted_on`))
    .addColumn("published_url", "text")
    .addColumn("file_name", "text")
    .addColumn("file_sha256", "text")
    .addColumn("file_size", "integer")
    // 4. Resources
    .addColumn("budget_eur", "integer", (c) => c.check(sql`budget_eur >= 0`))
    .addColumn("staff_fte", "real", (c) => c.check(sql`staff_fte >= 0`))
    // Life cycle
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("submitted_at", "text")
    .addColumn("submitted_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("reviewed_at", "text")
    .addColumn("reviewed_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("return_reason", "text")
    .addUniqueConstraint("action_plan_version_number_unique", ["plan_id", "number"])
    .addCheckConstraint(
      "action_plan_version_period",
      sql`period_end_year is null or period_start_year is null or period_end_year >= period_start_year`,
    )
    .addCheckConstraint("action_plan_version_returned_has_reason", sql`status <> 'returned' or length(return_reason) > 0`)
    .execute();
  // At most one draft per plan.
  await db.schema
    .createIndex("action_plan_version_one_draft")
    .on("action_plan_version")
    .column("plan_id")
    .unique()
    .where(sql.ref("status"), "=", sql.lit("draft"))
    .execute();

  await db.schema
    .createTable("action_plan_theme")
    .addColumn("version_id", "integer", (c) => c.notNull().references("action_plan_version.id").onDelete("cascade"))
    .addColumn("theme", "text", (c) =>
      c.notNull().check(sql`theme in ('milieu', 'klimaat', 'circulair', 'keten', 'diversiteit', 'social-return')`),
    )
    .addColumn("chosen", "integer", (c) => c.notNull().check(sql`chosen in (0, 1)`))
    .addColumn("current_step", "integer", (c) => c.check(sql`current_step between 1 and 5`))
    .addColumn("criteria_level", "text", (c) => c.check(sql`criteria_level in ('basis', 'significant', 'ambitieus')`))
    .addColumn("ambition", "text")
    .addPrimaryKeyConstraint("action_plan_theme_pk", ["version_id", "theme"])
    .execute();

  await db.schema
    .createTable("action_plan_target")
    .addColumn("version_id", "integer", (c) => c.notNull().references("action_plan_version.id").onDelete("cascade"))
    .addColumn("theme", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull().check(sql`year between 2020 and 2040`))
    .addColumn("target_step", "integer", (c) => c.notNull().check(sql`target_step between 1 and 5`))
    .addPrimaryKeyConstraint("action_plan_target_pk", ["version_id", "theme", "year"])
    .addForeignKeyConstraint("action_plan_target_theme_fk", ["version_id", "theme"], "action_plan_theme", ["version_id", "theme"], (c) =>
      c.onDelete("cascade"),
    )
    .execute();

  await db.schema
    .createTable("action_plan_action")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("version_id", "integer", (c) => c.notNull().references("action_plan_version.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // JSON array of theme codes.
    .addColumn("themes", "text", (c) =>
      c
        .notNull()
        .defaultTo("[]")
        .check(sql`json_valid(themes) and json_type(themes) = 'array'`),
    )
    .addColumn("owner", "text")
    .addColumn("planned_year", "integer", (c) => c.check(sql`planned_year between 2020 and 2040`))
    .addColumn("planned_quarter", "integer", (c) => c.check(sql`planned_quarter between 1 and 4`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("planned")
        .check(sql`status in ('planned', 'running', 'done', 'dropped')`),
    )
    .execute();
  await db.schema.createIndex("action_plan_action_version_idx").on("action_plan_action").columns(["version_id", "position"]).execute();
  await db.schema.createIndex("action_plan_version_plan_idx").on("action_plan_version").columns(["plan_id", "number"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("action_plan_action").execute();
  await db.schema.dropTable("action_plan_target").execute();
  await db.schema.dropTable("action_plan_theme").execute();
  await db.schema.dropTable("action_plan_version").execute();
  await db.schema.dropTable("action_plan").execute();
}
