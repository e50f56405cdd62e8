import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import type { User } from "~/database/types";
import { addMinutes, nowIso } from "~/utils/time";

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_MINUTES = 12 * 60;
/** last_seen_at is written at most once a minute, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashSessionId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

/**
 * Creates a session row and returns the secret id for the cookie (only its hash is stored).
 * `mfaPassed`: the login passed the second factor (a code, a recovery code, or setting the app
 * up); the ministry and admin pages require it (see requireAudience). Without it the session is
 * a password-only one.
 */
export async function createSession(
  db: Executor,
  args: { userId: number; ip: string | null; userAgent: string | null; mfaPassed?: boolean; now?: Date },
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const now = nowIso(args.now);
  await db
    .insertInto("session")
    .values({
      id_hash: hashSessionId(id),
      user_id: args.userId,
      created_at: now,
      last_seen_at: now,
      expires_at: addMinutes(now, SESSION_ABSOLUTE_MINUTES),
      ip: args.ip,
      user_agent: args.userAgent?.slice(0, 300) ?? null,
      mfa_passed_at: args.mfaPassed ? now : null,
    })
    .execute();
  return id;
}

export type SessionUser = Pick<User, "id" | "email" | "name">;
export type ActiveSession = { idHash: string; user: SessionUser; actingOrganisationId: number | null; mfa: SessionMfaState };

// Every logged-in request runs this query: prepared once (see db/prepared.server.ts).
const sessionQuery = prepared((db, args: { idHash: string }) =>
  db
    .selectFrom("session as s")
    .innerJoin("user as u", "u.id", "s.user_id")
    .leftJoin("user_mfa as m", "m.user_id", "s.user_id")
    .select([
      "s.id_hash",
      "s.last_seen_at",
      "s.expires_at",
      "s.acting_organisation_id",
      "s.mfa_passed_at",
      "s.ended_at",
      "m.confirmed_at as mfa_confirmed_at",
      "u.id",
      "u.email",
      "u.name",
      "u.active",
    ])
    .where("s.id_hash", "=", args.idHash),
);

/**
 * The live session for a cookie id, or null. A session ends 30 minutes after its last use or
 * 12 hours after login, whichever comes first, and when its user is deactivated. An ended session
 * never comes back: it is marked ended on sight (and deleted 12 hours later by
 * deleteExpiredSessions); a deactivated user's is deleted at once.
 */
export async function getActiveSession(db: Executor, args: { id: string; now?: Date }): Promise<ActiveSession | null> {
  return (await readSession(db, args)).active;
}

/**
 * As getActiveSession, and when the session has ended (timed out, not logged out: a logged-out
 * session's row is gone), whose it was: a form posted after the timeout is kept for that user
 * (kept-input.server.ts).
 */
export async function readSession(
  db: Executor,
  args: { id: string; now?: Date },
): Promise<{ active: ActiveSession | null; endedForUserId: number | null }> {
  const idHash = hashSessionId(args.id);
  const row = await sessionQuery.first(db, { idHash });
  if (!row) return { active: null, endedForUserId: null };
  const now = args.now ?? new Date();
  const nowMs = now.getTime();
  if (row.active !== 1) {
    await db.deleteFrom("session").where("id_hash", "=", idHash).execute();
    return { active: null, endedForUserId: null };
  }
  if (row.ended_at) return { active: null, endedForUserId: row.id };
  const idleExpired = nowMs > Date.parse(row.last_seen_at) + SESSION_IDLE_MINUTES * 60_000;
  if (idleExpired || nowMs > Date.parse(row.expires_at)) {
    // Ended for good, but the row stays a while (deleteExpiredSessions): whose it was.
    await db
      .updateTable("session")
      .set({ ended_at: nowIso(now) })
      .where("id_hash", "=", idHash)
      .execute();
    return { active: null, endedForUserId: row.id };
  }
  if (nowMs - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db
      .updateTable("session")
      .set({ last_seen_at: nowIso(now) })
      .where("id_hash", "=", idHash)
      .execute();
  }
  return {
    active: {
      idHash,
      user: { id: row.id, email: row.email, name: row.name },
      actingOrganisationId: row.acting_organisation_id,
      mfa: { mfaPassedAt: row.mfa_passed_at, userHasMfa: row.mfa_confirmed_at !== null },
    },
    endedForUserId: null,
  };
}

/** Records a use of the session now ("Blijf ingelogd"): its 30 idle minutes start again. */
export async function touchSession(db: Executor, args: { idHash: string; now?: Date }): Promise<void> {
  await db
    .updateTable("session")
    .set({ last_seen_at: nowIso(args.now) })
    .where("id_hash", "=", args.idHash)
    .execute();
}

/** Read with the session on every request (getActiveSession); the ministry and admin guard checks it. */
export type SessionMfaState = {
  /** When this session's login passed the second factor; null for a password-only login. */
  mfaPassedAt: string | null;
  /** Whether the user has an authenticator app set up right now. */
  userHasMfa: boolean;
};

export async function setActingOrganisation(db: Executor, args: { idHash: string; organisationId: number | null }): Promise<void> {
  await db.updateTable("session").set({ acting_organisation_id: args.organisationId }).where("id_hash", "=", args.idHash).execute();
}

export async function deleteSession(db: Executor, args: { idHash: string }): Promise<void> {
  await db.deleteFrom("session").where("id_hash", "=", args.idHash).execute();
}

/** Ends every session of the user, or every one but `exceptIdHash` (the session making the change). */
export async function deleteSessionsOfUser(db: Executor, args: { userId: number; exceptIdHash?: string }): Promise<void> {
  await db
    .deleteFrom("session")
    .where("user_id", "=", args.userId)
    .$if(args.exceptIdHash !== undefined, (q) => q.where("id_hash", "!=", args.exceptIdHash!))
    .execute();
}

/** Ended sessions are kept this long after they end (or could have ended), then deleted. */
const ENDED_KEPT_MINUTES = 12 * 60;

/**
 * Deletes the rows of sessions that ended (timed out) more than 12 hours ago, or could have: an
 * ended row only says whose a form posted after the timeout is (readSession).
 */
export async function deleteExpiredSessions(db: Executor, now = new Date()): Promise<number> {
  const cutoff = addMinutes(nowIso(now), -ENDED_KEPT_MINUTES);
  const idleCutoff = addMinutes(cutoff, -SESSION_IDLE_MINUTES);
  const result = await db
    .deleteFrom("session")
    .where((eb) => eb.or([eb("ended_at", "<", cutoff), eb("expires_at", "<", cutoff), eb("last_seen_at", "<", idleCutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
