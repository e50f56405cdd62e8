import { getDb } from "~/database/instance.server";
import { env } from "~/env.server";
import { authenticator } from "~/flows/authenticator.server";
import { MFA_MESSAGES, mfaKeys, mfaRequired } from "~/flows/mfa.server";
import { clearPendingLogin, startPendingLogin, type PendingLogin } from "~/flows/pending-login.server";
import { audiencesFor, homePathFor } from "~/auth/permissions";
import { verifyPassword } from "~/auth/password.server";
import { startSession } from "~/flows/session.server";
import { recordAuditEvent } from "~/models/audit.server";
import { ACCOUNT_LOCK_MINUTES, checkLoginThrottle, recordLoginAttempt } from "~/models/login-attempt.server";
import { nowIso } from "~/utils/time";
import { checkMfaCode, confirmMfaSetup, getMfaStatus, useRecoveryCode } from "~/models/mfa.server";
import type { SessionUser } from "~/models/session.server";
import { getUserById, listMembershipsForUser, normaliseEmail, recordLogin } from "~/models/user.server";

export const MESSAGES = {
  invalid: "Het e-mailadres of het wachtwoord klopt niet. Controleer uw gegevens en probeer het opnieuw.",
  throttledIp: "U heeft te vaak geprobeerd in te loggen. Wacht een minuut en probeer het dan opnieuw.",
  throttledAccount: "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres. Wacht 15 minuten en probeer het dan opnieuw.",
} as const;

/**
 * next: "home" when the login is complete (setCookie starts the session); "code" or "setup" when
 * a second step follows (setCookie is the pending-login cookie, there is no session yet).
 */
export type LoginResult =
  | { ok: true; user: SessionUser; next: "home" | PendingLogin["step"]; setCookie: string }
  | { ok: false; message: string; throttled: Throttled };

/** false, or how long a throttled attempt should wait, in seconds (the answer's Retry-After). */
export type Throttled = false | number;

/** The answer's status for a refused login step: 429 with Retry-After when throttled, else 400. */
export function refusalInit(throttledFor: Throttled): ResponseInit {
  return throttledFor ? { status: 429, headers: { "Retry-After": String(throttledFor) } } : { status: 400 };
}

async function throttled(args: { emailKey: string; ip: string; step: "password" | "second-factor" }) {
  const db = getDb();
  const throttle = await checkLoginThrottle(db, {
    emailKey: args.emailKey,
    ip: args.ip,
    ipLimitPerMinute: env().LOGIN_IP_LIMIT_PER_MINUTE,
  });
  if (throttle.allowed) return null;
  await recordAuditEvent(db, {
    action: "login.throttled",
    userEmail: args.emailKey,
    objectType: "login",
    objectId: args.emailKey,
    result: "failure",
    ip: args.ip,
    detail: { reason: throttle.reason, step: args.step },
  });
  if (throttle.reason === "ip") return { message: MESSAGES.throttledIp, retryAfterSeconds: 60 };
  const message = args.step === "password" ? MESSAGES.throttledAccount : MFA_MESSAGES.throttledAccount;
  return { message, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(throttle.until) - Date.parse(nowIso())) / 1000)) };
}

/**
 * Another page that checks an existing account's password (confirming an invitation with it)
 * counts in the login's throttle: refused while the address or the IP address waits (the Dutch
 * message, or null when allowed), and a wrong password counts as a failed login.
 */
export async function passwordCheckRefusal(args: { email: string; ip: string }): Promise<string | null> {
  return (await throttled({ emailKey: normaliseEmail(args.email), ip: args.ip, step: "password" }))?.message ?? null;
}

export async function recordWrongPassword(args: { email: string; ip: string; via: string }): Promise<void> {
  const db = getDb();
  const emailKey = normaliseEmail(args.email);
  await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: false });
  await recordAuditEvent(db, {
    action: "login.failure",
    userEmail: emailKey,
    objectType: "login",
    objectId: emailKey,
    result: "failure",
    ip: args.ip,
    detail: { via: args.via },
  });
  await recordLockout(emailKey, args.ip);
}

/**
 * The end of every login: record the success (which ends the e-mail's failure streak), the audit
 * event, and start a fresh session. Only here is a session row created.
 */
