import { sql, type Kysely } from "kysely";

// A change counter for memberships, so what follows from a user's memberships (their roles, read
// on every request, and how many organisations they may act for) can be kept in memory too. The
// scope list is a CHECK on the table, so the table is rebuilt; its triggers are dropped first (a
// rename would rewrite them to the old table) and made again after, all in one transaction.
// From here on this file holds the complete list of triggers.
const TRIGGERS: { name: string; on: string; when: string; scope: string }[] = [
  { name: "report_version_added", on: "report_version", when: "after insert", scope: "reports" },
  { name: "report_version_removed", on: "report_version", when: "after delete", scope: "reports" },
  {
    name: "report_version_status",
    on: "report_version",
    when: "after update of status, submitted_at, reviewed_at, report_id",
    scope: "reports",
  },
  { name: "indicator_added", on: "indicator", when: "after insert", scope: "catalogue" },
  { name: "indicator_changed", on: "indicator", when: "after update", scope: "catalogue" },
  { name: "indicator_removed", on: "indicator", when: "after delete", scope: "catalogue" },
  { name: "organisation_added", on: "organisation", when: "after insert", scope: "organisations" },
  { name: "organisation_changed", on: "organisation", when: "after update", scope: "organisations" },
  { name: "organisation_removed", on: "organisation", when: "after delete", scope: "organisations" },
];
const MEMBERSHIP_TRIGGERS = [
  { name: "membership_added", on: "membership", when: "after insert", scope: "memberships" },
  { name: "membership_changed", on: "membership", when: "after update", scope: "memberships" },
  { name: "membership_removed", on: "membership", when: "after delete", scope: "memberships" },
];

async function rebuild(db: Kysely<any>, scopes: string[], triggers: typeof TRIGGERS) {
  await sql`alter table data_change rename to data_change_old`.execute(db);
  await db.schema
    .createTable("data_change")
    .addColumn("scope", "text", (c) => c.primaryKey().check(sql.raw(`scope in (${scopes.map((s) => `'${s}'`).join(", ")})`)))
    .addColumn("counter", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto("data_change")
    .values(scopes.map((scope) => ({ scope })))
    .execute();
  await sql`update data_change set counter = coalesce((select counter from data_change_old o where o.scope = data_change.scope), 0)`.execute(
    db,
  );
  await db.schema.dropTable("data_change_old").execute();
  for (const t of triggers) {
    await sql
      .raw(
        `create trigger data_change_${t.name} ${t.when} on ${t.on} begin update data_change set counter = counter + 1 where scope = '${t.scope}'; end`,
      )
      .execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of TRIGGERS) await sql.raw(`drop trigger data_change_${t.name}`).execute(trx);
    await rebuild(trx, ["reports", "catalogue", "organisations", "memberships"], [...TRIGGERS, ...MEMBERSHIP_TRIGGERS]);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of [...TRIGGERS, ...MEMBERSHIP_TRIGGERS]) await sql.raw(`drop trigger data_change_${t.name}`).execute(trx);
    await rebuild(trx, ["reports", "catalogue", "organisations"], TRIGGERS);
  });
}
