import type { Kysely } from "kysely";

// The ministry can reopen an accepted action plan, as it can a report (issue #24): the new draft
// keeps the reason, which the organisation reads on its plan's page.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("action_plan_version").addColumn("reopen_reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("action_plan_version").dropColumn("reopen_reason").execute();
}
