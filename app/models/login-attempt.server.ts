import type { Executor } from "~/database/connection.server";
import { addMinutes, nowIso } from "~/utils/time";

export const ACCOUNT_FAILURE_LIMIT = 10;
export const ACCOUNT_LOCK_MINUTES = 15;

export type LoginThrottle =
  | { allowed: true }
  | { allowed: false; reason: "ip" }
  /** `until`: when the address may try again. */
  | { allowed: false; reason: "account"; until: string };

/**
 * Decides whether a login attempt may be tried at all:
 * - at most `ipLimitPerMinute` attempts per IP address in the last minute;
 * - after 10 failures for one e-mail address (with no success in between) within 15 minutes,
 *   that address waits until 15 minutes after its last failure.
 * Works on the e-mail as typed, so it behaves the same for addresses without an account.
 */
export async function checkLoginThrottle(
  db: Executor,
  args: { emailKey: string; ip: string; ipLimitPerMinute: number; now?: Date },
): Promise<LoginThrottle> {
  const now = nowIso(args.now);
  const ipCount = await db
    .selectFrom("login_attempt")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", args.ip)
    .where("attempted_at", ">", addMinutes(now, -1))
    .executeTakeFirstOrThrow();
  if (Number(ipCount.n) >= args.ipLimitPerMinute) return { allowed: false, reason: "ip" };

  const lastSuccess = await db
    .selectFrom("login_attempt")
    .select((eb) => eb.fn.max("attempted_at").as("at"))
    .where("email_key", "=", args.emailKey)
    .where("succeeded", "=", 1)
    .executeTakeFirst();
  // The most recent failures since the last success: ten of them within 15 minutes lock the
  // address until 15 minutes after the newest one.
  const failures = await db
    .selectFrom("login_attempt")
    .select("attempted_at")
    .where("email_key", "=", args.emailKey)
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", lastSuccess?.at ?? "")
    .orderBy("attempted_at", "desc")
    .limit(ACCOUNT_FAILURE_LIMIT)
    .execute();
  if (failures.length >= ACCOUNT_FAILURE_LIMIT) {
    const newest = failures[0]!.attempted_at;
    const oldest = failures[failures.length - 1]!.attempted_at;
    if (oldest >= addMinutes(newest, -ACCOUNT_LOCK_MINUTES) && now < addMinutes(newest, ACCOUNT_LOCK_MINUTES)) {
      return { allowed: false, reason: "account", until: addMinutes(newest, ACCOUNT_LOCK_MINUTES) };
    }
  }
  return { allowed: true };
}

export async function recordLoginAttempt(
  db: Executor,
  args: { emailKey: string; ip: string; succeeded: boolean; now?: Date },
): Promise<void> {
  const now = nowIso(args.now);
  await db
    .insertInto("login_attempt")
    .values({ email_key: args.emailKey.slice(0, 320), ip: args.ip, succeeded: args.succeeded ? 1 : 0, attempted_at: now })
    .execute();
  // Keep the table small: nothing older than a day matters for throttling.
  await db
    .deleteFrom("login_attempt")
    .where("attempted_at", "<", addMinutes(now, -24 * 60))
    .execute();
}
