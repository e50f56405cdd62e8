import net, { type AddressInfo } from "node:net";
import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { currentUserContext, requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { action as forgotPasswordAction } from "~/routes/auth/forgot-password";
import { action as inviteAction } from "~/routes/admin/invite";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// "Failures to send never break the page that caused them": the pages' own actions, run as the
// server runs them (getDb() and the transport from the environment), with the mail server down.

const ORIGIN = "https://mvoi.example.nl";

/** A loopback port that nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function post(path: string, fields: Record<string, string>): Request {
  return new Request(new URL(path, "http://127.0.0.1"), { method: "POST", body: new URLSearchParams(fields) });
}

describe("a mail server that is down", () => {
  let t: TestDb;
  let errors: MockInstance<typeof console.error>;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    // Read once by env() and getDb(), as in the running server.
    vi.stubEnv("DATABASE_URL", t.file);
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${await closedPort()}`);
    vi.stubEnv("PUBLIC_ORIGIN", ORIGIN);
    vi.stubEnv("SESSION_SECRET", "a-test-secret-of-at-least-32-characters");
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(async () => {
    errors.mockRestore();
    vi.unstubAllEnvs();
    await getDb().destroy();
    await t.cleanup();
  });

  function context(user: { id: number; email: string } | null): RouterContextProvider {
    const provider = new RouterContextProvider();
    provider.set(requestInfoContext, { ip: "192.0.2.7", nonce: "" });
    if (user)
      provider.set(currentUserContext, {
        ...user,
        name: "Beheerder",
        sessionIdHash: "x",
        actingOrganisationId: null,
        mfa: { mfaPassedAt: "2026-01-01T00:00:00.000Z", userHasMfa: true },
        memberships: [],
        audiences: ["admin"],
      });
    return provider;
  }

  /** The outbox row once the delivery run after the response has tried it. */
  async function triedMessage(recipient: string) {
    return vi.waitFor(
      async () => {
        const row = await t.db.selectFrom("mail_message").selectAll().where("recipient", "=", recipient).executeTakeFirstOrThrow();
        // Claimed (attempts + 1) before the attempt, marked failed or sent after it.
        if (row.status === "pending") throw new Error("not tried yet");
        return row;
      },
      { timeout: 5_000, interval: 20 },
    );
  }

  function loggedFor(id: number, recipient: string): string[] {
    return errors.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith(`mail: message ${id} to ${recipient}:`));
  }

  it("still answers a forgot-password request as usual, and keeps and logs the failed message", async () => {
    // The action's arguments as React Router passes them; only request and context are read.
    const response = await forgotPasswordAction({
      request: post("/wachtwoord-vergeten", { email: "inkoper@helmond.example" }),
      context: context(null),
      params: {},
    } as unknown as Parameters<typeof forgotPasswordAction>[0]);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/wachtwoord-vergeten?verstuurd");

    const row = await triedMessage("inkoper@helmond.example");
    expect(row).toMatchObject({ kind: "password-reset", status: "failed", attempts: 1, sent_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row.text_body).toContain(`${ORIGIN}/wachtwoord-herstellen/`);
    const logged = loggedFor(row.id, "inkoper@helmond.example");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(row.last_error!);
    // The reset itself was made: the link in the kept message will work once it is delivered.
    expect(await t.db.selectFrom("password_reset").select("id").execute()).toHaveLength(1);
  });

  it("still completes an invitation, and keeps and logs the failed message", async () => {
    const admin = { id: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example" };
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const response = await inviteAction({
      request: post("/beheer/gebruikers/uitnodigen", { email: "nieuw@helmond.example", organisationId: String(helmond), role: "editor" }),
      context: context(admin),
      params: {},
    } as unknown as Parameters<typeof inviteAction>[0]);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe("/beheer/gebruikers?uitgenodigd=nieuw%40helmond.example");

    const invitation = await t.db
      .selectFrom("invitation")
      .selectAll()
      .where("email", "=", "nieuw@helmond.example")
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ organisation_id: helmond, role: "editor" });
    const row = await triedMessage("nieuw@helmond.example");
    expect(row).toMatchObject({ kind: "invitation", status: "failed", attempts: 1, sent_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(loggedFor(row.id, "nieuw@helmond.example")).toEqual([`mail: message ${row.id} to nieuw@helmond.example: ${row.last_error}`]);
  });
});
