import { sql, type Kysely } from "kysely";

// Rate limits for every way in (issue #25): each row counts the requests of one subject (an IP
// address, a session, an e-mail address typed in a form; only a hash of it is stored) of one kind
// in one fixed time window. Kept in the database, as the login throttle is, so a limit holds
// across every process that serves the portal. Rows of windows that ended are removed hourly.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limit")
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("window_start", "text", (c) => c.notNull())
    .addColumn("window_end", "text", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull().check(sql`hits >= 1`))
    .addPrimaryKeyConstraint("rate_limit_pk", ["bucket", "window_start"])
    .execute();
  await db.schema.createIndex("rate_limit_window_end_idx").on("rate_limit").column("window_end").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limit").execute();
}