async function completeLogin(args: {
  user: SessionUser;
  ip: string;
  userAgent: string | null;
  method: "password" | "totp" | "recovery-code";
}) {
  const db = getDb();
  await recordLoginAttempt(db, { emailKey: normaliseEmail(args.user.email), ip: args.ip, succeeded: true });
  await recordLogin(db, { userId: args.user.id });
  await recordAuditEvent(db, {
    action: "login.success",
    userId: args.user.id,
    userEmail: args.user.email,
    objectType: "user",
    objectId: args.user.id,
    ip: args.ip,
    detail: { factor: args.method },
  });
  // The session records whether this login passed the second factor: the ministry and admin
  // pages check it on every request (requireAudience), not only here.
  return startSession({ userId: args.user.id, ip: args.ip, userAgent: args.userAgent, mfaPassed: args.method !== "password" });
}

/**
 * The password step: throttle (per IP, per e-mail), verify with remix-auth, record the attempt and
 * an audit event. Without MFA (and not required) the session starts; with MFA on, or required
 * for the user's role, a pending-login cookie leads to the code or set-up step. A correct password
 * alone is not recorded as a success, so it does not reset the count of wrong codes.
 * The request body must still be unread (clone it first).
 */
export async function login(args: { request: Request; email: string; ip: string; redirectTo?: string | null }): Promise<LoginResult> {
  const db = getDb();
  const emailKey = normaliseEmail(args.email);
  const refusal = await throttled({ emailKey, ip: args.ip, step: "password" });
  if (refusal) return { ok: false, throttled: refusal.retryAfterSeconds, message: refusal.message };

  let user: SessionUser | null;
  try {
    user = await authenticator.authenticate("form", args.request);
  } catch {
    user = null;
  }
  if (!user) {
    await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: false });
    await recordAuditEvent(db, {
      action: "login.failure",
      userEmail: emailKey,
      objectType: "login",
      objectId: emailKey,
      result: "failure",
      ip: args.ip,
    });
    await recordLockout(emailKey, args.ip);
    return { ok: false, throttled: false, message: MESSAGES.invalid };
  }

  const next = await secondStepFor(user.id);
  if (next) {
    await recordAuditEvent(db, { action: "login.password_ok", userId: user.id, userEmail: user.email, ip: args.ip, detail: { next } });
    const setCookie = await startPendingLogin({ userId: user.id, step: next, redirectTo: args.redirectTo ?? null });
    return { ok: true, user, next, setCookie };
  }
  const setCookie = await completeLogin({ user, ip: args.ip, userAgent: args.request.headers.get("User-Agent"), method: "password" });
  return { ok: true, user, next: "home", setCookie };
}

/** The failure that locks the address is an event of its own (the attempts after it are "throttled"). */
async function recordLockout(emailKey: string, ip: string) {
  const db = getDb();
  const after = await checkLoginThrottle(db, { emailKey, ip, ipLimitPerMinute: Number.MAX_SAFE_INTEGER });
  if (!after.allowed && after.reason === "account") {
    await recordAuditEvent(db, {
      action: "login.lockout",
      userEmail: emailKey,
      objectType: "login",
      objectId: emailKey,
      result: "failure",
      ip,
      detail: { minutes: ACCOUNT_LOCK_MINUTES },
    });
  }
}

/** "code" when the user has MFA on, "setup" when their role requires it and it is not on yet. */
export async function secondStepFor(userId: number): Promise<PendingLogin["step"] | null> {
  const db = getDb();
  if ((await getMfaStatus(db, { userId })).enabled) return "code";
  const memberships = await listMembershipsForUser(db, { userId });
  return mfaRequired(audiencesFor(memberships.map((m) => m.role))) ? "setup" : null;
}

export type SecondStepResult =
  { ok: true; setCookies: string[]; recoveryCodes?: string[] } | { ok: false; message: string; throttled: Throttled };

/**
 * The code step: a code from the app or a recovery code for the user of a pending login. Shares
 * the login throttle (per IP, and per e-mail: ten wrong codes or passwords wait 15 minutes).
 * On success the session starts and the pending-login cookie is cleared.
 */
export async function completeSecondFactor(args: {
  pending: PendingLogin;
  ip: string;
  userAgent: string | null;
  code: { kind: "totp" | "recovery-code"; value: string };
}): Promise<SecondStepResult> {
  return secondStep({
    ...args,
    check: async (actor) => {
      if (args.code.kind === "recovery-code") {
        return (await useRecoveryCode(getDb(), { actor, code: args.code.value }))
          ? { ok: true }
          : { ok: false, message: MFA_MESSAGES.recoveryInvalid };
      }
      const result = await checkMfaCode(getDb(), { actor, keys: mfaKeys(), code: args.code.value });
      return result.ok ? { ok: true } : { ok: false, message: result.reason === "reused" ? MFA_MESSAGES.reused : MFA_MESSAGES.invalid };
    },
    method: args.code.kind,
  });
}

