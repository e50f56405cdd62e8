import { sql, type SqlBool } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { MembershipRole } from "~/database/types";

/**
 * THE act-for rule, in one place. User U may act for organisation O when
 *   - U is a member of O as editor or viewer, or
 *   - U is an editor of the organisation that O is signed via (the Unie van Waterschappen for a
 *     waterschap, Castricum for Bergen, Uitgeest and Heiloo, IenW for Rijkswaterstaat).
 * Editors may write; viewers only read. Ministry reviewers and admins do not act for anyone:
 * their read access to every organisation is a separate rule (see permissions.ts).
 *
 * Every query that reads or writes an organisation's data filters on `actableOrganisationIds`,
 * so a foreign organisation is simply not found (404), never "forbidden".
 */
export function actableOrganisationIds(db: Executor, userId: number) {
  return organisationIdsVia(db, userId, ["editor", "viewer"]);
}

/** Same rule restricted to writing: editor of O, or editor of the organisation O is signed via. */
export function writableOrganisationIds(db: Executor, userId: number) {
  return organisationIdsVia(db, userId, ["editor"]);
}

/**
 * Organisations where the user holds one of `directRoles`, plus those signed via one where they are editor.
 * A UNION of two index lookups rather than one OR: with the OR, SQLite scanned every organisation
 * (0.2 ms at 2,000 organisations, several times per page, growing with the number of organisations).
 */
function organisationIdsVia(db: Executor, userId: number, directRoles: MembershipRole[]) {
  const direct = db
    .selectFrom("organisation as o")
    .select("o.id")
    .where("o.active", "=", 1)
    .where(
      "o.id",
      "in",
      db
        .selectFrom("membership")
        .select("membership.organisation_id")
        .where("membership.user_id", "=", userId)
        .where("membership.role", "in", directRoles),
    );
  const signedVia = db
    .selectFrom("membership as via_m")
    .innerJoin("organisation as o", "o.signed_via_id", "via_m.organisation_id")
    .select("o.id")
    .where("via_m.user_id", "=", userId)
    .where("via_m.role", "=", "editor")
    .where("o.active", "=", 1);
  return direct.union(signedVia);
}

/**
 * The same rule for one organisation row of the surrounding query (`alias`: its id, signed_via_id
 * and active): user U holds one of `directRoles` in it, or is editor of the organisation it is
 * signed via. Two correlated index probes, where organisationIdsVia builds U's whole set: for a
 * query about one organisation that set cost three times as much, and every signatory page asks
 * about its organisation (tests/integration/auth/access.test.ts checks both forms agree).
 */
export function mayActForRow(userId: number, directRoles: MembershipRole[], alias = "o") {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${column("active")} = 1 and (exists (select 1 from "membership" as "direct_m" where "direct_m"."user_id" = ${userId} and "direct_m"."organisation_id" = ${column("id")} and "direct_m"."role" in (${sql.join(directRoles)})) or exists (select 1 from "membership" as "via_m" where "via_m"."user_id" = ${userId} and "via_m"."organisation_id" = ${column("signed_via_id")} and "via_m"."role" = ${"editor"})))`;
}

/** Whether the user may write for organisation row `alias` (see mayActForRow). */
export function mayWriteForRow(userId: number, alias = "o") {
  return mayActForRow(userId, ["editor"], alias);
}

/**
 * `column` (for example "report.organisation_id") is an organisation the user may act for: the
 * one-row form of the rule, for a query about one organisation's data (see mayActForRow).
 */
export function actableOrganisationIn(userId: number, column: string) {
  return sql<SqlBool>`exists (select 1 from "organisation" as "actable_o" where "actable_o"."id" = ${sql.ref(column)} and ${mayActForRow(userId, ["editor", "viewer"], "actable_o")})`;
}

export type OrganisationAccess = "write" | "read";

/** Access from the two flags of a row: "write", "read", or null (not at all). */
function accessOf(row: { can_write: SqlBool; can_act: SqlBool }): OrganisationAccess | null {
  if (Number(row.can_write)) return "write";
  if (Number(row.can_act)) return "read";
  return null;
}

/** How user U may act for organisation O: "write", "read", or null (not at all). */
export async function getOrganisationAccess(
  db: Executor,
  args: { userId: number; organisationId: number },
): Promise<OrganisationAccess | null> {
  const row = await db
    .selectFrom("organisation as o")
    .select([mayWriteForRow(args.userId).as("can_write"), mayActForRow(args.userId, ["editor", "viewer"]).as("can_act")])
    .where("o.id", "=", args.organisationId)
    .executeTakeFirst();
  return row ? accessOf(row) : null;
}

export async function canActFor(db: Executor, args: { userId: number; organisationId: number }): Promise<boolean> {
  return (await getOrganisationAccess(db, args)) !== null;
}
