import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import { hashPassword } from "~/auth/password.server";
import { hashToken, isWellFormedToken, newToken } from "~/auth/token.server";
import { passwordResetMail } from "~/mail/messages";
import { recordAuditEvent } from "~/models/audit.server";
import { enqueueMail } from "~/models/mail.server";
import { deleteSessionsOfUser } from "~/models/session.server";
import { getUserByEmail } from "~/models/user.server";
import { addMinutes, nowIso } from "~/utils/time";

export const RESET_MINUTES = 60;
/** At most this many reset e-mails per account per hour, so the form cannot be used to spam. */
export const RESETS_PER_HOUR = 3;

/**
 * "Wachtwoord vergeten": when the address belongs to an active account, a single-use link valid for
 * one hour goes into the outbox. The caller shows the same answer either way.
 */
export async function requestPasswordReset(db: Executor, args: { email: string; origin: string; ip: string; now?: Date }): Promise<void> {
  const user = await getUserByEmail(db, { email: args.email });
  if (!user || user.active !== 1) return;
  const now = nowIso(args.now);
  await inTransaction(db, async (trx) => {
    const recent = await trx
      .selectFrom("password_reset")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", user.id)
      .where("created_at", ">", addMinutes(now, -60))
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= RESETS_PER_HOUR) {
      await recordAuditEvent(trx, {
        action: "password_reset.throttled",
        userId: user.id,
        userEmail: user.email,
        ip: args.ip,
        result: "failure",
      });
      return;
    }
    const { token, hash } = newToken();
    await trx
      .insertInto("password_reset")
      .values({ token_hash: hash, user_id: user.id, created_at: now, expires_at: addMinutes(now, RESET_MINUTES), used_at: null })
      .execute();
    await enqueueMail(trx, {
      kind: "password-reset",
      to: user.email,
      content: passwordResetMail({ name: user.name, link: new URL(`/wachtwoord-herstellen/${token}`, args.origin).href }),
    });
    await recordAuditEvent(trx, { action: "password_reset.requested", userId: user.id, userEmail: user.email, ip: args.ip });
  });
}

export class PasswordResetError extends Error {}

const INVALID = "Deze link werkt niet (meer). Een link om uw wachtwoord te herstellen werkt één keer en 1 uur lang. Vraag een nieuwe aan.";

/** Whether the link on the page can still be used (the form is only shown when it can). */
export async function isResetTokenUsable(db: Executor, args: { token: string; now?: Date }): Promise<boolean> {
  if (!isWellFormedToken(args.token)) return false;
  const row = await db
    .selectFrom("password_reset")
    .select(["used_at", "expires_at"])
    .where("token_hash", "=", hashToken(args.token))
    .executeTakeFirst();
  return Boolean(row && !row.used_at && nowIso(args.now) <= row.expires_at);
}

/** Sets the new password, uses up the link (and every other open link) and ends all sessions. */
export async function resetPassword(
  db: Executor,
  args: { token: string; password: string; ip: string; now?: Date },
): Promise<{ email: string }> {
  // Check the link before the (deliberately slow) hashing: a dead link costs nothing to refuse.
  if (!(await isResetTokenUsable(db, { token: args.token, now: args.now }))) throw new PasswordResetError(INVALID);
  const passwordHash = await hashPassword(args.password);
  return inTransaction(db, async (trx) => {
    const now = nowIso(args.now);
    const row = await trx
      .selectFrom("password_reset as r")
      .innerJoin("user as u", "u.id", "r.user_id")
      .select(["r.id", "r.user_id", "r.used_at", "r.expires_at", "u.email", "u.active"])
      .where("r.token_hash", "=", hashToken(args.token))
      .executeTakeFirst();
    if (!row || row.used_at || now > row.expires_at || row.active !== 1) throw new PasswordResetError(INVALID);
    await trx.updateTable("password_reset").set({ used_at: now }).where("user_id", "=", row.user_id).where("used_at", "is", null).execute();
    await trx.updateTable("user").set({ password_hash: passwordHash }).where("id", "=", row.user_id).execute();
    await deleteSessionsOfUser(trx, { userId: row.user_id });
    await recordAuditEvent(trx, {
      action: "password_reset.completed",
      userId: row.user_id,
      userEmail: row.email,
      ip: args.ip,
      objectType: "user",
      objectId: row.user_id,
    });
    return { email: row.email };
  });
}
