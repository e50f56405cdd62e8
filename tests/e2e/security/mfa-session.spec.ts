import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { enableMfaWithSecret, getMfaStatus } from "~/models/mfa.server";
import { addMembership, changeMembershipRole, ensureUser } from "~/models/user.server";
import { baseURL, DEMO_PASSWORD, freshTotpCode } from "../helpers";
import { loginAs } from "../login-as";
import { e2eServer } from "../server";

// The second factor is not only a step of the login: the ministry and admin pages check on every
// request that the session passed it and that the user still has MFA on. Over HTTP against the
// built server, as a browser without JavaScript sends it.

const SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"; // this spec's users, not a demo login's
const SESSION = "__Host-mvoi_sessie";
const PENDING = "__Host-mvoi_tweede_stap";

type Answer = { status: number; location: string | null; body: string; cookies: Record<string, string> };

async function answer(response: Response): Promise<Answer> {
  const cookies: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [name, value] = pair!.split(/=(.*)/s) as [string, string];
    cookies[name] = value;
  }
  return { status: response.status, location: response.headers.get("location"), body: await response.text(), cookies };
}

const get = async (path: string, cookie: string) =>
  answer(await fetch(baseURL() + path, { redirect: "manual", headers: { Cookie: cookie } }));

const post = async (path: string, fields: Record<string, string>, cookie?: string) =>
  answer(
    await fetch(baseURL() + path, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    }),
  );

/** The password step of the login form: a session (no second step) or the pending-login cookie. */
async function passwordStep(email: string, redirectTo = "") {
  const result = await post("/inloggen", { email, password: DEMO_PASSWORD, redirectTo });
  expect(result.status, result.body.slice(0, 200)).toBe(302);
  const session = result.cookies[SESSION];
  const pending = result.cookies[PENDING];
  return {
    location: result.location,
    session: session ? `${SESSION}=${session}` : null,
    pending: pending ? `${PENDING}=${pending}` : null,
  };
}

const secretOnPage = (html: string) => /data-testid="mfa-secret">([A-Z2-7 ]+)</.exec(html)![1]!.replace(/\s/g, "");

