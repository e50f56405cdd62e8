import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext } from "../helpers";

// Issue #22: the report journey and the Unie's grid completed with JavaScript off, as an officer
// on a locked-down machine would: every step is a plain form post and a full page.

const UNIE = "/organisatie/unie-van-waterschappen/rapportage/2025";
const SECTIONS = ["algemeen", "milieu", "klimaat", "circulair", "keten", "diversiteit", "social-return"];

async function submit(page: Page, base: string) {
  await page.goto(`${base}/controleren`);
  await page.getByRole("heading", { level: 1, name: "Controleer uw gegevens" }).waitFor();
  expect(await page.getByRole("heading", { name: "Nog te doen voor het indienen" }).count()).toBe(0);
  await page.getByRole("button", { name: "Rapportage indienen" }).click();
  await page.getByText("Uw rapportage is ingediend", { exact: false }).waitFor();
}

describe("the yearly report without JavaScript", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("the Unie fills Waterschap Vechtstromen's report section by section, and Zuiderzeeland's in the grid, and submits both", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");

    // Section by section: start, take last year's values, answer one question "Onbekend" through
    // the disclosure under it (a native <details>: it opens without JavaScript).
    const base = "/organisatie/waterschap-vechtstromen/rapportage/2025";
    await page.goto(base);
    await page.getByRole("button", { name: "Rapportage 2025 invullen" }).click();
    await page.getByRole("heading", { name: "Versie 1 invullen" }).waitFor();
    for (const section of SECTIONS) {
      await page.goto(`${base}/${section}`);
      await page.getByRole("button", { name: "Waarden van vorig jaar overnemen" }).click();
      await page.getByText("De waarden van vorig jaar zijn ingevuld.").waitFor();
      if (section === "algemeen") {
        const lots = page.locator("#rapportage-percelen_totaal");
        if (await lots.count()) await lots.getByRole("textbox").fill("41");
        const works = page.locator("#rapportage-aanbestedingen_werken");
        await works.getByRole("textbox").fill("7");
        if (!(await works.locator("details[open]").count())) await works.getByText("Weet u het niet, of geldt dit niet?").click();
        await works.getByLabel("Onbekend").check();
        // A number beside "Onbekend" is not dropped without a word: the form asks which is meant.
        await page.getByRole("button", { name: "Opslaan" }).click();
        await works.getByText("U vulde een antwoord in en koos ook 'Onbekend'.", { exact: false }).waitFor();
        expect(await works.getByRole("textbox").inputValue()).toBe("7");
        expect(await works.getByLabel("Onbekend").isChecked()).toBe(true);
        await works.getByRole("textbox").fill("");
      }
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    }
    await page.goto(`${base}/algemeen`);
    expect(await page.locator("#rapportage-aanbestedingen_werken details[open]").count()).toBe(1);
    await expectAccessible(page, "section without JavaScript");
    await submit(page, base);

    // The grid: one organisation's row, section by section, last year's values or "onbekend".
    for (const section of SECTIONS) {
      await page.goto(`${UNIE}/raster?onderdeel=${section}`);
      const row = page.getByRole("row", { name: /Waterschap Zuiderzeeland/ });
      const cells = row.locator("td");
      for (let i = 0; i < (await cells.count()); i++) {
        const cell = cells.nth(i);
        const previous = (await cell.locator(".mvoi-grid__previous").count())
          ? ((await cell.locator(".mvoi-grid__previous").textContent()) ?? "")
          : "";
        await cell.getByRole("textbox").fill(previous.replace("vorig jaar: ", "").replace("€ ", "") || "onbekend");
      }
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText("Opgeslagen voor 1 organisatie.").waitFor();
    }
    await submit(page, "/organisatie/waterschap-zuiderzeeland/rapportage/2025");
    assertClean();
    await context.close();
  }, 240_000);
});
