import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // When a session timed out. The row stays (inert: it never becomes active again) until the
  // cleanup removes it 12 hours later, so a form posted long after the timeout is still known to
  // be that user's and can be kept for them (kept_input).
  await db.schema.alterTable("session").addColumn("ended_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("session").dropColumn("ended_at").execute();
}
