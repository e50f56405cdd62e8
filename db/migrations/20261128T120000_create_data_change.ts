import { sql, type Kysely } from "kysely";

// A change counter per kind of data that in-memory caches depend on, kept by triggers, so any
// writer (the server, a script, another process) invalidates the caches in the same transaction.
// Reading it is one index probe; the stamp it replaces (max and count over report_version) cost
// 4.6 ms per page at 10,000 organisations x 10 years (README -> Performance).
//   reports:       a report version is added, removed, or changes status or review (draft saves do not count)
//   catalogue:     any change to the indicator catalogue
//   organisations: any change to an organisation (its sector, whether it is active)
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

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("data_change")
    .addColumn("scope", "text", (c) => c.primaryKey().check(sql`scope in ('reports', 'catalogue', 'organisations')`))
    .addColumn("counter", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto("data_change")
    .values([{ scope: "reports" }, { scope: "catalogue" }, { scope: "organisations" }])
    .execute();
  for (const t of TRIGGERS) {
    await sql
      .raw(
        `create trigger data_change_${t.name} ${t.when} on ${t.on} begin update data_change set counter = counter + 1 where scope = '${t.scope}'; end`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TRIGGERS) await sql.raw(`drop trigger data_change_${t.name}`).execute(db);
  await db.schema.dropTable("data_change").execute();
}
