import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import { inTransaction } from "~/database/connection.server";
import type { MembershipRole, User } from "~/database/types";
import { hashPassword } from "~/auth/password.server";
import { recordAuditEvent } from "~/models/audit.server";
import { cachedUntilChange } from "~/models/data-change.server";
import { deleteSessionsOfUser } from "~/models/session.server";
import { nowIso } from "~/utils/time";

export type UserMembership = {
  organisation_id: number;
  organisation_slug: string;
  organisation_name: string;
  role: MembershipRole;
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(db: Executor, args: { email: string }): Promise<User | undefined> {
  return db.selectFrom("user").selectAll().where("email", "=", normaliseEmail(args.email)).executeTakeFirst();
}

export async function getUserById(db: Executor, args: { id: number }): Promise<User | undefined> {
  return db.selectFrom("user").selectAll().where("id", "=", args.id).executeTakeFirst();
}

/**
 * Read on every logged-in request (the roles decide which pages the user may open), so kept until
 * a membership or an organisation changes; the triggers raise those counters in the same
 * transaction as the change, from any process. Shared between requests: read-only.
 */
export async function listMembershipsForUser(db: Executor, args: { userId: number }): Promise<readonly UserMembership[]> {
  return cachedUntilChange(db, ["memberships", "organisations"], `memberships:${args.userId}`, async () =>
    Object.freeze((await membershipsQuery.all(db, args)).map((m) => Object.freeze(m))),
  );
}

// Prepared once (see db/prepared.server.ts).
const membershipsQuery = prepared((db, args: { userId: number }) =>
  db
    .selectFrom("membership as m")
    .innerJoin("organisation as o", "o.id", "m.organisation_id")
    .select(["m.organisation_id", "o.slug as organisation_slug", "o.name as organisation_name", "m.role"])
    .where("m.user_id", "=", args.userId)
    .orderBy("o.name"),
);

/** Creates the user unless one with this e-mail exists (then leaves it as it is); returns the id. */
export async function ensureUser(db: Executor, args: { email: string; name: string; password: string | null }): Promise<number> {
  const email = normaliseEmail(args.email);
  const existing = await getUserByEmail(db, { email });
  if (existing) return existing.id;
  const password_hash = args.password ? await hashPassword(args.password) : null;
  const row = await db
    .insertInto("user")
    .values({ email, name: args.name, password_hash, created_at: nowIso() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The roles whose users must log in with a second factor (the ministry and administrators; see mfaRequired). */
const MFA_ROLES: readonly MembershipRole[] = ["reviewer", "admin"];

async function holdsMfaRole(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("membership")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "in", MFA_ROLES)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Call in the transaction that gives `role` to the user, before the write. When it is the user's
 * first reviewer or admin role, every session of the user ends: they may have started without the
 * second factor the role requires. (The ministry and admin guard refuses such a session anyway;
 * this ends it as well.)
 */
async function endSessionsIfMfaBecomesRequired(trx: Executor, args: { userId: number; role: MembershipRole }): Promise<void> {
  if (MFA_ROLES.includes(args.role) && !(await holdsMfaRole(trx, args.userId))) {
    await deleteSessionsOfUser(trx, { userId: args.userId });
  }
}

export async function addMembership(db: Executor, args: { userId: number; organisationId: number; role: MembershipRole }): Promise<void> {
  await inTransaction(db, async (trx) => {
    await endSessionsIfMfaBecomesRequired(trx, args);
    await trx
      .insertInto("membership")
      .values({ user_id: args.userId, organisation_id: args.organisationId, role: args.role, created_at: nowIso() })
      .onConflict((oc) => oc.columns(["user_id", "organisation_id", "role"]).doNothing())
      .execute();
  });
}

export async function recordLogin(db: Executor, args: { userId: number }): Promise<void> {
  await db.updateTable("user").set({ last_login_at: nowIso() }).where("id", "=", args.userId).execute();
}

export type UserListItem = Pick<User, "id" | "email" | "name" | "active" | "last_login_at"> & {
  memberships: { organisation_name: string; role: MembershipRole }[];
};

/** For administrators. */
export async function listUsers(db: Executor, args: { search?: string } = {}): Promise<UserListItem[]> {
  const pattern = args.search ? `%${args.search.toLowerCase().replace(/[%_\\]/g, "\\$&")}%` : null;
  const users = await db
    .selectFrom("user")
    .select(["id", "email", "name", "active", "last_login_at"])
    .$if(pattern !== null, (q) => q.where(sql<boolean>`(lower(name) like ${pattern} escape '\\' or email like ${pattern} escape '\\')`))
    .orderBy("email")
    .execute();
  const memberships = await db
    .selectFrom("membership as m")
    .innerJoin("organisation as o", "o.id", "m.organisation_id")
    .select(["m.user_id", "o.name as organisation_name", "m.role"])
    .orderBy("o.name")
    .execute();
  return users.map((u) => ({
    ...u,
    memberships: memberships.filter((m) => m.user_id === u.id).map(({ organisation_name, role }) => ({ organisation_name, role })),
  }));
}

export type Contact = { user_id: number; email: string; name: string };

/**
 * Who hears about an organisation's plan and reports: the active inkopers (editors) of the
 * organisation and of the organisation that signed for it (the Unie for a waterschap).
 */
export async function listOrganisationContacts(db: Executor, args: { organisationId: number }): Promise<Contact[]> {
  return db
    .selectFrom("membership as m")
    .innerJoin("user as u", "u.id", "m.user_id")
    .select(["u.id as user_id", "u.email", "u.name"])
    .distinct()
    .where("m.role", "=", "editor")
    .where("u.active", "=", 1)
    .where((eb) =>
      eb.or([
        eb("m.organisation_id", "=", args.organisationId),
        eb("m.organisation_id", "=", eb.selectFrom("organisation").select("signed_via_id").where("id", "=", args.organisationId)),
      ]),
    )
    .orderBy("u.email")
    .execute();
}

// Administration ---------------------------------------------------------------------------

type AdminActor = { userId: number; email: string; ip: string };

export class UserAdminError extends Error {}

export async function getUserForAdmin(db: Executor, args: { id: number }) {
  if (!Number.isSafeInteger(args.id)) return undefined;
  const user = await db
    .selectFrom("user")
    .select(["id", "email", "name", "active", "created_at", "last_login_at"])
    .where("id", "=", args.id)
    .executeTakeFirst();
  if (!user) return undefined;
  const memberships = await db
    .selectFrom("membership as m")
    .innerJoin("organisation as o", "o.id", "m.organisation_id")
    .select(["m.id", "m.role", "o.id as organisation_id", "o.name as organisation_name"])
    .where("m.user_id", "=", args.id)
    .orderBy("o.name")
    .execute();
  const sessions = await db
    .selectFrom("session")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", args.id)
    .executeTakeFirstOrThrow();
  return { user, memberships, activeSessions: Number(sessions.n) };
}

/** There is always one active administrator left: the portal must stay manageable. */
async function assertAnotherAdminRemains(trx: Executor, args: { exceptUserId?: number; exceptMembershipId?: number }) {
  const row = await trx
    .selectFrom("membership as m")
    .innerJoin("user as u", "u.id", "m.user_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("m.role", "=", "admin")
    .where("u.active", "=", 1)
    .$if(args.exceptUserId !== undefined, (q) => q.where("u.id", "!=", args.exceptUserId!))
    .$if(args.exceptMembershipId !== undefined, (q) => q.where("m.id", "!=", args.exceptMembershipId!))
    .executeTakeFirstOrThrow();
  if (Number(row.n) === 0) throw new UserAdminError("Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder.");
}

export async function changeMembershipRole(
  db: Executor,
  args: { actor: AdminActor; userId: number; membershipId: number; role: MembershipRole },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom("membership")
      .selectAll()
      .where("id", "=", args.membershipId)
      .where("user_id", "=", args.userId)
      .executeTakeFirst();
    if (!membership) throw new UserAdminError("Deze koppeling bestaat niet (meer).");
    if (membership.role === args.role) return;
    if (membership.role === "admin") await assertAnotherAdminRemains(trx, { exceptMembershipId: membership.id });
    const duplicate = await trx
      .selectFrom("membership")
      .select("id")
      .where("user_id", "=", args.userId)
      .where("organisation_id", "=", membership.organisation_id)
      .where("role", "=", args.role)
      .executeTakeFirst();
    if (duplicate) throw new UserAdminError("Deze gebruiker heeft die rol bij deze organisatie al.");
    await endSessionsIfMfaBecomesRequired(trx, { userId: args.userId, role: args.role });
    await trx.updateTable("membership").set({ role: args.role }).where("id", "=", membership.id).execute();
    await recordAuditEvent(trx, {
      action: "membership.role_changed",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.userId,
      detail: { organisation_id: membership.organisation_id, from: membership.role, to: args.role },
    });
  });
}

export async function removeMembership(db: Executor, args: { actor: AdminActor; userId: number; membershipId: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom("membership")
      .selectAll()
      .where("id", "=", args.membershipId)
      .where("user_id", "=", args.userId)
      .executeTakeFirst();
    if (!membership) throw new UserAdminError("Deze koppeling bestaat niet (meer).");
    if (membership.role === "admin") await assertAnotherAdminRemains(trx, { exceptMembershipId: membership.id });
    await trx.deleteFrom("membership").where("id", "=", membership.id).execute();
    // Someone who lost access to an organisation must not keep acting for it in an open session.
    await trx
      .updateTable("session")
      .set({ acting_organisation_id: null })
      .where("user_id", "=", args.userId)
      .where("acting_organisation_id", "=", membership.organisation_id)
      .execute();
    await recordAuditEvent(trx, {
      action: "membership.removed",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.userId,
      detail: { organisation_id: membership.organisation_id, role: membership.role },
    });
  });
}

/** Deactivating ends every session of the user at once; reactivating lets them log in again. */
export async function setUserActive(db: Executor, args: { actor: AdminActor; userId: number; active: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!args.active) {
      if (args.userId === args.actor.userId) throw new UserAdminError("U kunt uzelf niet uitschakelen.");
      await assertAnotherAdminRemains(trx, { exceptUserId: args.userId });
    }
    const result = await trx
      .updateTable("user")
      .set({ active: args.active ? 1 : 0 })
      .where("id", "=", args.userId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new UserAdminError("Deze gebruiker bestaat niet.");
    if (!args.active) await trx.deleteFrom("session").where("user_id", "=", args.userId).execute();
    await recordAuditEvent(trx, {
      action: args.active ? "user.activated" : "user.deactivated",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.userId,
    });
  });
}
