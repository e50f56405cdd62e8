import { sql, type Kysely } from "kysely";

// A change counter for the answers of versions that are no longer drafts. The portal never
// changes those (answers are only written to a draft; submitting, reviewing and reopening change a
// version's status or make a new draft), so in normal use this counter stands still. But a script,
// a repair in the database or an import may change them, and the figures that the server keeps in
// memory (version-figures.server.ts) and every cached aggregate must then follow. Raised by
// triggers, for every writer, in the same transaction as the change:
//   - an answer of a version that is not a draft is added, changed or removed;
//   - a version that is not a draft is added, removed, moved to another report, or set back to draft.
// Two gaps in the "reports" counter are closed on the way: renumbering a version (which can change
// which version counts) and moving a report to another organisation or year now raise it too.
// The scope list is a CHECK on the table, so the table is rebuilt as in
// 20261128T150000_data_change_memberships.ts: its triggers dropped first and made again after, in
// one transaction. From here on this file holds the complete list of triggers (AFTER and FIGURES).
type Trigger = { name: string; on: string; when: string; scope: string; condition?: string };
const BEFORE: Trigger[] = [
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
  { name: "membership_added", on: "membership", when: "after insert", scope: "memberships" },
  { name: "membership_changed", on: "membership", when: "after update", scope: "memberships" },
  { name: "membership_removed", on: "membership", when: "after delete", scope: "memberships" },
];
/** BEFORE, with the "reports" gaps closed: what `up` makes. */
const AFTER: Trigger[] = [
  ...BEFORE.map((t) =>
    t.name === "report_version_status" ? { ...t, when: "after update of status, submitted_at, reviewed_at, report_id, number" } : t,
  ),
  { name: "report_moved", on: "report", when: "after update of organisation_id, year", scope: "reports" },
];
const submitted = (version: string) => `(select status from report_version where id = ${version}) <> 'draft'`;
const FIGURES: Trigger[] = [
  { name: "figures_answer_added", on: "report_value", when: "after insert", scope: "figures", condition: submitted("new.version_id") },
  {
    name: "figures_answer_changed",
    on: "report_value",
    when: "after update",
    scope: "figures",
    condition: `${submitted("old.version_id")} or ${submitted("new.version_id")}`,
  },
  { name: "figures_answer_removed", on: "report_value", when: "after delete", scope: "figures", condition: submitted("old.version_id") },
  { name: "figures_version_removed", on: "report_version", when: "after delete", scope: "figures", condition: "old.status <> 'draft'" },
  // A version written as submitted at once (an import, or a script's "insert or replace").
  { name: "figures_version_added", on: "report_version", when: "after insert", scope: "figures", condition: "new.status <> 'draft'" },
  {
    name: "figures_version_changed",
    on: "report_version",
    when: "after update of status, report_id",
    scope: "figures",
    condition: "old.status <> 'draft' and (new.status = 'draft' or new.report_id <> old.report_id)",
  },
];

async function rebuild(db: Kysely<any>, scopes: string[], triggers: Trigger[]) {
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
    const when = t.condition ? ` when ${t.condition}` : "";
    await sql
      .raw(
        `create trigger data_change_${t.name} ${t.when} on ${t.on}${when} begin update data_change set counter = counter + 1 where scope = '${t.scope}'; end`,
      )
      .execute(db);
  }
}

const SCOPES = ["reports", "catalogue", "organisations", "memberships"];

export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of BEFORE) await sql.raw(`drop trigger data_change_${t.name}`).execute(trx);
    await rebuild(trx, [...SCOPES, "figures"], [...AFTER, ...FIGURES]);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of [...AFTER, ...FIGURES]) await sql.raw(`drop trigger data_change_${t.name}`).execute(trx);
    await rebuild(trx, SCOPES, BEFORE);
  });
}
