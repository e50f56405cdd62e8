import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginWithSession, newPortalContext } from "../helpers";

/**
 * The portal's links are plain anchors; one click handler on the document turns a plain click on
 * them into client-side navigation (app/components/ui/link.tsx). A marker on `window` survives a
 * client-side navigation and is gone after a full page load.
 */
async function mark(page: Page) {
  await page.waitForFunction(() => document.querySelector("a[data-client-nav]") !== null);
  // React has hydrated once the router's state is on window.
  await page.waitForFunction(() => "__reactRouterRouteModules" in window && document.readyState === "complete");
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
}
const marked = (page: Page) => page.evaluate(() => (window as unknown as { __marker?: number }).__marker === 1);

describe("links navigate without reloading the page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("a plain click loads the next page in place, and the menu marks the page you are on", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "inkoper@helmond.example");
    await page.goto("/organisatie/gemeente-helmond");
    const menu = page.getByRole("navigation", { name: /Onderdelen voor/ });
    expect(await menu.getByRole("link", { name: "Overzicht" }).getAttribute("aria-current")).toBe("page");
    await mark(page);

    await menu.getByRole("link", { name: "Jaarrapportages" }).click();
    await page.waitForURL(/\/organisatie\/gemeente-helmond\/rapportages$/);
    await page.getByRole("heading", { level: 1, name: /Jaarrapportages/ }).waitFor();
    expect(await marked(page)).toBe(true);
    expect(await menu.getByRole("link", { name: "Jaarrapportages" }).getAttribute("aria-current")).toBe("page");
    expect(await menu.getByRole("link", { name: "Overzicht" }).getAttribute("aria-current")).toBeNull();

    // Back works as with any page.
    await page.goBack();
    await page.waitForURL(/\/organisatie\/gemeente-helmond$/);
    expect(await marked(page)).toBe(true);

    // By keyboard: Enter on a focused link does the same.
    await menu.getByRole("link", { name: "Actieplan" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/organisatie\/gemeente-helmond\/actieplan$/);
    expect(await marked(page)).toBe(true);
    assertClean();
    await context.close();
  });

  it("the sector overview's table (inserted as HTML) navigates in place, and is built again in the browser on the way back", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "analist@ienw.example");
    // A year with accepted reports in the demo data, named: the overview opens on the newest
    // year, and a file that ran earlier on this server (catalogue.spec.ts) may have added an empty one.
    await page.goto("/ministerie/overzicht?jaar=2024");
    const tables = page.locator(".mvoi-overview-tables");
    const cell = page.locator("#overzicht-aanbestedingen").getByTestId("cel-all-klimaat");
    const before = await tables.innerHTML();
    expect(await cell.textContent()).toMatch(/aandeel/);
    await mark(page);

    await page.locator("#overzicht-aanbestedingen").getByTestId("cel-waterschappen-klimaat").getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: /Klimaat, \d{4}: Waterschappen/ }).waitFor();
    expect(await marked(page)).toBe(true);

    // Back: the overview is rendered in the browser this time, from the page's data.
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: /Overzicht per sector en thema/ }).waitFor();
    expect(await marked(page)).toBe(true);
    expect(await tables.innerHTML()).toBe(before);
    assertClean();
    await context.close();
  });

  it("leaves links to other sites and a modified click to the browser", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await page.goto("/");
    await mark(page);
    // Only the portal's own links carry the marker; the PIANOo link in the footer does not.
    const external = page.getByRole("link", { name: /PIANOo over maatschappelijk verantwoord inkopen/ });
    expect(await external.getAttribute("data-client-nav")).toBeNull();
    // Ctrl+click on a portal link opens a new tab and leaves this page alone.
    const popup = context.waitForEvent("page");
    await page.getByRole("link", { name: "Toegankelijkheid" }).click({ modifiers: ["Control"] });
    const tab = await popup;
    await tab.waitForURL(/\/toegankelijkheid$/);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await marked(page)).toBe(true);
    await tab.close();

    // A plain click on the same link stays in the page.
    await page.getByRole("link", { name: "Toegankelijkheid" }).click();
    await page.waitForURL(/\/toegankelijkheid$/);
    expect(await marked(page)).toBe(true);
    assertClean();
    await context.close();
  });

  it("with JavaScript off the same links load the page", async () => {
    const { context } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: "Toegankelijkheid" }).click();
    await page.waitForURL(/\/toegankelijkheid$/);
    await page.getByRole("heading", { level: 1, name: "Toegankelijkheidsverklaring" }).waitFor();
    await context.close();
  });
});
