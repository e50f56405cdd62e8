import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "~/database/connection.server";

/**
 * A SHA-256 over the content of every table (rows in rowid order), or, with `organisationIds`,
 * over every row that belongs to those organisations: the organisations themselves, their
 * memberships, plans, reports (with all versions and child rows) and audit events. The scoped form
 * is for the shared end-to-end database, where other test files change other organisations
 * meanwhile. Sessions are left out of the scoped form: every request touches its own session.
 */
export async function contentHash(db: DB, scope?: { organisationIds: number[] }): Promise<string> {
  const hash = createHash("sha256");
  const queries = scope ? scopedQueries(scope.organisationIds) : await allTables(db);
  for (const [name, query] of queries) {
    const { rows } = await sql.raw(query).execute(db);
    hash.update(`${name}\n${JSON.stringify(rows)}\n`);
  }
  return hash.digest("hex");
}

async function allTables(db: DB): Promise<[string, string][]> {
  const { rows } = await sql<{
    name: string;
    sql: string;
  }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  // A table without rowid (version_figures) is stored in its primary key's order: read as stored.
  return rows.map((r) => [
    r.name,
    /without rowid\s*$/i.test(r.sql) ? `select * from "${r.name}"` : `select * from "${r.name}" order by rowid`,
  ]);
}

function scopedQueries(ids: number[]): [string, string][] {
  const list = ids.map((id) => Number(id)).join(",") || "null";
  const planVersions = `select v.id from action_plan_version v join action_plan p on p.id = v.plan_id where p.organisation_id in (${list})`;
  const reportVersions = `select v.id from report_version v join report r on r.id = v.report_id where r.organisation_id in (${list})`;
  return [
    ["organisation", `select * from organisation where id in (${list}) order by id`],
    ["membership", `select * from membership where organisation_id in (${list}) order by id`],
    ["action_plan", `select * from action_plan where organisation_id in (${list}) order by id`],
    ["action_plan_version", `select * from action_plan_version where id in (${planVersions}) order by id`],
    ["action_plan_theme", `select * from action_plan_theme where version_id in (${planVersions}) order by rowid`],
    ["action_plan_target", `select * from action_plan_target where version_id in (${planVersions}) order by rowid`],
    ["action_plan_action", `select * from action_plan_action where version_id in (${planVersions}) order by id`],
    ["report", `select * from report where organisation_id in (${list}) order by id`],
    ["report_version", `select * from report_version where id in (${reportVersions}) order by id`],
    ["report_value", `select * from report_value where version_id in (${reportVersions}) order by rowid`],
    ["report_action_progress", `select * from report_action_progress where version_id in (${reportVersions}) order by rowid`],
    ["review_question", `select * from review_question where organisation_id in (${list}) order by id`],
    ["audit_event", `select * from audit_event where acting_organisation_id in (${list}) order by id`],
  ];
}
