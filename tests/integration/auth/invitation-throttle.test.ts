import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { ACCOUNT_FAILURE_LIMIT } from "~/models/login-attempt.server";
import { createInvitation } from "~/models/invitation.server";
import { action as invitationAction } from "~/routes/auth/invitation";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// An invitation for an address that already has an account is confirmed with that account's
// password. That check counts in the login throttle, or a leaked invitation link would allow
// unlimited password guessing.

const DEMO_PASSWORD = "demo-mvoi-2025";

describe("confirming an invitation with an existing account's password", () => {
  let t: TestDb;
  let token: string;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    vi.stubEnv("DATABASE_URL", t.file);
    vi.stubEnv("SESSION_SECRET", "a-test-secret-of-at-least-32-characters");
    vi.stubEnv("PUBLIC_ORIGIN", "https://mvoi.example.nl");
    vi.stubEnv("LOGIN_IP_LIMIT_PER_MINUTE", "1000");
    const admin = { userId: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example", ip: "192.0.2.1" };
    // The Helmond officer (an existing account) invited to a second organisation.
    ({ token } = await createInvitation(t.db, {
      actor: admin,
      email: "inkoper@helmond.example",
      organisationId: await idOf(t.db, "Gemeente Heerlen"),
      role: "viewer",
      origin: "https://mvoi.example.nl",
    }));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await getDb().destroy();
    await t.cleanup();
  });

  const confirm = async (password: string) => {
    const context = new RouterContextProvider();
    context.set(requestInfoContext, { ip: "192.0.2.9", nonce: "" });
    const request = new Request(`http://127.0.0.1/uitnodiging/${token}`, { method: "POST", body: new URLSearchParams({ password }) });
    const result = await invitationAction({ request, params: { token }, context } as unknown as Parameters<typeof invitationAction>[0]);
    if (result instanceof Response) return { status: result.status, message: null };
    const { data, init } = result as unknown as { data: { result?: { error?: Record<string, string[]> } }; init: { status: number } };
    return { status: init.status, message: data.result?.error?.password?.[0] ?? null };
  };

  it("counts wrong passwords as failed logins and then refuses even the right one while the address waits", async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect(await confirm("niet-het-wachtwoord")).toMatchObject({ status: 400, message: expect.stringMatching(/wachtwoord klopt niet/) });
    }
    const failures = await t.db
      .selectFrom("login_attempt")
      .select("id")
      .where("email_key", "=", "inkoper@helmond.example")
      .where("succeeded", "=", 0)
      .execute();
    expect(failures).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    // Each one is a security event in the audit trail, as a failed login is.
    const events = await t.db
      .selectFrom("audit_event")
      .select(["result", "ip"])
      .where("action", "=", "login.failure")
      .where("user_email", "=", "inkoper@helmond.example")
      .execute();
    expect(events).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    expect(events[0]).toEqual({ result: "failure", ip: "192.0.2.9" });
    const refused = await confirm(DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/te vaak/);
    // Nothing accepted: the invitation is still open and there is no Heerlen membership.
    const invitation = await t.db
      .selectFrom("invitation")
      .select("used_at")
      .where("email", "=", "inkoper@helmond.example")
      .executeTakeFirstOrThrow();
    expect(invitation.used_at).toBeNull();
  });
});
