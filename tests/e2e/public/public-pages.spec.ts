import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseURL, expectAccessible, launchBrowser, newPortalContext, screenshot } from "../helpers";

describe("public pages and the HTTP basics", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("the start page, accessibility statement and 404 page are in Dutch and pass axe", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("MVOI-portaal");
    await expectAccessible(page, "start");
    await screenshot(page, "start");

    await page.getByRole("link", { name: "Toegankelijkheid" }).click();
    await page.waitForURL(/\/toegankelijkheid$/);
    await page.getByRole("heading", { level: 1, name: "Toegankelijkheidsverklaring" }).waitFor();
    await expectAccessible(page, "accessibility statement");

    const response = await page.goto("/bestaat/niet");
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina niet gevonden");
    await expectAccessible(page, "404");
    assertClean();
    await context.close();
  });

  it("the accessibility check itself finds violations, with JavaScript and without (the checked copy is reused)", async () => {
    // A page with two known violations, served in place of a portal URL: the check must fail on
    // it and name both, and then pass on a real page in the same context.
    const broken = `<!doctype html><html lang="nl"><head><title>Proef</title></head><body><main><h1>Proef</h1><img src="/favicon.ico"><input type="text" name="x"></main></body></html>`;
    for (const javaScriptEnabled of [true, false]) {
      const { context } = await newPortalContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      await page.route(`${baseURL()}/proef-toegankelijkheid`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: broken }),
      );
      await page.goto("/proef-toegankelijkheid");
      const found = (await axeViolations(page)).join("\n");
      expect(found, `JavaScript ${javaScriptEnabled ? "on" : "off"}`).toMatch(/^image-alt /m);
      expect(found).toMatch(/^label /m);
      await page.goto("/toegankelijkheid");
      await expectAccessible(page, "accessibility statement after the broken page");
      await context.close();
    }
  });

  it("the skip link is the first thing the keyboard reaches and moves focus to the content", async () => {
    const { context } = await newPortalContext(browser);
    const page = await context.newPage();
    await page.goto("/");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Direct naar de inhoud");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("inhoud");
    await context.close();
  });

  it("sends the security headers, checks the database in /healthz, and refuses cross-site posts", async () => {
    const page = await fetch(`${baseURL()}/`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("strict-transport-security")).toContain("max-age=");
    expect(page.headers.get("cache-control")).toBe("no-store");

    const health = await fetch(`${baseURL()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });

    const body = new URLSearchParams({ email: "inkoper@helmond.example", password: "demo-mvoi-2025" });
    const attempts: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Referer: "https://evil.example/form" }, {}];
    for (const headers of attempts) {
      const forged = await fetch(`${baseURL()}/inloggen`, { method: "POST", body, headers, redirect: "manual" });
      expect(forged.status).toBe(403);
      expect(forged.headers.get("set-cookie")).toBeNull();
    }
    const huge = await fetch(`${baseURL()}/inloggen`, {
      method: "POST",
      body: "x".repeat(2_000_000),
      headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(huge.status).toBe(413);
  });

  it("says in /.well-known/security.txt where to report a vulnerability, until a date less than a year ahead (RFC 9116)", async () => {
    const response = await fetch(`${baseURL()}/.well-known/security.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const fields = new Map(
      (await response.text())
        .trim()
        .split("\n")
        .map((line) => line.split(/: (.*)/s).slice(0, 2) as [string, string]),
    );
    expect(fields.get("Contact")).toMatch(/^(https:\/\/|mailto:|tel:)\S+$/);
    expect(fields.get("Preferred-Languages")).toBe("nl, en");
    // Canonical only where PUBLIC_ORIGIN says the portal's address (not so for the test servers).
    expect(fields.has("Canonical")).toBe(false);
    const expires = Date.parse(fields.get("Expires") ?? "");
    expect(fields.get("Expires")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(expires).toBeGreaterThan(Date.now() + 30 * 86_400_000);
    expect(expires).toBeLessThan(Date.now() + 365 * 86_400_000);
  });
});
