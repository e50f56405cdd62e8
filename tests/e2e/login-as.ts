import { createCookie } from "react-router";
import { inject } from "vitest";
import type { DB } from "~/db/connection.server";
import { getMfaStatus } from "~/models/mfa.server";
import { createSession } from "~/models/session.server";

/**
 * THE way tests log in without the login form: a session row for the user, as a full login
 * creates it, and the signed cookie the built (production) server expects. When login changes
 * (multi-factor), sessions are still only created after a complete login, so only this file
 * needs to follow. A user with MFA on logs in with a code, so their session is marked as having
 * passed the second factor (the ministry and admin pages require that); anyone else gets a
 * password-only session. Returns the `Cookie` header value.
 */
export async function loginAs(db: DB, user: { email: string } | { id: number }): Promise<string> {
  const userId =
    "id" in user ? user.id : (await db.selectFrom("user").select("id").where("email", "=", user.email).executeTakeFirstOrThrow()).id;
  const cookie = createCookie("__Host-mvoi_sessie", { httpOnly: true, sameSite: "lax", secure: true, path: "/", secrets: [inject("sessionSecret")] });
  const mfaPassed = (await getMfaStatus(db, { userId })).enabled;
  const id = await createSession(db, { userId, ip: "test", userAgent: "test", mfaPassed });
  return (await cookie.serialize(id)).split(";")[0]!;
}

/**
 * The signed cookie the server sets between the password and the second step (see
 * app/auth/pending-login.server.ts), for a user who "just gave the right password": for tests of
 * the code and set-up steps themselves. Valid for an hour here.
 */
export async function pendingLoginCookie(userId: number, step: "code" | "setup"): Promise<string> {
  const cookie = createCookie("__Host-mvoi_tweede_stap", { httpOnly: true, sameSite: "lax", secure: true, path: "/", secrets: [inject("sessionSecret")] });
  return (await cookie.serialize({ u: userId, s: step, r: null, e: Date.now() + 60 * 60_000 })).split(";")[0]!;
}
