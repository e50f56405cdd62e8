import type { Executor } from "~/db.server";
import type { MembershipRole, User } from "~/db/types";
import { hashPassword } from "~/auth/password.server";
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

export async function listMembershipsForUser(db: Executor, args: { userId: number }): Promise<UserMembership[]> {
  return db
    .selectFrom("membership as m")
    .innerJoin("organisation as o", "o.id", "m.organisation_id")
    .select(["m.organisation_id", "o.slug as organisation_slug", "o.name as organisation_name", "m.role"])
    .where("m.user_id", "=", args.userId)
    .orderBy("o.name")
    .execute();
}

/** Creates the user unless one with this e-mail exists (then leaves it as it is); returns the id. */
export async function ensureUser(
  db: Executor,
  args: { email: string; name: string; password: string | null },
): Promise<number> {
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

export async function addMembership(
  db: Executor,
  args: { userId: number; organisationId: number; role: MembershipRole },
): Promise<void> {
  await db
    .insertInto("membership")
    .values({ user_id: args.userId, organisation_id: args.organisationId, role: args.role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(["user_id", "organisation_id", "role"]).doNothing())
    .execute();
}

export async function recordLogin(db: Executor, args: { userId: number }): Promise<void> {
  await db.updateTable("user").set({ last_login_at: nowIso() }).where("id", "=", args.userId).execute();
}

export type UserListItem = Pick<User, "id" | "email" | "name" | "active" | "last_login_at"> & {
  memberships: { organisation_name: string; role: MembershipRole }[];
};

/** For administrators. */
export async function listUsers(db: Executor): Promise<UserListItem[]> {
  const users = await db
    .selectFrom("user")
    .select(["id", "email", "name", "active", "last_login_at"])
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
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map(({ organisation_name, role }) => ({ organisation_name, role })),
  }));
}
