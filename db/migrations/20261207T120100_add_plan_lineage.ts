import { sql, type Kysely } from "kysely";

// Plan lineage (issue #21). Revising a plan copies its actions under new ids; a lineage id, copied
// on revise, keeps an action's identity across versions (a new action starts its own lineage: its
// own id). Theme targets need none: a target is identified by its theme and year in every version.
//   - action_plan_action.lineage_id: the id of the lineage's first action.
//   - report_action_progress refers to the lineage (action_lineage_id), not one version's action,
//     so progress survives a revision of the plan.
//   - report_version.plan_version_id: the plan version in force when the report version was
//     submitted; it is read against that plan for ever (null: a draft, read against the plan that
//     counts now).
// Existing data: the actions of consecutive plan versions are paired on equal titles (in position
// order); an unpaired action starts a lineage (pairing on positions could hand a removed action's
// progress to a new one: a new lineage is the safe failure). A submitted report version gets the
// plan version its progress rows point at (the newest, when a draft's progress was entered against
// two plans), else the plan version that counted when it was submitted (the newest accepted before
// then, else the newest submitted before then). Progress rows of one version that point at two
// versions of the same action keep the one of the newer plan. All in one transaction: SQLite runs
// migrations without one, and a half-done migration could not be run again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute((trx) => migrate(trx));
}

async function migrate(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("action_plan_action")
    .addColumn("lineage_id", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  type ActionRow = { id: number; version_id: number; position: number; title: string };
  const versions = await db
    .selectFrom("action_plan_version")
    .select(["id", "plan_id", "number"])
    .orderBy("plan_id")
    .orderBy("number")
    .execute();
  const actions = (await db
    .selectFrom("action_plan_action")
    .select(["id", "version_id", "position", "title"])
    .orderBy("version_id")
    .orderBy("position")
    .execute()) as ActionRow[];
  const byVersion = new Map<number, ActionRow[]>();
  for (const a of actions) byVersion.set(a.version_id, [...(byVersion.get(a.version_id) ?? []), a]);
  const lineage = new Map<number, number>();
  let previous: { planId: number; actions: ActionRow[] } | null = null;
  for (const v of versions) {
    const own = byVersion.get(v.id) ?? [];
    const earlier = previous && previous.planId === v.plan_id ? [...previous.actions] : [];
    for (const a of own) {
      const i = earlier.findIndex((e) => e.title === a.title);
      lineage.set(a.id, i >= 0 ? lineage.get(earlier.splice(i, 1)[0]!.id)! : a.id);
    }
    previous = { planId: v.plan_id, actions: own };
  }
  for (const [id, line] of lineage) await db.updateTable("action_plan_action").set({ lineage_id: line }).where("id", "=", id).execute();
  await db.schema
    .createIndex("action_plan_action_lineage_idx")
    .on("action_plan_action")
    .columns(["version_id", "lineage_id"])
    .unique()
    .execute();

  await db.schema
    .alterTable("report_version")
    .addColumn("plan_version_id", "integer", (c) => c.references("action_plan_version.id").onDelete("restrict"))
    .execute();
  // The plan version each submitted report version's progress was entered against.
  await sql`update report_version set plan_version_id = (
      select a.version_id from report_action_progress p join action_plan_action a on a.id = p.plan_action_id
      where p.version_id = report_version.id order by a.version_id desc limit 1)
    where status <> 'draft'`.execute(db);
  // Without progress: the plan that counted when it was submitted.
  await sql`update report_version set plan_version_id = (
      select pv.id from action_plan_version pv
        join action_plan p on p.id = pv.plan_id
        join report r on r.organisation_id = p.organisation_id
      where r.id = report_version.report_id and pv.submitted_at is not null and pv.submitted_at <= report_version.submitted_at
        and not (pv.status = 'returned' and pv.reviewed_at <= report_version.submitted_at)
      order by case when pv.status = 'accepted' and pv.reviewed_at <= report_version.submitted_at then 0 else 1 end, pv.number desc
      limit 1)
    where status <> 'draft' and plan_version_id is null`.execute(db);

  await db.schema
    .createTable("report_action_progress_new")
    .addColumn("version_id", "integer", (c) => c.notNull().references("report_version.id").onDelete("cascade"))
    .addColumn("action_lineage_id", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.check(sql`status in ('not_started', 'running', 'done', 'dropped')`))
    .addColumn("note", "text")
    .addColumn("entered_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("entered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_action_progress_pk", ["version_id", "action_lineage_id"])
    .execute();
  await sql`insert into report_action_progress_new (version_id, action_lineage_id, status, note, entered_by, entered_at)
    select version_id, lineage_id, status, note, entered_by, entered_at from (
      select p.version_id, a.lineage_id, p.status, p.note, p.entered_by, p.entered_at,
        row_number() over (partition by p.version_id, a.lineage_id order by a.version_id desc, p.entered_at desc) as n
      from report_action_progress p join action_plan_action a on a.id = p.plan_action_id)
    where n = 1`.execute(db);
  await db.schema.dropTable("report_action_progress").execute();
  await db.schema.alterTable("report_action_progress_new").renameTo("report_action_progress").execute();
}

/**
 * Back to progress per action id: each row goes to the action of its lineage in the plan the report
 * version is read against (pinned, else the plan that counts now); a row whose action is not in
 * that plan is dropped. `report_version.plan_version_id` stays (SQLite cannot drop a column with a
 * foreign key; the code before this migration does not read it).
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("report_action_progress_old")
      .addColumn("version_id", "integer", (c) => c.notNull().references("report_version.id").onDelete("cascade"))
      .addColumn("plan_action_id", "integer", (c) => c.notNull().references("action_plan_action.id").onDelete("cascade"))
      .addColumn("status", "text", (c) => c.check(sql`status in ('not_started', 'running', 'done', 'dropped')`))
      .addColumn("note", "text")
      .addColumn("entered_by", "integer", (c) => c.references("user.id").onDelete("set null"))
      .addColumn("entered_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("report_action_progress_pk_old", ["version_id", "plan_action_id"])
      .execute();
    await sql`insert into report_action_progress_old (version_id, plan_action_id, status, note, entered_by, entered_at)
      select p.version_id, a.id, p.status, p.note, p.entered_by, p.entered_at
      from report_action_progress p
      join report_version v on v.id = p.version_id
      join report r on r.id = v.report_id
      join action_plan_action a on a.lineage_id = p.action_lineage_id and a.version_id = coalesce(v.plan_version_id, (
        select pv.id from action_plan_version pv join action_plan pl on pl.id = pv.plan_id
        where pl.organisation_id = r.organisation_id and pv.status in ('accepted', 'submitted')
        order by case pv.status when 'accepted' then 0 else 1 end, pv.number desc limit 1))`.execute(trx);
    await trx.schema.dropTable("report_action_progress").execute();
    await trx.schema.alterTable("report_action_progress_old").renameTo("report_action_progress").execute();
    await trx.schema.dropIndex("action_plan_action_lineage_idx").execute();
    await trx.schema.alterTable("action_plan_action").dropColumn("lineage_id").execute();
  });
}
