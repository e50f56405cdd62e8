import { inTransaction, type Executor } from "~/database/connection.server";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  generateRecoveryCodes,
  hashRecoveryCode,
  newTotpSecret,
  verifyTotp,
} from "~/auth/totp.server";
import { recordAuditEvent } from "~/models/audit.server";
import { deleteSessionsOfUser } from "~/models/session.server";
import { addMinutes, nowIso } from "~/utils/time";

// Multi-factor login data: the (encrypted) TOTP secret per user and the recovery codes. `keys` is
// SESSION_SECRET split on commas (the first encrypts, every one decrypts). Never put a code or a
// secret in an audit event.

/** A set-up that waits for its first code is replaced after this long (a QR code seen by others goes stale). */
export const PENDING_SETUP_MINUTES = 60;

export type MfaActor = { userId: number; email: string; ip: string | null };

export type MfaStatus = { enabled: boolean; confirmedAt: string | null; recoveryCodesLeft: number };

export async function getMfaStatus(db: Executor, args: { userId: number }): Promise<MfaStatus> {
  const row = await db.selectFrom("user_mfa").select("confirmed_at").where("user_id", "=", args.userId).executeTakeFirst();
  const left = await db
    .selectFrom("mfa_recovery_code")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", args.userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  const enabled = Boolean(row?.confirmed_at);
  return { enabled, confirmedAt: row?.confirmed_at ?? null, recoveryCodesLeft: enabled ? Number(left.n) : 0 };
}

/**
 * The secret to show on the set-up page: the waiting one when it is recent, else a new one.
 * Null when MFA is already on (set-up never replaces a working secret).
 */
export async function startMfaSetup(
  db: Executor,
  args: { userId: number; keys: readonly string[]; now?: Date },
): Promise<{ secret: string } | null> {
  return inTransaction(db, async (trx) => {
    const now = nowIso(args.now);
    const row = await trx.selectFrom("user_mfa").selectAll().where("user_id", "=", args.userId).executeTakeFirst();
    if (row?.confirmed_at) return null;
    if (row && row.created_at > addMinutes(now, -PENDING_SETUP_MINUTES)) {
      const secret = decryptTotpSecret({ stored: row.secret_enc, userId: args.userId, keys: args.keys });
      if (secret) return { secret };
    }
    const secret = newTotpSecret();
    const secret_enc = encryptTotpSecret({ secret, userId: args.userId, keys: args.keys });
    await trx
      .insertInto("user_mfa")
      .values({ user_id: args.userId, secret_enc, created_at: now, confirmed_at: null, last_used_step: null })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ secret_enc, created_at: now, last_used_step: null }))
      .execute();
    return { secret };
  });
}

export type SetupResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "invalid" | "reused" | "no-setup" };

/** Confirms a waiting set-up with a first code from the app: MFA is on, ten new recovery codes. */
export async function confirmMfaSetup(
  db: Executor,
  args: { actor: MfaActor; keys: readonly string[]; code: string; now?: Date },
): Promise<SetupResult> {
  const { userId } = args.actor;
  const result = await inTransaction(db, async (trx): Promise<SetupResult> => {
    const row = await trx.selectFrom("user_mfa").selectAll().where("user_id", "=", userId).executeTakeFirst();
    const secret = row && !row.confirmed_at ? decryptTotpSecret({ stored: row.secret_enc, userId, keys: args.keys }) : null;
    if (!secret) return { ok: false, reason: "no-setup" };
    const check = verifyTotp({ secret, code: args.code, lastUsedStep: row!.last_used_step, now: args.now });
    if (!check.ok) return check;
    await trx
      .updateTable("user_mfa")
      .set({ confirmed_at: nowIso(args.now), last_used_step: check.step })
      .where("user_id", "=", userId)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, { userId, now: args.now });
    await recordAuditEvent(trx, {
      action: "mfa.enabled",
      userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: userId,
    });
    return { ok: true, recoveryCodes };
  });
  if (!result.ok && result.reason !== "no-setup") await recordFailure(db, args.actor, "setup", result.reason);
  return result;
}

/** Turns MFA on with a known secret, without a first code: for the demo data and tests only. */
export async function enableMfaWithSecret(
  db: Executor,
  args: { userId: number; secret: string; keys: readonly string[]; now?: Date },
): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    const now = nowIso(args.now);
    const secret_enc = encryptTotpSecret({ secret: args.secret, userId: args.userId, keys: args.keys });
    await trx
      .insertInto("user_mfa")
      .values({ user_id: args.userId, secret_enc, created_at: now, confirmed_at: now, last_used_step: null })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ secret_enc, created_at: now, confirmed_at: now, last_used_step: null }))
      .execute();
    return replaceRecoveryCodes(trx, { userId: args.userId, now: args.now });
  });
}

export type CodeResult = { ok: true } | { ok: false; reason: "invalid" | "reused" | "not-enabled" };

/**
 * Checks a code from the app for a user with MFA on. The step of an accepted code is stored in
 * the same UPDATE that checks it is newer than the last one, so two requests with the same code
 * cannot both pass. A failure is written to the audit trail (without the code).
 */
