import { sql, type Kysely } from "kysely";

// A submitted report version's answers to its year's figure questions (the ones the sector
// overview adds up), packed into one row (app/models/version-figures.server.ts writes and reads
// the format). The sector overview adds up about 10,000 versions of about 25
// figures per year; reading them as 200,000 answer rows cost 500-700 ms the first time after a
// start at 10,000 organisations x 10 years, one packed row per version about 20 ms. The rows
// are stored in (year, version) order (without rowid), so a year's rows are read in one range.
//
// A kept row is only a copy of the version's answers: any change to those answers (which the
// portal only makes in drafts) deletes it, and any change to the year's questions deletes the
// year's rows, through these triggers, for every writer (the server, scripts, imports), so a kept
// row never disagrees with report_value; and a row is only read for the questions it was packed
// for (its layout). Rows are written
// when a report is submitted and, for versions without one (older data, other writers), at
// their first read.
const byVersion = (v: string) => `delete from version_figures where version_id = ${v};`;
const byYear = (y: string) => `delete from version_figures where year = ${y};`;
const TRIGGERS = [
  { name: "version_figures_value_added", when: "after insert on report_value", body: byVersion("new.version_id") },
  { name: "version_figures_value_removed", when: "after delete on report_value", body: byVersion("old.version_id") },
  {
    name: "version_figures_value_changed",
    when: "after update on report_value",
    body: byVersion("old.version_id") + byVersion("new.version_id"),
  },
  { name: "version_figures_question_added", when: "after insert on indicator", body: byYear("new.year") },
  { name: "version_figures_question_removed", when: "after delete on indicator", body: byYear("old.year") },
  // What makes a question a figure question (figureQuestions in version-figures.server.ts).
  {
    name: "version_figures_question_changed",
    when: "after update of year, code, unit, show_share, part_of_code on indicator",
    body: byYear("old.year") + byYear("new.year"),
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("version_figures")
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("version_id", "integer", (c) => c.notNull().references("report_version.id").onDelete("cascade"))
    // Which questions the row was packed for (a hash of the year's figure questions): a row is only
    // read for the same questions, also if a change to the catalogue escaped the triggers below.
    .addColumn("layout", "text", (c) => c.notNull())
    // Base64 text: better-sqlite3 makes a string far faster than a Buffer (about 2 against 6 µs a row).
    .addColumn("figures", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("version_figures_pk", ["year", "version_id"])
    .modifyEnd(sql`without rowid`)
    .execute();
  // For the triggers below and the foreign key.
  await db.schema.createIndex("version_figures_version_idx").on("version_figures").column("version_id").execute();
  for (const t of TRIGGERS) await sql.raw(`create trigger ${t.name} ${t.when} begin ${t.body} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TRIGGERS) await sql.raw(`drop trigger ${t.name}`).execute(db);
  await db.schema.dropTable("version_figures").execute();
}
