import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // When this session's login passed the second factor (a code from the app, a recovery code,
  // or setting the app up at login); null for a login with the password only. The ministry and
  // admin pages need it set. Sessions from before this column existed get null: they passed no
  // check that was recorded, so they must log in again for those pages.
  await db.schema.alterTable("session").addColumn("mfa_passed_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("session").dropColumn("mfa_passed_at").execute();
}
