import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { down as removeSessionMfa, up as addSessionMfa } from "../../../db/migrations/20261128T130000_add_session_mfa";
import { loadUserMiddleware, requireAudience } from "~/flows/guards.server";
import { verifyPassword } from "~/auth/password.server";
import type { Audience } from "~/auth/permissions";
import { readSessionId, startSession } from "~/flows/session.server";
import { timeStep, totpCodeAt } from "~/auth/totp.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import type { MembershipRole } from "~/database/types";
import { acceptInvitation, createInvitation } from "~/models/invitation.server";
import { confirmMfaSetup, disableMfa, enableMfaWithSecret, startMfaSetup } from "~/models/mfa.server";
import { createSession, getActiveSession, hashSessionId } from "~/models/session.server";
import { addMembership, changeMembershipRole, ensureUser } from "~/models/user.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// The second factor is recorded on the session at login and checked by the ministry and admin
// guard on every request: a role given after a password-only login, or MFA turned off during a
// session, opens no ministry or admin page. Run as the server runs it: the root middleware reads
// the signed cookie, the layout's guard decides (getDb() on a real SQLite file).

const SECRET = "a-test-secret-of-at-least-32-characters";
const TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("the second factor on the session and in the ministry and admin guard", () => {
  let t: TestDb;
  let ienw: number;
  let helmond: number;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDb({ seed: "base" });
    // Read once by env() and getDb(), as in the running server.
    vi.stubEnv("DATABASE_URL", t.file);
    vi.stubEnv("SESSION_SECRET", SECRET);
    ienw = await idOf(t.db, "Ministerie van Infrastructuur en Waterstaat");
    helmond = await idOf(t.db, "Gemeente Helmond");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await getDb().destroy();
    await t.cleanup();
  });

  /** A new user with one membership (and MFA on when `mfa`). */
  async function newUser(role: MembershipRole, options: { mfa?: boolean } = {}) {
    const email = `mfa-sessie-${++n}@example.nl`;
    const userId = await ensureUser(t.db, { email, name: `Gebruiker ${n}`, password: null });
    await addMembership(t.db, { userId, organisationId: role === "editor" || role === "viewer" ? helmond : ienw, role });
    if (options.mfa) await enableMfaWithSecret(t.db, { userId, secret: TOTP, keys: [SECRET] });
    return { userId, email, ip: "192.0.2.9" };
  }

  /** A login's session, as the Cookie header the browser sends back. */
  async function login(userId: number, mfaPassed: boolean): Promise<string> {
    return (await startSession({ userId, ip: "192.0.2.9", userAgent: "test", mfaPassed })).split(";")[0]!;
  }

  /** Given a role by any other way than the model functions (which also end the sessions). */
  async function grantDirectly(userId: number, role: "reviewer" | "admin") {
    await t.db
      .insertInto("membership")
      .values({ user_id: userId, organisation_id: ienw, role, created_at: new Date().toISOString() })
      .execute();
  }

  /** The root middleware, then the layout's guard: "passed", or what the guard threw. */
  async function guard(cookie: string, path: string, ...allowed: Audience[]): Promise<"passed" | Response | { init: ResponseInit | null }> {
    const request = new Request(`http://127.0.0.1${path}`, { headers: { Cookie: cookie } });
    const context = new RouterContextProvider();
    context.set(requestInfoContext, { ip: "192.0.2.9", nonce: "" });
    const args = { request, url: new URL(request.url), pattern: path, params: {}, context };
    const next = async () => new Response("de pagina");
    await loadUserMiddleware(args, next);
    try {
      await requireAudience(...allowed)(args, next);
      return "passed";
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      return thrown as { init: ResponseInit | null };
    }
  }

  const sessionsOf = async (userId: number) =>
    (await t.db.selectFrom("session").select("id_hash").where("user_id", "=", userId).execute()).length;
  const sessionRow = (idHash: string) => t.db.selectFrom("session").select("id_hash").where("id_hash", "=", idHash).executeTakeFirst();
  const idHashOf = async (cookie: string) =>
    hashSessionId((await readSessionId(new Request("http://127.0.0.1/", { headers: { Cookie: cookie } })))!);

  it("records at login whether the session passed the second factor; sessions from before get null", async () => {
    const user = await newUser("editor");
    const passwordOnly = await createSession(t.db, { userId: user.userId, ip: null, userAgent: null });
    const withCode = await createSession(t.db, {
      userId: user.userId,
      ip: null,
      userAgent: null,
      mfaPassed: true,
      now: new Date("2026-11-28T13:00:00Z"),
    });
    expect((await getActiveSession(t.db, { id: passwordOnly }))?.mfa).toEqual({ mfaPassedAt: null, userHasMfa: false });
    expect((await getActiveSession(t.db, { id: withCode, now: new Date("2026-11-28T13:05:00Z") }))?.mfa).toEqual({
      mfaPassedAt: "2026-11-28T13:00:00.000Z",
      userHasMfa: false,
    });

    // The migration on a database with sessions in it: they get null (must log in again for the ministry and admin pages).
    await removeSessionMfa(t.db);
    await t.db.deleteFrom("session").execute();
    await t.db
      .insertInto("session")
      .values({
        id_hash: hashSessionId("oud"),
        user_id: user.userId,
        acting_organisation_id: null,
        created_at: "2026-11-28T12:00:00.000Z",
        last_seen_at: "2026-11-28T12:00:00.000Z",
        expires_at: "2026-11-29T00:00:00.000Z",
        ip: null,
        user_agent: null,
      })
      .execute();
    await addSessionMfa(t.db);
    expect(await t.db.selectFrom("session").select(["id_hash", "mfa_passed_at"]).execute()).toEqual([
      { id_hash: hashSessionId("oud"), mfa_passed_at: null },
    ]);
  });

  it("a password-only session gets no ministry or admin page after the user is given the reviewer or admin role: the session ends and the login asks again", async () => {
    const user = await newUser("editor");
    const forMinistry = await login(user.userId, false);
    const forAdmin = await login(user.userId, false);
    expect(await guard(forMinistry, "/organisatie/gemeente-helmond", "signatory")).toBe("passed");
    expect(await guard(forMinistry, "/ministerie", "ministry", "admin")).toMatchObject({ init: { status: 403 } });

    await grantDirectly(user.userId, "reviewer");
    await grantDirectly(user.userId, "admin");
    for (const [cookie, path, allowed] of [
      [forMinistry, "/ministerie/trends?jaar=2024", ["ministry", "admin"]],
      [forAdmin, "/beheer", ["admin"]],
    ] as const) {
      const answer = await guard(cookie, path, ...allowed);
      expect(answer).toBeInstanceOf(Response);
      const response = answer as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/inloggen?tweede-stap&redirectTo=${encodeURIComponent(path)}`);
      expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
      // The session is gone: the next request is anonymous.
      expect(await sessionRow(await idHashOf(cookie))).toBeUndefined();
      const again = (await guard(cookie, path, ...allowed)) as Response;
      expect(again.headers.get("Location")).toBe(`/inloggen?redirectTo=${encodeURIComponent(path)}`);
    }
    const events = await t.db
      .selectFrom("audit_event")
      .select(["action", "result", "ip", "detail"])
      .where("user_id", "=", user.userId)
      .where("action", "=", "session.mfa_required")
      .execute();
    expect(events).toEqual([
      { action: "session.mfa_required", result: "failure", ip: "192.0.2.9", detail: JSON.stringify({ next: "login" }) },
      { action: "session.mfa_required", result: "failure", ip: "192.0.2.9", detail: JSON.stringify({ next: "login" }) },
    ]);
  });

  it("a session without the second factor is refused also when the user has MFA on (a login from before, or MFA set up later)", async () => {
    const user = await newUser("reviewer", { mfa: true });
    const cookie = await login(user.userId, false);
    const response = (await guard(cookie, "/ministerie", "ministry", "admin")) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/inloggen?tweede-stap&redirectTo=%2Fministerie");
    expect(await sessionsOf(user.userId)).toBe(0);
  });

  it("a session that passed the second factor opens the ministry and admin pages while MFA is on", async () => {
    const reviewer = await newUser("reviewer", { mfa: true });
    expect(await guard(await login(reviewer.userId, true), "/ministerie", "ministry", "admin")).toBe("passed");
    const admin = await newUser("admin", { mfa: true });
    const cookie = await login(admin.userId, true);
    expect(await guard(cookie, "/beheer", "admin")).toBe("passed");
    expect(await guard(cookie, "/ministerie", "ministry", "admin")).toBe("passed");
    // Signatory pages need no second factor.
    const signatory = await newUser("editor");
    expect(await guard(await login(signatory.userId, false), "/organisaties", "signatory")).toBe("passed");
  });

  it("'Opnieuw instellen' (MFA turned off in a session that passed it): sent to set up the app again, other sessions end, this one works again after the set-up", async () => {
    const user = await newUser("reviewer", { mfa: true });
    const cookie = await login(user.userId, true);
    const elsewhere = await login(user.userId, true);
    await disableMfa(t.db, { actor: user, reason: "set-up-again", keepSession: await idHashOf(cookie) });
    expect(await sessionRow(await idHashOf(elsewhere))).toBeUndefined();

    const response = (await guard(cookie, "/ministerie/trends", "ministry", "admin")) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/beveiliging/instellen?redirectTo=%2Fministerie%2Ftrends");
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await sessionsOf(user.userId)).toBe(1);

    const setup = await startMfaSetup(t.db, { userId: user.userId, keys: [SECRET] });
    expect((await confirmMfaSetup(t.db, { actor: user, keys: [SECRET], code: totpCodeAt(setup!.secret, timeStep()) })).ok).toBe(true);
    expect(await guard(cookie, "/ministerie/trends", "ministry", "admin")).toBe("passed");
  });

  it("decides on the second factor read with the session at the start of the request; a session ended since is anonymous on the next request", async () => {
    const user = await newUser("admin", { mfa: true });
    const cookie = await login(user.userId, true);
    const request = new Request("http://127.0.0.1/beheer", { headers: { Cookie: cookie } });
    const context = new RouterContextProvider();
    const args = { request, url: new URL(request.url), pattern: "/beheer", params: {}, context };
    const next = async () => new Response("de pagina");
    await loadUserMiddleware(args, next);
    await t.db.deleteFrom("session").where("user_id", "=", user.userId).execute();
    // This request was authenticated (with its second factor) when it started.
    expect(await requireAudience("admin")(args, next)).toBeUndefined();
    const again = (await guard(cookie, "/beheer", "admin")) as Response;
    expect(again.headers.get("Location")).toBe("/inloggen?redirectTo=%2Fbeheer");
  });

  describe("gaining the reviewer or admin role ends the user's sessions", () => {
    let admin: { userId: number; email: string; ip: string };
    beforeAll(async () => {
      admin = await newUser("admin", { mfa: true });
    });

    it("changeMembershipRole to admin or reviewer ends them; to another signatory role, or for someone who already had one, not", async () => {
      const user = await newUser("editor");
      await login(user.userId, false);
      const membership = await t.db.selectFrom("membership").select("id").where("user_id", "=", user.userId).executeTakeFirstOrThrow();
      await changeMembershipRole(t.db, { actor: admin, userId: user.userId, membershipId: membership.id, role: "viewer" });
      expect(await sessionsOf(user.userId)).toBe(1);
      await changeMembershipRole(t.db, { actor: admin, userId: user.userId, membershipId: membership.id, role: "admin" });
      expect(await sessionsOf(user.userId)).toBe(0);

      const other = await newUser("editor");
      await login(other.userId, false);
      const otherMembership = await t.db
        .selectFrom("membership")
        .select("id")
        .where("user_id", "=", other.userId)
        .executeTakeFirstOrThrow();
      await changeMembershipRole(t.db, { actor: admin, userId: other.userId, membershipId: otherMembership.id, role: "reviewer" });
      expect(await sessionsOf(other.userId)).toBe(0);

      // Already a reviewer (so already logged in with the code): becoming admin elsewhere keeps the session.
      const reviewer = await newUser("reviewer", { mfa: true });
      await login(reviewer.userId, true);
      await addMembership(t.db, { userId: reviewer.userId, organisationId: helmond, role: "admin" });
      expect(await sessionsOf(reviewer.userId)).toBe(1);
    });

    it("addMembership as reviewer ends them", async () => {
      const user = await newUser("editor");
      await login(user.userId, false);
      await addMembership(t.db, { userId: user.userId, organisationId: helmond, role: "viewer" });
      expect(await sessionsOf(user.userId)).toBe(1);
      await addMembership(t.db, { userId: user.userId, organisationId: ienw, role: "reviewer" });
      expect(await sessionsOf(user.userId)).toBe(0);
    });

    it("accepting an invitation as reviewer ends them", async () => {
      const email = "mfa-sessie-uitnodiging@helmond.example";
      const userId = await ensureUser(t.db, { email, name: "Uitgenodigd", password: "een lang wachtwoord" });
      await addMembership(t.db, { userId, organisationId: helmond, role: "editor" });
      await login(userId, false);
      const { token } = await createInvitation(t.db, {
        actor: admin,
        email,
        organisationId: ienw,
        role: "reviewer",
        origin: "https://mvoi.example.nl",
      });
      await acceptInvitation(t.db, { token, password: "een lang wachtwoord", ip: "192.0.2.9", verifyPassword });
      expect(await sessionsOf(userId)).toBe(0);
      expect(await userIdOf(t.db, email)).toBe(userId);
    });
  });
});