/** The set-up step during login (ministry and administrators without MFA): the first code turns it on. */
export async function completeSetupAtLogin(args: {
  pending: PendingLogin;
  ip: string;
  userAgent: string | null;
  code: string;
}): Promise<SecondStepResult> {
  return secondStep({
    ...args,
    method: "totp",
    check: async (actor) => {
      const result = await confirmMfaSetup(getDb(), { actor, keys: mfaKeys(), code: args.code });
      if (result.ok) return { ok: true, recoveryCodes: result.recoveryCodes };
      return {
        ok: false,
        message:
          result.reason === "reused" ? MFA_MESSAGES.reused : result.reason === "no-setup" ? MFA_MESSAGES.expired : MFA_MESSAGES.invalid,
      };
    },
  });
}

type Check = { ok: true; recoveryCodes?: string[] } | { ok: false; message: string };

async function secondStep(args: {
  pending: PendingLogin;
  ip: string;
  userAgent: string | null;
  method: "totp" | "recovery-code";
  check: (actor: { userId: number; email: string; ip: string }) => Promise<Check>;
}): Promise<SecondStepResult> {
  const db = getDb();
  const user = await getUserById(db, { id: args.pending.userId });
  if (!user || user.active !== 1) return { ok: false, throttled: false, message: MFA_MESSAGES.expired };
  const emailKey = normaliseEmail(user.email);
  const refusal = await throttled({ emailKey, ip: args.ip, step: "second-factor" });
  if (refusal) return { ok: false, throttled: refusal.retryAfterSeconds, message: refusal.message };

  const result = await args.check({ userId: user.id, email: user.email, ip: args.ip });
  if (!result.ok) {
    await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: false });
    await recordLockout(emailKey, args.ip);
    return { ok: false, throttled: false, message: result.message };
  }
  const sessionUser = { id: user.id, email: user.email, name: user.name };
  const setCookie = await completeLogin({ user: sessionUser, ip: args.ip, userAgent: args.userAgent, method: args.method });
  return { ok: true, setCookies: [setCookie, await clearPendingLogin()], recoveryCodes: result.recoveryCodes };
}

/** Where a user lands after login (see homePathFor). */
export async function homePathForUser(userId: number): Promise<string> {
  const memberships = await listMembershipsForUser(getDb(), { userId });
  return homePathFor(audiencesFor(memberships.map((m) => m.role)));
}

export type StepUpResult = { ok: true } | { ok: false; field: "password" | "code" | null; message: string; throttled: Throttled };

/**
 * Asks a logged-in user again before changing their MFA: the password (when given) and a code
 * from the app or a recovery code. Shares the login throttle, so a stolen session cannot be used
 * to guess the password or codes.
 */
export async function verifyStepUp(args: {
  user: { id: number; email: string };
  ip: string;
  password?: string;
  code: string;
  codeIsTotp: boolean;
}): Promise<StepUpResult> {
  const db = getDb();
  const emailKey = normaliseEmail(args.user.email);
  const refusal = await throttled({ emailKey, ip: args.ip, step: "second-factor" });
  if (refusal) return { ok: false, field: null, message: refusal.message, throttled: refusal.retryAfterSeconds };
  const actor = { userId: args.user.id, email: args.user.email, ip: args.ip };

  if (args.password !== undefined) {
    const user = await getUserById(db, { id: args.user.id });
    if (!user?.password_hash || !(await verifyPassword(args.password, user.password_hash))) {
      await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: false });
      await recordLockout(emailKey, args.ip);
      await recordAuditEvent(db, {
        action: "mfa.failure",
        userId: actor.userId,
        userEmail: actor.email,
        ip: args.ip,
        result: "failure",
        detail: { kind: "password" },
      });
      return { ok: false, field: "password", message: MFA_MESSAGES.password, throttled: false };
    }
  }
  let message: string | null = null;
  if (args.codeIsTotp) {
    const result = await checkMfaCode(db, { actor, keys: mfaKeys(), code: args.code });
    if (!result.ok) message = result.reason === "reused" ? MFA_MESSAGES.reused : MFA_MESSAGES.invalid;
  } else if (!(await useRecoveryCode(db, { actor, code: args.code }))) {
    message = MFA_MESSAGES.recoveryInvalid;
  }
  if (message) {
    await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: false });
    await recordLockout(emailKey, args.ip);
    return { ok: false, field: "code", message, throttled: false };
  }
  return { ok: true };
}
