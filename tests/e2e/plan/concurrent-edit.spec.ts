import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";

// Two people saving the same draft: the second save, based on an older version, is refused and
// keeps that person's input. And one person's Save clicked while the form's own automatic save is
// on its way: it used to go out with the lock version from before that save and was refused as
// someone else's change; it now waits for the automatic save's answer.

describe("saves that cross each other on the same draft", () => {
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

    await a.getByLabel("Budget", { exact: true }).fill("120.000");
    await a.getByRole("button", { name: "Opslaan" }).click();
    await a.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();

    await b.getByLabel("Budget", { exact: true }).fill("999.000");
    await b.getByLabel("Personele inzet", { exact: true }).fill("3");
    await b.getByRole("button", { name: "Opslaan" }).click();
    await b.getByText("Iemand anders heeft dit actieplan gewijzigd", { exact: false }).first().waitFor();
    expect(await b.getByLabel("Budget", { exact: true }).inputValue()).toBe("999.000");
    expect(await b.getByLabel("Personele inzet", { exact: true }).inputValue()).toBe("3");
    await expectAccessible(b, "conflict");
    await screenshot(b, "plan-conflict");

    // The first person's save stands.
    await b.goto(url);
    expect(await b.getByLabel("Budget", { exact: true }).inputValue()).toBe("120.000");
    first.assertClean();
    second.assertClean();
    await first.context.close();
    await second.context.close();
  });

  it("waits for the automatic save and then saves, with what was typed meanwhile", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    const url = "/organisatie/waterschap-de-dommel/actieplan/middelen";
    // Typing before the page's scripts have taken over the form starts no automatic save: wait for them.
    await page.goto(url, { waitUntil: "networkidle" });

    // The automatic save reaches the server (which saves it and raises the lock version), but its
    // answer is held back from the page until the test lets it through.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const autosaveSaved = new Promise<void>((resolve) => {
      void page.route(
        (u) => u.pathname.endsWith("/actieplan/middelen.data"),
        async (route) => {
          if (route.request().method() !== "POST" || !(route.request().postData() ?? "").includes("autosave")) return route.continue();
          const response = await route.fetch();
          resolve();
          await released;
          await route.fulfill({ response });
        },
      );
    });

    await page.getByLabel("Budget", { exact: true }).fill("130.000");
    await autosaveSaved; // two seconds after typing stopped, and saved on the server
    await page.getByLabel("Personele inzet", { exact: true }).fill("4");
    await page.getByRole("button", { name: "Opslaan" }).click();
    // The Save waits for the automatic save, which the test now lets through.
    release();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    expect(await page.getByText("Iemand anders heeft dit actieplan gewijzigd", { exact: false }).count()).toBe(0);

    await page.unroute((u) => u.pathname.endsWith("/actieplan/middelen.data"));
    await page.goto(url);
    expect(await page.getByLabel("Budget", { exact: true }).inputValue()).toBe("130.000");
    expect(await page.getByLabel("Personele inzet", { exact: true }).inputValue()).toBe("4");
    assertClean();
    await context.close();
  });
});
