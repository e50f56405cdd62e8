import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reporting_year")
    .addColumn("year", "integer", (c) => c.primaryKey().check(sql`year between 2020 and 2100`))
    .addColumn("opens_at", "text", (c) => c.notNull().check(sql`date(opens_at) is opens_at`))
    .addColumn("due_at", "text", (c) => c.notNull().check(sql`date(due_at) is due_at`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addCheckConstraint("reporting_year_due_after_open", sql`due_at > opens_at`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reporting_year").execute();
}
