import type { Kysely } from "kysely";

// Found with npm run bench (EXPLAIN QUERY PLAN): the share aggregates built an automatic index
// on indicator(show_share) for every query.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("indicator_year_share_idx").on("indicator").columns(["year", "show_share", "id"]).execute();
  await db.schema.createIndex("indicator_year_unit_idx").on("indicator").columns(["year", "unit", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("indicator_year_unit_idx").execute();
  await db.schema.dropIndex("indicator_year_share_idx").execute();
}
