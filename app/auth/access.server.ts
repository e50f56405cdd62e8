import type { Executor } from "~/db.server";
import type { MembershipRole } from "~/db/types";

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
    .where("o.id", "in", db.selectFrom("membership").select("membership.organisation_id").where("membership.user_id", "=", userId).where("membership.role", "in", directRoles));
  const signedVia = db
    .selectFrom("membership as via_m")
    .innerJoin("organisation as o", "o.signed_via_id", "via_m.organisation_id")
    .select("o.id")
    .where("via_m.user_id", "=", userId)
    .where("via_m.role", "=", "editor")
    .where("o.active", "=", 1);
  return direct.union(signedVia);
}

export type OrganisationAccess = "write" | "read";

/** How user U may act for organisation O: "write", "read", or null (not at all). */
export async function getOrganisationAccess(
  db: Executor,
  args: { userId: number; organisationId: number },
): Promise<OrganisationAccess | null> {
  const row = await db
    .selectFrom("organisation as o")
    .select((eb) => [
      eb("o.id", "in", writableOrganisationIds(db, args.userId)).as("can_write"),
      eb("o.id", "in", actableOrganisationIds(db, args.userId)).as("can_act"),
    ])
    .where("o.id", "=", args.organisationId)
    .executeTakeFirst();
  if (!row) return null;
  if (Number(row.can_write)) return "write";
  if (Number(row.can_act)) return "read";
  return null;
}

export async function canActFor(db: Executor, args: { userId: number; organisationId: number }): Promise<boolean> {
  return (await getOrganisationAccess(db, args)) !== null;
}
