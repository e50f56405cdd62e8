import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { timeStep, totpCodeAt } from "~/auth/totp.server";
import { createDb, type DB } from "~/database/connection.server";
import { ACCOUNT_FAILURE_LIMIT } from "~/models/login-attempt.server";
import { enableMfaWithSecret } from "~/models/mfa.server";
import { nowIso } from "~/utils/time";
import { baseURL, DEMO_PASSWORD } from "../helpers";
import { loginAs } from "../login-as";
import { secretsIn, serverOutputSoFar } from "../page-watch";
import { e2eServer } from "../server";

const tag = randomBytes(4).toString("hex");
const PASSWORD = `Geheim-${randomBytes(9).toString("base64url")}`;
const WRONG_PASSWORD = `Fout-${randomBytes(9).toString("base64url")}`;
const EMAIL = `audit-${tag}@example.org`;
const LOCKED_EMAIL = `audit-locked-${tag}@example.org`;
const MFA_EMAIL = `audit-mfa-${tag}@example.org`;
/** A TOTP secret of this file's own (base32, 160 bits), so its codes are known only here. */
const TOTP_SECRET = [...randomBytes(32)].map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");

const postLogin = async (email: string, password: string) => {
  const response = await fetch(`${baseURL()}/inloggen`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "" }).toString(),
  });
  await response.arrayBuffer();
  return response;
};

const post = async (path: string, fields: Record<string, string>, cookie = "") => {
  const response = await fetch(baseURL() + path, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseURL(), Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    location: response.headers.get("location"),
    cookie: response.headers.get("set-cookie")?.split(";")[0] ?? "",
  };
};

/** The raw session id inside a signed cookie ("name=value"), as React Router's createCookie writes it. */
const rawSessionId = (cookie: string) =>
  JSON.parse(Buffer.from(decodeURIComponent(cookie.split("=").slice(1).join("=")).split(".")[0]!, "base64").toString("utf8")) as string;

