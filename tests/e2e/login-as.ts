import { createCookie } from "react-router";
import { inject } from "vitest";
import type { DB } from "~/database/connection.server";
import { getMfaStatus } from "~/models/mfa.server";
import { createSession } from "~/models/session.server";

/**
 * The session secret of the portal under test: the e2e servers' (provided by
 * tests/e2e/global-setup.ts), or, for a portal served in this process (tests/helpers/in-process.ts),
 * the SESSION_SECRET it runs with.
 */
export function testSessionSecret(): string {
  let provided: string | undefined;
  try {
    provided = inject("sessionSecret");
  } catch {
    provided = undefined;
  }
  const secret = provided ?? process.env.SESSION_SECRET;
  if (!secret) throw new Error("No session secret: run under the e2e global setup, or serve the portal in this process first");
  return secret;
}

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
  const cookie = createCookie("__Host-mvoi_sessie", {
    httpOnly: true,
    sameSite: "lax",
    secure: true,
    path: "/",
    secrets: [testSessionSecret()],
  });
  const mfaPassed = (await getMfaStatus(db, { userId })).enabled;
  const id = await createSession(db, { userId, ip: "test", userAgent: "test", mfaPassed });
  return (await cookie.serialize(id)).split(";")[0]!;
}

/**
 * The signed cookie the server sets between the password and the second step (see
 * app/flows/pending-login.server.ts), for a user who "just gave the right password": for tests of
 * the code and set-up steps themselves. Valid for an hour here.
 */
export async function pendingLoginCookie(userId: number, step: "code" | "setup"): Promise<string> {
  const cookie = createCookie("__Host-mvoi_tweede_stap", {
    httpOnly: true,
    sameSite: "lax",
    secure: true,
    path: "/",
    secrets: [testSessionSecret()],
  });
  return (await cookie.serialize({ u: userId, s: step, r: null, e: Date.now() + 60 * 60_000 })).split(";")[0]!;
}
