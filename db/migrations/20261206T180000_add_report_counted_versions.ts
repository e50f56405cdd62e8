import { sql, type Kysely } from "kysely";

// Each report's counted versions (app/models/counted-version.server.ts, docs/figures.md), kept on
// the report by triggers, so that choosing them for a year is an index range scan instead of a
// probe of every report's versions (at 10,000 organisations x 10 years that probe cost 26-50 ms
// per year, and a trend reads ten years):
//   counted_accepted_version_id:  the highest-numbered accepted version (basis "geaccepteerd")
//   counted_submitted_version_id: the highest-numbered submitted or accepted version ("ingediend")
// Triggers on report_version keep them for every writer (the server, scripts, imports), in the
// same transaction as the change.
const ACCEPTED = `(select v.id from report_version v where v.report_id = report.id and v.status = 'accepted' order by v.number desc limit 1)`;
const SUBMITTED = `(select v.id from report_version v where v.report_id = report.id and v.status in ('accepted', 'submitted') order by v.number desc limit 1)`;
const refresh = (report: string) =>
  `update report set counted_accepted_version_id = ${ACCEPTED}, counted_submitted_version_id = ${SUBMITTED} where id = ${report};`;

const TRIGGERS = [
  { name: "report_counted_version_added", when: "after insert on report_version", body: refresh("new.report_id") },
  { name: "report_counted_version_removed", when: "after delete on report_version", body: refresh("old.report_id") },
  {
    name: "report_counted_version_changed",
    when: "after update of status, number, report_id on report_version",
    body: refresh("new.report_id") + " " + refresh("old.report_id"),
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key: the triggers keep them (a report and its versions would reference each other).
  await db.schema.alterTable("report").addColumn("counted_accepted_version_id", "integer").execute();
  await db.schema.alterTable("report").addColumn("counted_submitted_version_id", "integer").execute();
  await sql.raw(`update report set counted_accepted_version_id = ${ACCEPTED}, counted_submitted_version_id = ${SUBMITTED}`).execute(db);
  // (year, counted version) with the organisation: the year's counted versions from the index alone.
  await db.schema
    .createIndex("report_counted_accepted_idx")
    .on("report")
    .columns(["year", "counted_accepted_version_id", "organisation_id"])
    .execute();
  await db.schema
    .createIndex("report_counted_submitted_idx")
    .on("report")
    .columns(["year", "counted_submitted_version_id", "organisation_id"])
    .execute();
  for (const t of TRIGGERS) await sql.raw(`create trigger ${t.name} ${t.when} begin ${t.body} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TRIGGERS) await sql.raw(`drop trigger ${t.name}`).execute(db);
  await db.schema.dropIndex("report_counted_submitted_idx").execute();
  await db.schema.dropIndex("report_counted_accepted_idx").execute();
  await db.schema.alterTable("report").dropColumn("counted_submitted_version_id").execute();
  await db.schema.alterTable("report").dropColumn("counted_accepted_version_id").execute();
}