describe("the audit trail of security events", () => {
  let db: DB;
  const secrets: string[] = [PASSWORD, WRONG_PASSWORD, DEMO_PASSWORD];
  const events = (where: { email?: string; action: string }) =>
    db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "=", where.action)
      .$if(where.email !== undefined, (q) => q.where("user_email", "=", where.email!))
      .orderBy("id")
      .execute();
  const started = nowIso();

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    await db
      .insertInto("user")
      .values({ email: EMAIL, name: "Audit", password_hash: await hashPassword(PASSWORD), created_at: nowIso(), last_login_at: null })
      .execute();
  });
  afterAll(() => db?.destroy());

  const expectFields = (row: Awaited<ReturnType<typeof events>>[number], result: "success" | "failure") => {
    expect(row.user_email, "actor").toBeTruthy();
    expect(row.object_type, "object").toBeTruthy();
    expect(row.object_id, "object").toBeTruthy();
    expect(row.result).toBe(result);
    expect(row.ip, "origin").toMatch(/127\.0\.0\.1/);
    expect(row.occurred_at >= started, "time").toBe(true);
  };

  it("records login success and failure with actor, action, object, result, origin and time", async () => {
    expect((await postLogin(EMAIL, WRONG_PASSWORD)).status).toBe(400);
    const success = await postLogin(EMAIL, PASSWORD);
    expect(success.status).toBe(302);
    secrets.push(success.headers.get("set-cookie")!.split(";")[0]!.split("=").slice(1).join("="));

    const [failure] = await events({ email: EMAIL, action: "login.failure" });
    expectFields(failure!, "failure");
    const [ok] = await events({ email: EMAIL, action: "login.success" });
    expectFields(ok!, "success");
    expect(ok!.user_id).toBeTypeOf("number");
  });

  it("records the lockout once, and the attempts after it as throttled", async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT + 1; i++) await postLogin(LOCKED_EMAIL, WRONG_PASSWORD);
    expect(await events({ email: LOCKED_EMAIL, action: "login.failure" })).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    const lockouts = await events({ email: LOCKED_EMAIL, action: "login.lockout" });
    expect(lockouts).toHaveLength(1);
    expectFields(lockouts[0]!, "failure");
    const throttled = await events({ email: LOCKED_EMAIL, action: "login.throttled" });
    expect(throttled).toHaveLength(1);
    expectFields(throttled[0]!, "failure");
  });

  it("records every export route", async () => {
    const ministry = await loginAs(db, { email: "analist@ienw.example" });
    const unie = await loginAs(db, { email: "inkoper@uvw.example" });
    secrets.push(ministry.split("=")[1]!, rawSessionId(ministry), unie.split("=")[1]!, rawSessionId(unie));
    const exports: [string, string, string][] = [
      ["/ministerie/export/waarden.csv?jaar=2024", ministry, "waarden.csv"],
      ["/ministerie/export/waarden.xlsx?jaar=2024", ministry, "waarden.xlsx"],
      ["/ministerie/export/overzicht.csv?jaar=2024", ministry, "overzicht.csv"],
      ["/ministerie/export/overzicht.xlsx?jaar=2024", ministry, "overzicht.xlsx"],
      ["/ministerie/export/volledigheid.csv?jaar=2024", ministry, "volledigheid.csv"],
      ["/ministerie/export/volledigheid.xlsx?jaar=2024", ministry, "volledigheid.xlsx"],
      ["/organisatie/unie-van-waterschappen/rapportage/2025/raster.xlsx", unie, "raster.xlsx"],
    ];
    const before =
      (
        await db
          .selectFrom("audit_event")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirstOrThrow()
      ).id ?? 0;
    for (const [path, cookie] of exports) {
      const response = await fetch(baseURL() + path, { headers: { Cookie: cookie } });
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
    }
    const rows = await db
      .selectFrom("audit_event")
      .selectAll()
      .where("id", ">", before)
      .where("action", "=", "export.downloaded")
      .execute();
    for (const [path, cookie, kind] of exports) {
      const email = cookie === ministry ? "analist@ienw.example" : "inkoper@uvw.example";
      const row = rows.find((r) => r.object_id === kind && r.user_email === email);
      expect(row, `audit event for ${path}`).toBeDefined();
      expectFields(row!, "success");
    }
  });

  it("logs in with a TOTP code and with a recovery code (the codes the next test looks for)", async () => {
    const { id } = await db
      .insertInto("user")
      .values({
        email: MFA_EMAIL,
        name: "Audit MFA",
        password_hash: await hashPassword(PASSWORD),
        created_at: nowIso(),
        last_login_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const recoveryCodes = await enableMfaWithSecret(db, { userId: id, secret: TOTP_SECRET, keys: [inject("sessionSecret")] });
    secrets.push(TOTP_SECRET, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace(/-/g, "")));

    const first = await post("/inloggen", { email: MFA_EMAIL, password: PASSWORD, redirectTo: "" });
    expect(first.location).toMatch(/^\/inloggen\/code/);
    // A wrong code (one far from now), then the right one.
    const wrong = totpCodeAt(TOTP_SECRET, timeStep() + 40);
    const code = totpCodeAt(TOTP_SECRET, timeStep());
    secrets.push(wrong, code, first.cookie.split("=").slice(1).join("="));
    expect((await post("/inloggen/code", { intent: "code", code: wrong }, first.cookie)).status).toBe(400);
    const withCode = await post("/inloggen/code", { intent: "code", code }, first.cookie);
    expect(withCode.status).toBe(302);
    secrets.push(withCode.cookie.split("=").slice(1).join("="));

    const second = await post("/inloggen", { email: MFA_EMAIL, password: PASSWORD, redirectTo: "" });
    const withRecovery = await post("/inloggen/code", { intent: "herstelcode", recoveryCode: recoveryCodes[0]! }, second.cookie);
    expect(withRecovery.status).toBe(302);
    secrets.push(second.cookie.split("=").slice(1).join("="), withRecovery.cookie.split("=").slice(1).join("="));
    const factors = (await events({ email: MFA_EMAIL, action: "login.success" })).map((e) => JSON.parse(e.detail!).factor);
    expect(factors).toEqual(["totp", "recovery-code"]);
  });

  it("answers bodies no action can read and paths that cannot be decoded with a Dutch 4xx, not a 500, and logs nothing of the request", async () => {
    const bodySecret = `Lichaam-${randomBytes(9).toString("base64url")}`;
    const querySecret = `Vraag-${randomBytes(9).toString("base64url")}`;
    // A logged-in signatory, so the request reaches the page's action.
    const cookie = await loginAs(db, { email: "inkoper@helmond.example" });
    secrets.push(bodySecret, querySecret, cookie.split("=").slice(1).join("="), rawSessionId(cookie));
    const file = e2eServer().serverLogFile;
    const start = fs.statSync(file).size;
    // Bodies a form action cannot read (a broken multipart body, a type that is no form) and a
    // path that cannot be decoded each answered 500 with an error trace in the log, until the
    // server refused them first (app/server/app.server.ts, request-handler.server.ts).
    const requests: [string, RequestInit][] = [
      [
        "/organisaties",
        {
          method: "POST",
          headers: { "Content-Type": "multipart/form-data; boundary=grens" },
          body: `--grens\r\nContent-Disposition: form-data; name="password"\r\n\r\n${bodySecret}`,
        },
      ],
      [
        `/inloggen?token=${querySecret}`,
        { method: "POST", headers: { "Content-Type": "text/plain" }, body: `email=a@b.nl&password=${bodySecret}` },
      ],
      ["/inloggen", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password: bodySecret }) }],
      [`/%E0%A4%A?token=${querySecret}`, { method: "GET" }],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) {
      const response = await fetch(baseURL() + path, {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as Record<string, string>), Origin: baseURL(), Cookie: cookie },
      });
      const text = await response.text();
      statuses.push(response.status);
      // Nor does the answer echo the body or show the error.
      expect(text, path).not.toContain(bodySecret);
      expect(text, path).not.toMatch(/TypeError|URIError|\bat .*\.js:\d+/);
      expect(text, path).toMatch(/kon niet worden gelezen/);
    }
    expect(statuses).toEqual([400, 415, 415, 400]);
    const written = (await serverOutputSoFar()).slice(start);
    // Refusals of the sender's request are no server errors: no trace in the log.
    expect(written).not.toMatch(/TypeError|URIError|\bat .*\.js:\d+/);
    expect(
      secretsIn(written, [bodySecret, querySecret, cookie.split("=").slice(1).join("="), rawSessionId(cookie)]),
      "request data in the log",
    ).toEqual([]);
    expect(written).not.toMatch(/mvoi_sessie|password=|Cookie:/i);
  });

  it("never writes a password, session id or code to the audit trail or the server's output", async () => {
    // Wait until the server's log has caught up with this file's requests: a marker request.
    // Links with a secret token in the path (invitation, password reset) must not reach the log either.
    const linkToken = randomBytes(32).toString("base64url");
    for (const link of [`/uitnodiging/${linkToken}`, `/wachtwoord-herstellen/${linkToken}`])
      await (await fetch(baseURL() + link)).arrayBuffer();
    const marker = `/audit-marker-${tag}`;
    await (await fetch(baseURL() + marker)).arrayBuffer();
    const file = e2eServer().serverLogFile;
    while (!fs.readFileSync(file, "utf8").includes(marker)) await new Promise((r) => setTimeout(r, 50));
    const log = fs.readFileSync(file, "utf8");
    const audit = JSON.stringify(await db.selectFrom("audit_event").selectAll().execute());
    const sessionHashes = (await db.selectFrom("session").select("id_hash").execute()).map((s) => s.id_hash);

    for (const [name, text] of [
      ["server output", log],
      ["audit trail", audit],
    ] as const) {
      // Passwords, session cookies and ids, TOTP codes (a number of its own), recovery codes, the TOTP secret.
      expect(secretsIn(text, secrets), `secrets in the ${name}`).toEqual([]);
      expect(
        sessionHashes.filter((h) => text.includes(h)),
        `session hashes in the ${name}`,
      ).toEqual([]);
      expect(text, name).not.toMatch(/mvoi_sessie=|password=|wachtwoord=/i);
    }
    // Nothing in the free-form detail is named like a secret (passwords, tokens, TOTP or recovery codes).
    const details = (await db.selectFrom("audit_event").select("detail").where("detail", "is not", null).execute()).map(
      (r) => JSON.parse(r.detail!) as Record<string, unknown>,
    );
    const keys = new Set(details.flatMap((d) => Object.keys(d)));
    expect([...keys].filter((k) => /pass|wachtwoord|token|secret|cookie|session|totp|recovery|otp/i.test(k))).toEqual([]);
    expect(log, "link tokens in the server output").not.toContain(linkToken);
    expect(log).toMatch(/\/wachtwoord-herstellen\/\[token\]/);
    expect(log.length).toBeGreaterThan(0);
  });
});
