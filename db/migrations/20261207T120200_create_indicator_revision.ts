import { sql, type Kysely } from "kysely";

// Catalogue revisions (issue #21). A question is never changed in place under the answers given to
// it: every change of its wording, help, bounds or choices, and its retirement, is a new revision.
// The indicator row keeps the newest revision's values (what drafts and the figures read); a
// submitted report version records the newest revision id at that moment (catalogue_revision) and
// is shown and checked with the revisions it was answered with, for ever. Code, unit and section
// never change (a new unit is a new question). Triggers write the revisions, so every writer (the
// admin form, a catalogue copy, the seed, a script) keeps them.
const TRACKED = ["label", "help", "min_value", "max_value", "usual_max", "choices", "retired"] as const;
/** The moment of the change, as the portal writes timestamps (UTC, ISO 8601). */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("indicator")
    .addColumn("retired", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("indicator_revision")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("indicator_id", "integer", (c) => c.notNull().references("indicator.id").onDelete("restrict"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("help", "text")
    .addColumn("min_value", "real")
    .addColumn("max_value", "real")
    .addColumn("usual_max", "real")
    .addColumn("choices", "text")
    .addColumn("retired", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("indicator_revision_number_unique", ["indicator_id", "number"])
    .execute();
  // The values as they are now, as of their last change.
  await sql`insert into indicator_revision (indicator_id, number, label, help, min_value, max_value, usual_max, choices, retired, created_at)
    select id, 1, label, help, min_value, max_value, usual_max, choices, retired, updated_at from indicator order by id`.execute(db);
  const columns = TRACKED.join(", ");
  const values = TRACKED.map((c) => `new.${c}`).join(", ");
  await sql
    .raw(
      `create trigger indicator_first_revision after insert on indicator begin
        insert into indicator_revision (indicator_id, number, ${columns}, created_at) values (new.id, 1, ${values}, ${NOW});
      end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger indicator_next_revision after update of ${columns} on indicator
      when ${TRACKED.map((c) => `old.${c} is not new.${c}`).join(" or ")}
      begin
        insert into indicator_revision (indicator_id, number, ${columns}, created_at)
        values (new.id, (select max(number) + 1 from indicator_revision where indicator_id = new.id), ${values}, ${NOW});
      end`,
    )
    .execute(db);
  await sql`create trigger indicator_revision_no_update before update on indicator_revision begin select raise(abort, 'indicator_revision is append-only'); end`.execute(
    db,
  );
  await sql`create trigger indicator_revision_no_delete before delete on indicator_revision begin select raise(abort, 'indicator_revision is append-only'); end`.execute(
    db,
  );

  await db.schema.alterTable("report_version").addColumn("catalogue_revision", "integer").execute();
  // What was submitted before revisions existed is shown with the questions as they are now: the
  // catalogue kept no older wording to go back to.
  await sql`update report_version set catalogue_revision = (select max(id) from indicator_revision) where status <> 'draft'`.execute(db);
}

/** Back to questions without revisions (what was revised keeps its newest wording). */
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    "indicator_first_revision",
    "indicator_next_revision",
    "indicator_revision_no_update",
    "indicator_revision_no_delete",
  ])
    await sql.raw(`drop trigger ${trigger}`).execute(db);
  await db.schema.dropTable("indicator_revision").execute();
  await db.schema.alterTable("report_version").dropColumn("catalogue_revision").execute();
  await db.schema.alterTable("indicator").dropColumn("retired").execute();
}
