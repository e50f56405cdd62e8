import { portalCookie } from "~/flows/portal-cookie.server";

/**
 * Between the password and the code there is no session yet: only this short-lived signed cookie
 * that says "user U gave the right password at T and still has to give a code (or set up the
 * app)". It opens nothing but the code step and the set-up step of the login; the session row is
 * created only after the second factor. Signed with SESSION_SECRET, HttpOnly, SameSite=Lax,
 * __Host- and Secure in production; ten minutes.
 */
export const PENDING_LOGIN_MINUTES = 10;

export type PendingStep = "code" | "setup";
export type PendingLogin = { userId: number; step: PendingStep; redirectTo: string | null };

const pendingCookie = portalCookie("mvoi_tweede_stap", { maxAgeSeconds: PENDING_LOGIN_MINUTES * 60 });

export async function startPendingLogin(pending: PendingLogin, now = new Date()): Promise<string> {
  const expiresAt = now.getTime() + PENDING_LOGIN_MINUTES * 60_000;
  return pendingCookie().serialize({ u: pending.userId, s: pending.step, r: pending.redirectTo, e: expiresAt });
}

/** The pending login of this browser, or null (none, tampered with, or older than ten minutes). */
export async function readPendingLogin(request: Request, now = new Date()): Promise<PendingLogin | null> {
  const value: unknown = await pendingCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { u, s, r, e } = value as Record<string, unknown>;
  if (typeof u !== "number" || (s !== "code" && s !== "setup") || typeof e !== "number" || e < now.getTime()) return null;
  return { userId: u, step: s, redirectTo: typeof r === "string" ? r : null };
}

export async function clearPendingLogin(): Promise<string> {
  return pendingCookie().serialize("", { maxAge: 0 });
}
