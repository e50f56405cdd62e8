import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, loginWithSession, newPortalContext, screenshot } from "../helpers";

// Every value's history (issue #21), clicked as its users would: the Unie's officer from a
// waterschap's report form (JavaScript on and off, 1280 and 375 px), the ministry's reviewer from
// the review page. Read-only: the demo's own entries (by the seed script) are what is shown.

/** The page is as wide as the window: nothing scrolls sideways (WCAG 1.4.10 at 375 px). */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    // What sticks out, to say where.
    wide: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`),
  }));
  expect(scroll, `sticks out: ${wide.join(", ")}`).toBeLessThanOrEqual(client);
}

describe("a value's history", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`opens from the report form, with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      await loginWithSession(page, "inkoper@uvw.example");
      await page.goto("/organisatie/waterschap-de-dommel/rapportage/2025/algemeen");
      await page.getByRole("link", { name: "Geschiedenis" }).first().click();
      await page.getByRole("heading", { level: 1, name: /^Geschiedenis: / }).waitFor();
      expect(page.url()).toMatch(/\/organisatie\/waterschap-de-dommel\/rapportage\/2025\/geschiedenis\/[a-z_]+$/);
      await expect.poll(() => page.locator(".mvoi-history__entry").count()).toBeGreaterThan(0);
      // The oldest entry is the demo's own (its seed script); other tests may have changed the value since.
      expect(await page.locator(".mvoi-history__entry").last().innerText()).toMatch(/namens Waterschap De Dommel, via een beheerscript/);
      await expectAccessible(page, "answer history");
      if (javaScriptEnabled) {
        await screenshot(page, "value-history");
        await page.setViewportSize({ width: 375, height: 800 });
        await expectNoSidewaysScroll(page);
        await screenshot(page, "value-history-375");
      }
      await page.getByRole("link", { name: /^Terug naar / }).click();
      await page.waitForURL(/\/rapportage\/2025\/algemeen$/);
      assertClean();
      await context.close();
    });
  }

  it("opens for the ministry from the review page, and shows the question's versions to the administrator", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "analist@ienw.example");
    await page.goto("/ministerie/rapportages/waterschap-brabantse-delta/2025");
    await page.getByRole("link", { name: "Geschiedenis van Totaal inkoopvolume" }).click();
    await page.getByRole("heading", { level: 1, name: "Geschiedenis: Totaal inkoopvolume" }).waitFor();
    expect(await page.locator(".mvoi-history__entry").last().innerText()).toMatch(/Was\s+niet ingevuld\s+Werd\s+€/);
    await expectAccessible(page, "ministry answer history");
    await screenshot(page, "value-history-ministry");
    assertClean();
    await context.close();
  });
});
