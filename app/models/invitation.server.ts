import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { MembershipRole } from "~/database/types";
import { hashPassword } from "~/auth/password.server";
import { INVITATION_DAYS } from "~/models/admin.schema";
import { hashToken, isWellFormedToken, newToken } from "~/auth/token.server";
import { invitationMail } from "~/mail/messages";
import { recordAuditEvent } from "~/models/audit.server";
import { enqueueMail } from "~/models/mail.server";
import { addMembership, getUserByEmail, normaliseEmail } from "~/models/user.server";
import { addMinutes, nowIso } from "~/utils/time";

export type Actor = { userId: number; email: string; ip: string };

/**
 * Invites an e-mail address to an organisation with a role and puts the invitation e-mail in the
 * outbox. The link works once, for 7 days, whether or not the address has an account (now or later).
 */
export async function createInvitation(
  db: Executor,
  args: { actor: Actor; email: string; organisationId: number; role: MembershipRole; origin: string; now?: Date },
): Promise<{ id: number; token: string }> {
  const email = normaliseEmail(args.email);
  const { token, hash } = newToken();
  const createdAt = nowIso(args.now);
  const expiresAt = addMinutes(createdAt, INVITATION_DAYS * 24 * 60);
  return inTransaction(db, async (trx) => {
    const organisation = await trx
      .selectFrom("organisation")
      .select(["id", "name"])
      .where("id", "=", args.organisationId)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!organisation) throw new InvitationError("Kies een actieve organisatie.");
    const inviter = await trx.selectFrom("user").select("name").where("id", "=", args.actor.userId).executeTakeFirst();
    const row = await trx
      .insertInto("invitation")
      .values({
        token_hash: hash,
        email,
        organisation_id: organisation.id,
        role: args.role,
        invited_by: args.actor.userId,
        created_at: createdAt,
        expires_at: expiresAt,
        used_at: null,
        used_by: null,
        revoked_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const link = new URL(`/uitnodiging/${token}`, args.origin).href;
    await enqueueMail(trx, {
      kind: "invitation",
      to: email,
      content: invitationMail({
        organisationName: organisation.name,
        role: args.role,
        invitedBy: inviter?.name ?? "Het MVOI-portaal",
        link,
        expiresAt,
      }),
    });
    await recordAuditEvent(trx, {
      action: "invitation.created",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "invitation",
      objectId: row.id,
      detail: { email, organisation_id: organisation.id, role: args.role },
    });
    return { id: row.id, token };
  });
}

export class InvitationError extends Error {}

export type InvitationState =
  | { state: "invalid" }
  | { state: "expired" | "used" | "revoked"; email: string }
  | { state: "open"; id: number; email: string; organisationName: string; role: MembershipRole; hasAccount: boolean };

/** What the invitation page shows; "invalid" for a token that was never ours. */
export async function getInvitation(db: Executor, args: { token: string; now?: Date }): Promise<InvitationState> {
  if (!isWellFormedToken(args.token)) return { state: "invalid" };
  const row = await db
    .selectFrom("invitation as i")
    .innerJoin("organisation as o", "o.id", "i.organisation_id")
    .select([
      "i.id",
      "i.email",
      "i.role",
      "i.expires_at",
      "i.used_at",
      "i.revoked_at",
      "o.name as organisation_name",
      "o.active as organisation_active",
    ])
    .where("i.token_hash", "=", hashToken(args.token))
    .executeTakeFirst();
  if (!row) return { state: "invalid" };
  if (row.used_at) return { state: "used", email: row.email };
  if (row.revoked_at || row.organisation_active !== 1) return { state: "revoked", email: row.email };
  if (nowIso(args.now) > row.expires_at) return { state: "expired", email: row.email };
  const user = await getUserByEmail(db, { email: row.email });
  return {
    state: "open",
    id: row.id,
    email: row.email,
    organisationName: row.organisation_name,
    role: row.role,
    hasAccount: Boolean(user?.password_hash),
  };
}

/**
 * Accepts an open invitation. Without an account: creates one with the name and password given.
 * With an account (also one created after the invitation was sent): the password must be that
 * account's, which proves it is the invited person. Adds the membership; the link is then used up.
 */
export async function acceptInvitation(
  db: Executor,
  args: {
    token: string;
    name?: string;
    password: string;
    ip: string;
    now?: Date;
    verifyPassword: (password: string, hash: string) => Promise<boolean>;
  },
): Promise<{ userId: number; email: string }> {
  const invitation = await getInvitation(db, { token: args.token, now: args.now });
  if (invitation.state !== "open") throw new InvitationError(STATE_MESSAGES[invitation.state]);
  const existing = await getUserByEmail(db, { email: invitation.email });
  if (existing?.password_hash) {
    if (existing.active !== 1) throw new InvitationError("Dit account is uitgeschakeld. Neem contact op met de beheerder.");
    if (!(await args.verifyPassword(args.password, existing.password_hash)))
      throw new InvitationPasswordError("Het wachtwoord klopt niet. Gebruik het wachtwoord van uw bestaande account.");
  }
  const passwordHash = existing?.password_hash ? null : await hashPassword(args.password);
  return inTransaction(db, async (trx) => {
    const now = nowIso(args.now);
    // Used up first, conditionally: two clicks at once accept only once.
    const claimed = await trx
      .updateTable("invitation")
      .set({ used_at: now })
      .where("id", "=", invitation.id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new InvitationError(STATE_MESSAGES.used);
    let userId = existing?.id;
    if (!userId) {
      const row = await trx
        .insertInto("user")
        .values({ email: invitation.email, name: args.name!.trim(), password_hash: passwordHash, created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      userId = row.id;
    } else if (passwordHash) {
      // An account without a password (created by a script, never used) gets this one.
      await trx
        .updateTable("user")
        .set({ password_hash: passwordHash, name: args.name?.trim() || existing!.name })
        .where("id", "=", userId)
        .execute();
    }
    const organisation = await trx
      .selectFrom("invitation")
      .select("organisation_id")
      .where("id", "=", invitation.id)
      .executeTakeFirstOrThrow();
    await addMembership(trx, { userId, organisationId: organisation.organisation_id, role: invitation.role });
    await trx.updateTable("invitation").set({ used_by: userId }).where("id", "=", invitation.id).execute();
    await recordAuditEvent(trx, {
      action: "invitation.accepted",
      userId,
      userEmail: invitation.email,
      ip: args.ip,
      objectType: "invitation",
      objectId: invitation.id,
      detail: { organisation_id: organisation.organisation_id, role: invitation.role, new_account: !existing?.password_hash },
    });
    return { userId, email: invitation.email };
  });
}

export class InvitationPasswordError extends Error {}

export const STATE_MESSAGES = {
  invalid: "Deze uitnodigingslink bestaat niet. Controleer of u de hele link uit de e-mail heeft gebruikt.",
  expired: "Deze uitnodiging is verlopen. Vraag de beheerder om een nieuwe uitnodiging.",
  used: "Deze uitnodiging is al gebruikt. U kunt inloggen met uw e-mailadres en wachtwoord.",
  revoked: "Deze uitnodiging is ingetrokken. Vraag de beheerder om een nieuwe uitnodiging.",
} as const;

export type PendingInvitation = {
  id: number;
  email: string;
  organisation_name: string;
  role: MembershipRole;
  created_at: string;
  expires_at: string;
};

/** Invitations not yet used, revoked or expired (for administrators). */
export async function listOpenInvitations(db: Executor, args: { now?: Date } = {}): Promise<PendingInvitation[]> {
  return db
    .selectFrom("invitation as i")
    .innerJoin("organisation as o", "o.id", "i.organisation_id")
    .select(["i.id", "i.email", "o.name as organisation_name", "i.role", "i.created_at", "i.expires_at"])
    .where("i.used_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", nowIso(args.now))
    .orderBy("i.id", "desc")
    .execute();
}

export async function revokeInvitation(db: Executor, args: { actor: Actor; id: number }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("invitation")
      .set({ revoked_at: nowIso() })
      .where("id", "=", args.id)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordAuditEvent(trx, {
      action: "invitation.revoked",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "invitation",
      objectId: args.id,
    });
    return true;
  });
}