describe("the second factor, checked on every ministry and admin request", () => {
  let db: DB;
  let ienw: number;
  let helmond: number;
  let admin: { userId: number; email: string; ip: string };

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    ienw = (
      await db
        .selectFrom("organisation")
        .select("id")
        .where("name", "=", "Ministerie van Infrastructuur en Waterstaat")
        .executeTakeFirstOrThrow()
    ).id;
    helmond = (await db.selectFrom("organisation").select("id").where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow()).id;
    const beheer = await db.selectFrom("user").select("id").where("email", "=", "beheer@ienw.example").executeTakeFirstOrThrow();
    admin = { userId: beheer.id, email: "beheer@ienw.example", ip: "127.0.0.1" };
  });
  afterAll(() => db?.destroy());

  /** A Helmond officer of this spec (the demo officer is used by other files on the same server). */
  async function newUser(email: string, role: "editor" | "reviewer", options: { mfa?: boolean } = {}) {
    const userId = await ensureUser(db, { email, name: email.split("@")[0]!, password: DEMO_PASSWORD });
    await addMembership(db, { userId, organisationId: role === "editor" ? helmond : ienw, role });
    if (options.mfa) await enableMfaWithSecret(db, { userId, secret: SECRET, keys: [inject("sessionSecret")] });
    return userId;
  }

  it("a signatory's password-only session gets no /ministerie or /beheer after the role change; after logging in with the code it does", async () => {
    const email = "mfa-sessie-rol@helmond.example";
    const userId = await newUser(email, "editor");
    const first = await passwordStep(email);
    const second = await passwordStep(email);
    expect(first.location).toBe("/organisaties");
    expect(first.session && second.session).toBeTruthy();
    expect((await get("/organisatie/gemeente-helmond", first.session!)).status).toBe(200);
    expect((await get("/ministerie", first.session!)).status).toBe(403);

    // The role change, straight in the database (any way a role can be given; the model functions
    // also end the sessions, see the next test): only the guard stands in the way.
    await db
      .insertInto("membership")
      .values([
        { user_id: userId, organisation_id: ienw, role: "reviewer", created_at: new Date().toISOString() },
        { user_id: userId, organisation_id: ienw, role: "admin", created_at: new Date().toISOString() },
      ])
      .execute();

    for (const [path, cookie, heading] of [
      ["/ministerie", first.session!, "Ondertekenaars van het manifest"],
      ["/beheer", second.session!, "<h1"],
    ] as const) {
      const refused = await get(path, cookie);
      expect(refused.status, path).toBe(302);
      expect(refused.location).toBe(`/inloggen?tweede-stap&redirectTo=${encodeURIComponent(path)}`);
      expect(refused.body).not.toContain(heading);
      // The session has ended: the cookie is cleared and opens nothing any more.
      expect(refused.cookies[SESSION]).toBe("");
      expect((await get("/organisatie/gemeente-helmond", cookie)).location).toBe("/inloggen?redirectTo=%2Forganisatie%2Fgemeente-helmond");
    }
    const loginPage = await get("/inloggen?tweede-stap&redirectTo=%2Fministerie", "");
    expect(loginPage.body).toContain("Voor deze pagina heeft u ook een code uit de app op uw telefoon nodig.");

    // Logging in again: this user has no app yet, so the login sets it up, with a first code.
    const again = await passwordStep(email, "/ministerie");
    expect(again.location).toBe("/inloggen/instellen");
    expect(again.session).toBeNull();
    const secret = secretOnPage((await get("/inloggen/instellen", again.pending!)).body);
    const setUp = await post("/inloggen/instellen", { code: await freshTotpCode(email, secret) }, again.pending!);
    expect(setUp.status).toBe(200);
    const withSetUp = `${SESSION}=${setUp.cookies[SESSION]}`;
    expect((await get("/ministerie", withSetUp)).body).toContain("Ondertekenaars van het manifest");
    expect((await get("/beheer", withSetUp)).status).toBe(200);

    // And the next login asks the code from the app.
    const next = await passwordStep(email, "/beheer");
    expect(next.location).toBe("/inloggen/code");
    const code = await post("/inloggen/code", { intent: "code", code: await freshTotpCode(email, secret) }, next.pending!);
    expect(code.location).toBe("/beheer");
    const withCode = `${SESSION}=${code.cookies[SESSION]}`;
    expect((await get("/beheer", withCode)).status).toBe(200);
    expect((await get("/ministerie", withCode)).status).toBe(200);
  });

  it("an administrator making a signatory admin (changeMembershipRole) ends that user's sessions at once", async () => {
    const email = "mfa-sessie-beheerder@helmond.example";
    const userId = await newUser(email, "editor");
    const { session } = await passwordStep(email);
    const membership = await db.selectFrom("membership").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
    await changeMembershipRole(db, { actor: admin, userId, membershipId: membership.id, role: "admin" });
    const refused = await get("/beheer", session!);
    expect(refused.status).toBe(302);
    expect(refused.location).toBe("/inloggen?redirectTo=%2Fbeheer");
  });

  it("'Opnieuw instellen' leaves no session with MFA off: this one must set the app up again first, the others end", async () => {
    const email = "mfa-sessie-opnieuw@ienw.example";
    await newUser(email, "reviewer", { mfa: true });
    const step = await passwordStep(email);
    expect(step.location).toBe("/inloggen/code");
    const code = await post("/inloggen/code", { intent: "code", code: await freshTotpCode(email, SECRET) }, step.pending!);
    const session = `${SESSION}=${code.cookies[SESSION]}`;
    const elsewhere = await loginAs(db, { email });
    expect((await get("/ministerie", session)).status).toBe(200);
    expect((await get("/ministerie", elsewhere)).status).toBe(200);

    const reset = await post(
      "/account/beveiliging",
      { intent: "uitzetten", password: DEMO_PASSWORD, code: await freshTotpCode(email, SECRET) },
      session,
    );
    expect(reset.location).toBe("/account/beveiliging/instellen");

    const refused = await get("/ministerie/trends", session);
    expect(refused.status).toBe(302);
    expect(refused.location).toBe("/account/beveiliging/instellen?redirectTo=%2Fministerie%2Ftrends");
    expect((await get("/ministerie", elsewhere)).location).toBe("/inloggen?redirectTo=%2Fministerie");

    const setupPage = await get("/account/beveiliging/instellen?redirectTo=%2Fministerie%2Ftrends", session);
    expect(setupPage.status).toBe(200);
    expect(setupPage.body).toContain("Tweestapsverificatie staat uit. Voor de pagina die u wilde openen moet het aan staan.");
    const newSecret = secretOnPage(setupPage.body);
    const done = await post(
      "/account/beveiliging/instellen?redirectTo=%2Fministerie%2Ftrends",
      { code: await freshTotpCode(email, newSecret) },
      session,
    );
    expect(done.status).toBe(200);
    expect(done.body).toContain('href="/ministerie/trends"');
    expect((await get("/ministerie/trends", session)).status).toBe(200);
  });

  it("turning MFA off needs the password and a code: the right password with a wrong or missing code leaves it on", async () => {
    const email = "mfa-sessie-uitzetten@helmond.example";
    const userId = await newUser(email, "editor", { mfa: true });
    const cookie = await loginAs(db, { email });
    const mfaOn = async () => (await getMfaStatus(db, { userId })).enabled;
    expect(await mfaOn()).toBe(true);

    const right = await freshTotpCode(email, SECRET);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    const wrongCode = await post("/account/beveiliging", { intent: "uitzetten", password: DEMO_PASSWORD, code: wrong }, cookie);
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body).toContain("Deze code klopt niet.");
    expect(await mfaOn()).toBe(true);

    const missingCodes: Record<string, string>[] = [
      { intent: "uitzetten", password: DEMO_PASSWORD },
      { intent: "uitzetten", password: DEMO_PASSWORD, code: "" },
    ];
    for (const fields of missingCodes) {
      const missing = await post("/account/beveiliging", fields, cookie);
      expect(missing.status, JSON.stringify(fields)).toBe(400);
      expect(missing.body).toContain("Vul de code uit uw app of een herstelcode in.");
      expect(await mfaOn()).toBe(true);
    }

    // The same form with the right code does turn it off: the refusals above were not vacuous.
    const ok = await post("/account/beveiliging", { intent: "uitzetten", password: DEMO_PASSWORD, code: right }, cookie);
    expect(ok.location).toBe("/account/beveiliging?uitgezet");
    expect(await mfaOn()).toBe(false);
  });
});
