import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { authenticator } from "~/auth/authenticator.server";
import { startSession } from "~/auth/session.server";
import { recordAuditEvent } from "~/models/audit.server";
import { ACCOUNT_LOCK_MINUTES, checkLoginThrottle, recordLoginAttempt } from "~/models/login-attempt.server";
import type { SessionUser } from "~/models/session.server";
import { normaliseEmail, recordLogin } from "~/models/user.server";

export const MESSAGES = {
  invalid: "Het e-mailadres of het wachtwoord klopt niet. Controleer uw gegevens en probeer het opnieuw.",
  throttledIp: "U heeft te vaak geprobeerd in te loggen. Wacht een minuut en probeer het dan opnieuw.",
  throttledAccount:
    "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres. Wacht 15 minuten en probeer het dan opnieuw.",
} as const;

export type LoginResult =
  | { ok: true; user: SessionUser; setCookie: string }
  | { ok: false; message: string; throttled: boolean };

/**
 * The whole login: throttle (per IP, per e-mail), verify with remix-auth, record the attempt and
 * an audit event, start a fresh session. The request body must still be unread (clone it first).
 */
export async function login(args: { request: Request; email: string; ip: string }): Promise<LoginResult> {
  const db = getDb();
  const emailKey = normaliseEmail(args.email);
  const throttle = await checkLoginThrottle(db, {
    emailKey,
    ip: args.ip,
    ipLimitPerMinute: env().LOGIN_IP_LIMIT_PER_MINUTE,
  });
  if (!throttle.allowed) {
    await recordAuditEvent(db, {
      action: "login.throttled",
      userEmail: emailKey,
      objectType: "login",
      objectId: emailKey,
      result: "failure",
      ip: args.ip,
      detail: { reason: throttle.reason },
    });
    return {
      ok: false,
      throttled: true,
      message: throttle.reason === "ip" ? MESSAGES.throttledIp : MESSAGES.throttledAccount,
    };
  }

  let user: SessionUser | null = null;
  try {
    user = await authenticator.authenticate("form", args.request);
  } catch {
    user = null;
  }
  await recordLoginAttempt(db, { emailKey, ip: args.ip, succeeded: user !== null });
  if (!user) {
    await recordAuditEvent(db, { action: "login.failure", userEmail: emailKey, objectType: "login", objectId: emailKey, result: "failure", ip: args.ip });
    // The failure that locks the address is an event of its own (the attempts after it are "throttled").
    const after = await checkLoginThrottle(db, { emailKey, ip: args.ip, ipLimitPerMinute: Number.MAX_SAFE_INTEGER });
    if (!after.allowed && after.reason === "account") {
      await recordAuditEvent(db, { action: "login.lockout", userEmail: emailKey, objectType: "login", objectId: emailKey, result: "failure", ip: args.ip, detail: { minutes: ACCOUNT_LOCK_MINUTES } });
    }
    return { ok: false, throttled: false, message: MESSAGES.invalid };
  }

  await recordLogin(db, { userId: user.id });
  await recordAuditEvent(db, { action: "login.success", userId: user.id, userEmail: user.email, objectType: "user", objectId: user.id, ip: args.ip });
  const setCookie = await startSession({
    userId: user.id,
    ip: args.ip,
    userAgent: args.request.headers.get("User-Agent"),
  });
  return { ok: true, user, setCookie };
}
