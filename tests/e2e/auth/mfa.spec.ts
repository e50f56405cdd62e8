import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_TOTP_SECRETS } from "../../../db/seed";
import { createDb, type DB } from "~/database/connection.server";
import { enableMfaWithSecret } from "~/models/mfa.server";
import { addMembership, ensureUser } from "~/models/user.server";
import {
  DEMO_PASSWORD,
  enterTotpCode,
  expectAccessible,
  freshTotpCode,
  launchBrowser,
  login,
  newPortalContext,
  screenshot,
  sessionCookie,
} from "../helpers";
import { e2eServer } from "../server";

const PENDING_COOKIE = "__Host-mvoi_tweede_stap";
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"; // a test user's secret, not a demo login's

/** A user of this spec, made in the e2e database (the other specs never log in as them). */
async function createUser(db: DB, args: { email: string; role: "reviewer" | "editor"; organisation: string; secret?: string }) {
  const userId = await ensureUser(db, { email: args.email, name: args.email.split("@")[0]!, password: DEMO_PASSWORD });
  const org = await db.selectFrom("organisation").select("id").where("name", "=", args.organisation).executeTakeFirstOrThrow();
  await addMembership(db, { userId, organisationId: org.id, role: args.role });
  const recoveryCodes = args.secret ? await enableMfaWithSecret(db, { userId, secret: args.secret, keys: [inject("sessionSecret")] }) : [];
  return { userId, recoveryCodes };
}

async function passwordStep(page: Page, email: string) {
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
  // Wait for this POST's answer and the page it leads to (as the shared login helper does): on a
  // busy machine the old page can still be "idle" when the click returns.
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && /^\/inloggen(\.data)?$/.test(new URL(r.url()).pathname));
  await page.getByRole("button", { name: "Inloggen" }).click();
  if ((await answered).status() < 400) await page.waitForURL((url) => url.pathname !== "/inloggen");
  await page.waitForLoadState("networkidle");
}

async function logout(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/inloggen\?uitgelogd/);
}

const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name);

