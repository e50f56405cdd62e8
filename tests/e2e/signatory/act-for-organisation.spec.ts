import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";

describe("acting for an organisation", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("lets the Unie officer choose among the Unie and its 21 waterschappen, and switch", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    expect(page.url()).toMatch(/\/organisaties$/);
    const options = page.getByRole("radio");
    expect(await options.count()).toBe(22);
    await expectAccessible(page, "choose organisation");
    await screenshot(page, "choose-organisation");

    await page.getByLabel("Waterschap Aa en Maas").check();
    await page.getByRole("button", { name: "Verder" }).click();
    await page.waitForURL(/\/organisatie\/waterschap-aa-en-maas$/);
    expect(await page.getByTestId("acting-for").textContent()).toBe("Waterschap Aa en Maas");
    expect(await page.getByRole("region", { name: "U werkt namens" }).textContent()).toContain("getekend via Unie van Waterschappen");
    await expectAccessible(page, "waterschap home");
    await screenshot(page, "waterschap-home");

    await page.getByRole("link", { name: "Andere organisatie kiezen" }).click();
    await page.waitForURL(/\/organisaties$/);
    await page.getByRole("heading", { level: 1, name: "Voor welke organisatie werkt u?" }).waitFor();
    // The last choice is remembered.
    expect(await page.getByLabel("Waterschap Aa en Maas").isChecked()).toBe(true);
    await page.getByLabel("Waterschap Limburg").check();
    await page.getByRole("button", { name: "Verder" }).click();
    await page.waitForURL(/\/organisatie\/waterschap-limburg$/);
    expect(await page.getByTestId("acting-for").textContent()).toBe("Waterschap Limburg");
    assertClean();
    await context.close();
  });

  it("lets the Unie officer switch by keyboard alone with JavaScript off", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.getByLabel("Unie van Waterschappen", { exact: true }).focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/organisatie\/(?!unie)[a-z-]+$/);
    expect(await page.getByTestId("acting-for").textContent()).not.toBe("Unie van Waterschappen");
    assertClean();
    await context.close();
  });

  it("asks for a choice when none is made", async () => {
    const { context } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.goto("/organisaties");
    // Nothing chosen yet, and nothing drawn as wrong before the user acts.
    expect(await page.locator("input[name=organisatie]:checked").count()).toBe(0);
    expect(await page.locator("input[name=organisatie]:invalid").count()).toBe(0);
    await page.getByRole("button", { name: "Verder" }).click();
    // Then the error summary, linking to the first choice, and the message at the choice.
    const summary = page.locator(".mvoi-error-summary");
    await summary.waitFor();
    const link = summary.getByRole("link", { name: "Kies de organisatie waarvoor u wilt werken." });
    expect(await link.getAttribute("href")).toBe(`#${await page.locator("input[name=organisatie]").first().getAttribute("id")}`);
    expect(await page.locator("#organisatie-fout").textContent()).toBe("Kies de organisatie waarvoor u wilt werken.");
    expect(await page.locator("input[name=organisatie][aria-invalid=true]").count()).toBe(22);
    await expectAccessible(page, "chooser with an error");
    await context.close();
  });

  it("answers 404 when the Helmond officer opens another organisation, and 403 on ministry pages", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    expect(page.url()).toMatch(/\/organisatie\/gemeente-helmond$/);
    expect(await page.getByTestId("acting-for").textContent()).toBe("Gemeente Helmond");
    // Its home shows its own reports: an accepted year is accepted, not "late" (the year's date
    // passed long ago).
    const row2024 = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Rapportage 2024" }) });
    expect(await row2024.textContent()).toContain("Geaccepteerd");
    expect((await row2024.textContent())?.toLowerCase()).not.toContain("verstreken");
    // Helmond acts for one organisation only: no switch offered.
    expect(await page.getByRole("link", { name: "Andere organisatie kiezen" }).count()).toBe(0);

    for (const slug of ["waterschap-aa-en-maas", "unie-van-waterschappen", "gemeente-castricum", "bestaat-niet"]) {
      const response = await page.goto(`/organisatie/${slug}`);
      expect(response?.status(), slug).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina niet gevonden");
    }
    await expectAccessible(page, "404");
    await screenshot(page, "not-found");

    const ministry = await page.goto("/ministerie");
    expect(ministry?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Geen toegang");
    // It says who is logged in, keeps the header of a logged-in user, and offers their own home.
    expect((await page.locator("main").textContent())?.replace(/\s+/g, " ")).toContain(
      "U bent ingelogd als Fatima El Amrani (inkoper@helmond.example).",
    );
    expect(await page.getByRole("button", { name: "Uitloggen" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Inloggen" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Naar uw eigen startpagina" }).getAttribute("href")).toBe("/organisaties");
    await expectAccessible(page, "403");
    const forged = await page.request.post("/organisaties", {
      form: { organisatie: "waterschap-aa-en-maas" },
      headers: { Origin: new URL(page.url()).origin },
      maxRedirects: 0,
    });
    // Refused like any unknown choice ("Kies een van de organisaties in de lijst."); with only one
    // organisation of their own, the chooser then sends the officer to it.
    expect(forged.status()).toBe(302);
    expect(forged.headers().location).toBe("/organisatie/gemeente-helmond");
    assertClean();
    await context.close();
  });
});
