import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOTP_SECRETS } from "../../../db/seed";
import { baseURL, enterTotpCode, expectAccessible, launchBrowser, login, newPortalContext, screenshot, sessionCookie } from "../helpers";

const ROLES = [
  { email: "inkoper@helmond.example", home: /\/organisatie\/gemeente-helmond$/, heading: "Gemeente Helmond" },
  { email: "inkoper@uvw.example", home: /\/organisaties$/, heading: "Uw organisaties" },
  { email: "analist@ienw.example", home: /\/ministerie$/, heading: "Ondertekenaars van het manifest" },
  { email: "beheer@ienw.example", home: /\/beheer$/, heading: "Beheer" },
] as const;

describe("logging in and out", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  for (const role of ROLES) {
    it(`${role.email} lands on their own home, and the old cookie is dead after logout`, async () => {
      const { context, assertClean } = await newPortalContext(browser);
      const page = await context.newPage();
      await page.goto("/inloggen");
      await expectAccessible(page);
      await login(page, role.email);
      expect(page.url()).toMatch(role.home);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(role.heading);
      await expectAccessible(page);
      await screenshot(page, `home-${role.email.split("@")[0]}-${role.email.split("@")[1]!.split(".")[0]}`);

      const cookie = await sessionCookie(context);
      expect(cookie, "session cookie").toBeDefined();
      expect(cookie!.httpOnly).toBe(true);
      expect(cookie!.sameSite).toBe("Lax");
      expect(cookie!.name).toBe("__Host-mvoi_sessie");
      expect(cookie!.secure).toBe(true);

      await page.getByRole("button", { name: "Uitloggen" }).click();
      await page.waitForURL(/\/inloggen\?uitgelogd/);
      await expect.poll(() => page.getByRole("status").textContent()).toContain("U bent uitgelogd.");

      // Replaying the old cookie gets the visitor sent to the login page: the session row is gone.
      const response = await fetch(`${baseURL()}${new URL(page.url()).pathname === "/inloggen" ? "/organisaties" : "/"}`, {
        headers: { Cookie: `${cookie!.name}=${cookie!.value}` },
        redirect: "manual",
      });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/inloggen\?redirectTo=/);
      assertClean();
      await context.close();
    });
  }

  it("gives one Dutch message for a wrong password and for an unknown e-mail address, keeping the e-mail", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example", "fout-wachtwoord");
    const wrongPassword = await page.getByRole("alert").textContent();
    expect(wrongPassword).toContain("Het e-mailadres of het wachtwoord klopt niet.");
    expect(await page.getByLabel("E-mailadres").inputValue()).toBe("inkoper@helmond.example");
    expect(await page.getByLabel("Wachtwoord").inputValue()).toBe("");
    await expectAccessible(page, "login with error");
    await screenshot(page, "login-error");

    await login(page, "bestaat-niet@helmond.example", "fout-wachtwoord");
    expect(await page.getByRole("alert").textContent()).toBe(wrongPassword);
    assertClean();
    await context.close();
  });

  it("shows field messages in Dutch for an empty form", async () => {
    const { context } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/inloggen");
    // Without JavaScript the browser's own "required" check would stop the post; remove it to reach the server.
    const response = await page.request.post("/inloggen", { form: { email: "geen-adres", password: "" }, headers: { Origin: baseURL() } });
    expect(response.status()).toBe(400);
    const html = await response.text();
    expect(html).toContain("Vul een geldig e-mailadres in");
    expect(html).toContain("Vul uw wachtwoord in.");
    await context.close();
  });

  it("works with the keyboard alone and with JavaScript off, and returns to the page asked for", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/ministerie/organisaties/gemeente-helmond");
    expect(page.url()).toContain("/inloggen?redirectTo=%2Fministerie%2Forganisaties%2Fgemeente-helmond");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Direct naar de inhoud");
    await page.getByLabel("E-mailadres").focus();
    await page.keyboard.type("analist@ienw.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type("demo-mvoi-2025");
    await page.keyboard.press("Enter");
    // The ministry logs in with a code from the app as well (the demo secret from the README).
    await page.waitForURL(/\/inloggen\/code$/);
    await enterTotpCode(page, "analist@ienw.example", DEMO_TOTP_SECRETS["analist@ienw.example"]!, { keyboard: true });
    await page.waitForURL(/\/ministerie\/organisaties\/gemeente-helmond$/);
    await page.getByRole("heading", { level: 1, name: "Gemeente Helmond" }).waitFor();
    assertClean();
    await context.close();
  });

  it("never redirects off-site after login", async () => {
    const { context } = await newPortalContext(browser);
    const page = await context.newPage();
    await page.goto(`/inloggen?redirectTo=${encodeURIComponent("//evil.example/")}`);
    await page.getByLabel("E-mailadres").fill("inkoper@helmond.example");
    await page.getByLabel("Wachtwoord").fill("demo-mvoi-2025");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.waitForURL(/\/organisatie\/gemeente-helmond$/);
    expect(new URL(page.url()).origin).toBe(baseURL());
    await context.close();
  });
});