describe("multi-factor login", () => {
  let browser: Browser;
  let db: DB;
  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(e2eServer().databaseFile);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
  });

  it("the ministry logs in with the password and then a code from the app; no session before the code", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await page.goto("/ministerie/trends");
    await page.waitForURL(/\/inloggen\?redirectTo=/);
    await page.getByLabel("E-mailadres").fill("analist@ienw.example");
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.waitForURL(/\/inloggen\/code$/);
    await page.getByRole("heading", { level: 1, name: "Code invullen" }).waitFor();

    // Between the steps: only the short-lived pending cookie, no session.
    expect(await sessionCookie(context)).toBeUndefined();
    const pending = (await context.cookies()).find((c) => c.name === PENDING_COOKIE);
    expect(pending).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
    const input = page.getByLabel("Code uit de app");
    expect(await input.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await input.getAttribute("inputmode")).toBe("numeric");
    await expectAccessible(page, "login code step");
    await screenshot(page, "login-code");

    // The pending login opens nothing else.
    const elsewhere = await context.request.get("/ministerie", { maxRedirects: 0 });
    expect(elsewhere.status()).toBe(302);
    expect(elsewhere.headers().location).toMatch(/^\/inloggen\?redirectTo=/);

    await enterTotpCode(page, "analist@ienw.example", DEMO_TOTP_SECRETS["analist@ienw.example"]!);
    await page.waitForURL(/\/ministerie\/trends$/);
    expect(await sessionCookie(context)).toBeDefined();
    expect(await cookieNames(context)).not.toContain(PENDING_COOKIE);
    assertClean();
    await context.close();
  });

  it("a wrong code gets a Dutch message, a used code is refused, a recovery code works once; all audited without codes", async () => {
    const email = "mfa-reviewer@ienw.example";
    const { userId, recoveryCodes } = await createUser(db, {
      email,
      role: "reviewer",
      organisation: "Ministerie van Infrastructuur en Waterstaat",
      secret: SECRET,
    });
    const a = await newPortalContext(browser);
    const b = await newPortalContext(browser);
    const pageA = await a.context.newPage();
    const pageB = await b.context.newPage();
    await passwordStep(pageA, email);
    await passwordStep(pageB, email);
    expect(new URL(pageA.url()).pathname).toBe("/inloggen/code");

    const code = await freshTotpCode(email, SECRET);
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    await pageA.getByLabel("Code uit de app").fill(wrong);
    await pageA.getByRole("button", { name: "Inloggen", exact: true }).click();
    await pageA.getByText("Deze code klopt niet.").waitFor();
    expect(await pageA.getByLabel("Code uit de app").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(pageA, "login code step with an error");
    await screenshot(pageA, "login-code-error");

    // The right code works in A; the very same code in B a moment later is refused.
    await pageA.getByLabel("Code uit de app").fill(code);
    await pageA.getByRole("button", { name: "Inloggen", exact: true }).click();
    await pageA.waitForURL(/\/ministerie$/);
    await pageB.getByLabel("Code uit de app").fill(code);
    await pageB.getByRole("button", { name: "Inloggen", exact: true }).click();
    await pageB.getByText("Deze code is al gebruikt.").waitFor();
    expect(await sessionCookie(b.context)).toBeUndefined();

    // A recovery code instead (behind "Telefoon niet bij de hand?").
    await pageB.getByText("Telefoon niet bij de hand? Gebruik een herstelcode").click();
    await expectAccessible(pageB, "login code step, recovery code open");
    await pageB.getByLabel("Herstelcode").fill(recoveryCodes[0]!);
    await pageB.getByRole("button", { name: "Inloggen met herstelcode" }).click();
    await pageB.waitForURL(/\/ministerie$/);
    await logout(pageB);
    await passwordStep(pageB, email);
    await pageB.getByText("Telefoon niet bij de hand? Gebruik een herstelcode").click();
    await pageB.getByLabel("Herstelcode").fill(recoveryCodes[0]!);
    await pageB.getByRole("button", { name: "Inloggen met herstelcode" }).click();
    await pageB.getByText("Deze herstelcode klopt niet of is al gebruikt.").waitFor();
    expect(new URL(pageB.url()).pathname).toBe("/inloggen/code");

    const events = await db.selectFrom("audit_event").selectAll().where("user_id", "=", userId).orderBy("id").execute();
    const actions = events.map((e) => `${e.action}:${e.result}`);
    expect(actions).toContain("mfa.failure:failure");
    expect(actions).toContain("mfa.recovery_code_used:success");
    expect(events.filter((e) => e.action === "login.success").map((e) => JSON.parse(e.detail!).factor)).toEqual(["totp", "recovery-code"]);
    expect(events.every((e) => e.ip === "127.0.0.1")).toBe(true);
    const trail = JSON.stringify(events);
    for (const secretText of [code, wrong, SECRET, recoveryCodes[0]!, recoveryCodes[0]!.replace(/-/g, "")])
      expect(trail).not.toContain(secretText);
    a.assertClean();
    b.assertClean();
    await a.context.close();
    await b.context.close();
  });

  it("ten wrong codes make the account wait, even for the right code", async () => {
    const email = "mfa-throttle@ienw.example";
    await createUser(db, { email, role: "reviewer", organisation: "Ministerie van Infrastructuur en Waterstaat", secret: SECRET });
    const { context } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await passwordStep(page, email);
    const code = await freshTotpCode(email, SECRET);
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 10; i++) {
      await page.getByLabel("Code uit de app").fill(wrong);
      await page.getByRole("button", { name: "Inloggen", exact: true }).click();
      await page.getByText("Deze code klopt niet.").waitFor();
    }
    await page.getByLabel("Code uit de app").fill(code);
    const answer = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    expect((await answer).status()).toBe(429);
    await page.getByText("Er is te vaak een verkeerde code ingevuld. Wacht 15 minuten").waitFor();
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });

  it("a signatory sets up MFA with the QR page, needs a code at the next login, and turns it off with password and code", async () => {
    const email = "mfa-inkoper@bergen.example";
    await createUser(db, { email, role: "editor", organisation: "Gemeente Bergen (NH)" });
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, email);
    expect(page.url()).toMatch(/\/organisatie\/gemeente-bergen-nh$/);

    await page.getByRole("link", { name: "Beveiliging" }).click();
    await page.getByRole("heading", { level: 1, name: "Beveiliging van uw account" }).waitFor();
    await expectAccessible(page, "account security, MFA off");
    await page.getByRole("link", { name: "Tweestapsverificatie instellen" }).click();
    await page.getByRole("heading", { level: 1, name: "Tweestapsverificatie instellen" }).waitFor();
    const qr = page.getByRole("img", { name: /QR-code om het MVOI-portaal/ });
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await page.locator("#mfa-sleutel").textContent()).toMatch(/^Sleutel, in groepen van vier tekens: ([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    await expectAccessible(page, "MFA set-up");
    await screenshot(page, "mfa-setup");
    const secret = (await page.getByTestId("mfa-secret").textContent())!.replace(/\s/g, "");

    await page.getByLabel("Code uit de app").fill("12345");
    await page.getByRole("button", { name: "Instellen", exact: true }).click();
    await page.getByText("Een code bestaat uit 6 cijfers").waitFor();
    await page.getByLabel("Code uit de app").fill(await freshTotpCode(email, secret));
    await page.getByRole("button", { name: "Instellen", exact: true }).click();
    await page.getByRole("heading", { name: "Uw herstelcodes" }).waitFor();
    const codes = await page.getByRole("list", { name: "Herstelcodes" }).getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    await expectAccessible(page, "MFA recovery codes");
    await screenshot(page, "mfa-recovery-codes");

    await logout(page);
    await passwordStep(page, email);
    expect(new URL(page.url()).pathname).toBe("/inloggen/code");
    await enterTotpCode(page, email, secret);
    expect(page.url()).toMatch(/\/organisatie\/gemeente-bergen-nh$/);

    // Turning off needs the password and a code.
    await page.goto("/account/beveiliging");
    await expectAccessible(page, "account security, MFA on");
    await page.getByLabel("Wachtwoord").fill("niet-mijn-wachtwoord");
    await page.locator("#uitzetten").getByLabel("Code uit de app of herstelcode").fill(codes[0]!);
    await page.getByRole("button", { name: "Uitzetten" }).click();
    await page.getByText("Het wachtwoord klopt niet.").waitFor();
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page
      .locator("#uitzetten")
      .getByLabel("Code uit de app of herstelcode")
      .fill(await freshTotpCode(email, secret));
    await page.getByRole("button", { name: "Uitzetten" }).click();
    await page.getByRole("status").getByText("Tweestapsverificatie staat uit.").waitFor();
    await logout(page);
    await login(page, email, DEMO_PASSWORD, "no-code-expected");
    expect(page.url()).toMatch(/\/organisatie\/gemeente-bergen-nh$/);
    assertClean();
    await context.close();
  });

  it("a ministry user without MFA is sent to set it up after the password, reaches nothing else, and is logged in after (JavaScript off)", async () => {
    const email = "mfa-nieuw@ienw.example";
    await createUser(db, { email, role: "reviewer", organisation: "Ministerie van Infrastructuur en Waterstaat" });
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/inloggen?redirectTo=${encodeURIComponent("/ministerie/trends")}`);
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.waitForURL(/\/inloggen\/instellen$/);
    await page.getByText("Voor uw rol is tweestapsverificatie verplicht").waitFor();
    expect(await sessionCookie(context)).toBeUndefined();
    await expectAccessible(page, "forced MFA set-up at login");
    const secret = (await page.getByTestId("mfa-secret").textContent())!.replace(/\s/g, "");

    for (const path of ["/ministerie", "/account/beveiliging", "/ministerie/trends"]) {
      await page.goto(path);
      expect(new URL(page.url()).pathname, path).toBe("/inloggen");
    }
    await page.goto("/inloggen/code"); // the code step sends back to set-up
    expect(new URL(page.url()).pathname).toBe("/inloggen/instellen");
    expect((await page.getByTestId("mfa-secret").textContent())!.replace(/\s/g, "")).toBe(secret);

    await page.getByLabel("Code uit de app").fill(await freshTotpCode(email, secret));
    await page.getByRole("button", { name: "Instellen en inloggen" }).click();
    await page.getByRole("heading", { name: "Uw herstelcodes" }).waitFor();
    expect(await page.getByRole("list", { name: "Herstelcodes" }).getByRole("listitem").count()).toBe(10);
    expect(await sessionCookie(context)).toBeDefined();
    await page.getByRole("link", { name: /Verder naar het portaal/ }).click();
    await page.waitForURL(/\/ministerie\/trends$/);

    // Mandatory: the account page offers setting up again, not turning off.
    await page.goto("/account/beveiliging");
    expect(await page.getByRole("button", { name: "Uitzetten" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Opnieuw instellen" }).count()).toBe(1);
    assertClean();
    await context.close();
  });
});
