import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";

describe("two people editing the same draft", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("refuses the second save that is based on an older version, keeping that person's input", async () => {
    // Two sessions of the Unie on Waterschap De Dommel's draft (seeded), JavaScript off so no autosave interferes.
    const first = await newPortalContext(browser, { javaScriptEnabled: false });
    const second = await newPortalContext(browser, { javaScriptEnabled: false });
    const a = await first.context.newPage();
    const b = await second.context.newPage();
    await login(a, "inkoper@uvw.example");
    await login(b, "inkoper@uvw.example");
    const url = "/organisatie/waterschap-de-dommel/actieplan/middelen";
    await a.goto(url);
    await b.goto(url);

    await a.getByLabel("Budget in euro").fill("120.000");
    await a.getByRole("button", { name: "Opslaan" }).click();
    await a.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();

    await b.getByLabel("Budget in euro").fill("999.000");
    await b.getByLabel("Personele inzet in fte").fill("3");
    await b.getByRole("button", { name: "Opslaan" }).click();
    await b.getByText("Iemand anders heeft dit actieplan gewijzigd", { exact: false }).first().waitFor();
    expect(await b.getByLabel("Budget in euro").inputValue()).toBe("999.000");
    expect(await b.getByLabel("Personele inzet in fte").inputValue()).toBe("3");
    await expectAccessible(b, "conflict");
    await screenshot(b, "plan-conflict");

    // The first person's save stands.
    await b.goto(url);
    expect(await b.getByLabel("Budget in euro").inputValue()).toBe("120.000");
    first.assertClean();
    second.assertClean();
    await first.context.close();
    await second.context.close();
  });
});