export async function checkMfaCode(
  db: Executor,
  args: { actor: MfaActor; keys: readonly string[]; code: string; now?: Date },
): Promise<CodeResult> {
  const { userId } = args.actor;
  const row = await db.selectFrom("user_mfa").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!row?.confirmed_at) return { ok: false, reason: "not-enabled" };
  const secret = decryptTotpSecret({ stored: row.secret_enc, userId, keys: args.keys });
  let result: CodeResult;
  if (!secret) {
    // SESSION_SECRET was replaced without keeping the old one: no code can be checked.
    result = { ok: false, reason: "invalid" };
  } else {
    const check = verifyTotp({ secret, code: args.code, lastUsedStep: row.last_used_step, now: args.now });
    if (!check.ok) {
      result = check;
    } else {
      const updated = await db
        .updateTable("user_mfa")
        .set({ last_used_step: check.step })
        .where("user_id", "=", userId)
        .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", check.step)]))
        .executeTakeFirst();
      result = Number(updated.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: "reused" };
    }
  }
  if (!result.ok) await recordFailure(db, args.actor, "totp", result.reason);
  return result;
}

/** Uses one recovery code: true once per code (the UPDATE only matches an unused one). */
export async function useRecoveryCode(db: Executor, args: { actor: MfaActor; code: string; now?: Date }): Promise<boolean> {
  const { userId } = args.actor;
  const updated = await db
    .updateTable("mfa_recovery_code")
    .set({ used_at: nowIso(args.now) })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hashRecoveryCode(args.code))
    .where("used_at", "is", null)
    .where((eb) =>
      eb.exists(eb.selectFrom("user_mfa").select("user_id").where("user_id", "=", userId).where("confirmed_at", "is not", null)),
    )
    .executeTakeFirst();
  const ok = Number(updated.numUpdatedRows) === 1;
  if (ok) {
    const { recoveryCodesLeft } = await getMfaStatus(db, { userId });
    await recordAuditEvent(db, {
      action: "mfa.recovery_code_used",
      userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: userId,
      // A count, named so that no reader takes it for a secret.
      detail: { remaining: recoveryCodesLeft },
    });
  } else {
    await recordFailure(db, args.actor, "recovery", "invalid");
  }
  return ok;
}

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(db: Executor, args: { actor: MfaActor; now?: Date }): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    const codes = await replaceRecoveryCodes(trx, { userId: args.actor.userId, now: args.now });
    await recordAuditEvent(trx, {
      action: "mfa.recovery_codes_renewed",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.actor.userId,
    });
    return codes;
  });
}

/**
 * Turns MFA off: the secret and the recovery codes are deleted, and the user's other sessions end
 * (the old app no longer counts). `keepSession` (the session that turned it off) stays; while MFA
 * is off it opens no ministry or admin page (requireAudience).
 */
export async function disableMfa(
  db: Executor,
  args: { actor: MfaActor; reason: "turned-off" | "set-up-again"; keepSession?: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom("mfa_recovery_code").where("user_id", "=", args.actor.userId).execute();
    await trx.deleteFrom("user_mfa").where("user_id", "=", args.actor.userId).execute();
    await deleteSessionsOfUser(trx, { userId: args.actor.userId, exceptIdHash: args.keepSession });
    await recordAuditEvent(trx, {
      action: "mfa.disabled",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.actor.userId,
      detail: { reason: args.reason },
    });
  });
}

async function replaceRecoveryCodes(trx: Executor, args: { userId: number; now?: Date }): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const now = nowIso(args.now);
  await trx.deleteFrom("mfa_recovery_code").where("user_id", "=", args.userId).execute();
  await trx
    .insertInto("mfa_recovery_code")
    .values(codes.map((code) => ({ user_id: args.userId, code_hash: hashRecoveryCode(code), created_at: now, used_at: null })))
    .execute();
  return codes;
}

async function recordFailure(db: Executor, actor: MfaActor, kind: "totp" | "recovery" | "setup", reason: string): Promise<void> {
  await recordAuditEvent(db, {
    action: "mfa.failure",
    userId: actor.userId,
    userEmail: actor.email,
    ip: actor.ip,
    result: "failure",
    objectType: "user",
    objectId: actor.userId,
    detail: { kind, reason },
  });
}

/**
 * An administrator resets someone's MFA (a lost phone, or a replaced SESSION_SECRET): the secret
 * and recovery codes go and every session ends, so the next login asks for a new set-up (which
 * ministry and admin accounts cannot skip).
 */
export async function resetMfaByAdmin(db: Executor, args: { actor: MfaActor; userId: number }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const had = await trx.selectFrom("user_mfa").select("user_id").where("user_id", "=", args.userId).executeTakeFirst();
    if (!had) return false;
    await trx.deleteFrom("mfa_recovery_code").where("user_id", "=", args.userId).execute();
    await trx.deleteFrom("user_mfa").where("user_id", "=", args.userId).execute();
    await trx.deleteFrom("session").where("user_id", "=", args.userId).execute();
    await recordAuditEvent(trx, {
      action: "mfa.reset_by_admin",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "user",
      objectId: args.userId,
    });
    return true;
  });
}
