import { sql, type Kysely } from "kysely";

// The act-for rule (app/auth/access.server.ts) finds the organisations signed via one a user is
// editor of: organisation.signed_via_id = ?. Most organisations sign for themselves, so in the
// planner's statistics (ANALYZE) nearly every row shared one value (NULL), and SQLite scanned all
// organisations instead (0.2 ms at 2,000, on every page, growing with the number). An index of
// only the joint signatures keeps the lookup a probe whatever the statistics say.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("organisation_signed_via_idx").execute();
  await db.schema
    .createIndex("organisation_signed_via_idx")
    .on("organisation")
    .column("signed_via_id")
    .where(sql.ref("signed_via_id"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("organisation_signed_via_idx").execute();
  await db.schema.createIndex("organisation_signed_via_idx").on("organisation").column("signed_via_id").execute();
}
