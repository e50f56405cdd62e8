import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The questions of a yearly report, per reporting year. A question may continue one of the
  // previous year (continues_from_id), so trends follow a renamed or redefined question.
  await db.schema
    .createTable("indicator")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("year", "integer", (c) => c.notNull().references("reporting_year.year").onDelete("restrict"))
    .addColumn("code", "text", (c) => c.notNull().check(sql`code glob '[a-z]*' and length(code) <= 60`))
    // 'algemeen', one of the six theme codes, or 'kwalitatief'
    .addColumn("section", "text", (c) =>
      c
        .notNull()
        .check(sql`section in ('algemeen', 'milieu', 'klimaat', 'circulair', 'keten', 'diversiteit', 'social-return', 'kwalitatief')`),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("help", "text")
    .addColumn("unit", "text", (c) =>
      c.notNull().check(sql`unit in ('eur', 'count', 'tonnes_co2', 'tonnes', 'fte', 'people', 'step', 'choice', 'yes_no', 'text')`),
    )
    .addColumn("aggregation", "text", (c) => c.notNull().check(sql`aggregation in ('sum', 'distribution', 'none')`))
    .addColumn("min_value", "real")
    .addColumn("max_value", "real")
    // Above this a value is unusual: a warning that needs an explanation, not an error.
    .addColumn("usual_max", "real")
    // For unit 'choice': a JSON array of {value, label}.
    .addColumn("choices", "text", (c) => c.check(sql`choices is null or json_valid(choices)`))
    // Rule: this value may not exceed the value of part_of_code (same year); show_share shows it as a percentage of it.
    .addColumn("part_of_code", "text")
    .addColumn("show_share", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`show_share in (0, 1)`),
    )
    .addColumn("continues_from_id", "integer", (c) => c.references("indicator.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("indicator_year_code_unique", ["year", "code"])
    .execute();
  await db.schema.createIndex("indicator_year_section_idx").on("indicator").columns(["year", "section", "position"]).execute();
  await db.schema.createIndex("indicator_continues_idx").on("indicator").column("continues_from_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("indicator").execute();
}
