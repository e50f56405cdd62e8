import { portalCookie } from "~/flows/portal-cookie.server";
import { getDb } from "~/database/instance.server";
import { audiencesFor } from "~/auth/permissions";
import type { CurrentUser } from "~/context";
import { createSession, deleteSession, readSession } from "~/models/session.server";
import { listMembershipsForUser } from "~/models/user.server";

/**
 * The cookie holds only a random session id, signed with SESSION_SECRET (comma-separate several
 * secrets to rotate: the first signs, all verify). HttpOnly, SameSite=Lax; in production Secure
 * with the __Host- prefix. No Max-Age: the browser forgets it when closed, the server ends it
 * after 30 minutes idle or 12 hours.
 */
const sessionCookie = portalCookie("mvoi_sessie");

/**
 * Cookie headers whose signature was already verified, with the session id in them. Checking the
 * signature goes through WebCrypto (asynchronous, about 5% of a page's CPU), and a browser sends
 * the same header with every request. Only verified headers are kept, so a forged one is checked
 * every time; the secrets do not change while the server runs. Whether the session itself is
 * still valid is asked of the database on every request.
 */
const verified = new Map<string, string>();
const MAX_VERIFIED = 2_000;
/** A portal cookie header is about 100 characters; longer ones are verified each time (memory stays bounded, at most about 2 MB). */
const MAX_CACHED_HEADER = 1_024;

export async function readSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const known = verified.get(header);
  if (known !== undefined) return known;
  const value: unknown = await sessionCookie().parse(header);
  if (typeof value !== "string" || value.length === 0) return null;
  if (header.length <= MAX_CACHED_HEADER) {
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(header, value);
  }
  return value;
}

export async function loadCurrentUser(request: Request): Promise<CurrentUser | null> {
  return (await loadSessionState(request)).user;
}

/** The logged-in user, or, when this browser's session has just timed out, whose it was. */
export async function loadSessionState(request: Request): Promise<{ user: CurrentUser | null; endedForUserId: number | null }> {
  const id = await readSessionId(request);
  if (!id) return { user: null, endedForUserId: null };
  const db = getDb();
  const { active: session, endedForUserId } = await readSession(db, { id });
  if (!session) return { user: null, endedForUserId };
  const memberships = await listMembershipsForUser(db, { userId: session.user.id });
  return {
    user: {
      ...session.user,
      sessionIdHash: session.idHash,
      actingOrganisationId: session.actingOrganisationId,
      mfa: session.mfa,
      memberships,
      audiences: audiencesFor(memberships.map((m) => m.role)),
    },
    endedForUserId: null,
  };
}

/**
 * Starts a fresh session (a new id at every login) and returns its Set-Cookie header. `mfaPassed`
 * records that the login passed the second factor (required for the ministry and admin pages).
 */
export async function startSession(args: { userId: number; ip: string; userAgent: string | null; mfaPassed: boolean }): Promise<string> {
  const id = await createSession(getDb(), args);
  return sessionCookie().serialize(id);
}

/** Deletes the session row, so the old cookie no longer works anywhere, and clears the cookie. */
export async function endSession(user: CurrentUser | null): Promise<string> {
  if (user) await deleteSession(getDb(), { idHash: user.sessionIdHash });
  return sessionCookie().serialize("", { maxAge: 0 });
}
