import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, login, newPortalContext } from "../helpers";

// A Save clicked while the form's automatic save is still on its way used to go out with the lock
// version from before that save, and was refused as someone else's change. The automatic save's
// answer is held on its way here, so the click always lands in that gap.
describe("saving while an automatic save is on its way", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("waits for the automatic save and then saves, with what was typed meanwhile", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    const url = "/organisatie/waterschap-de-dommel/actieplan/middelen";
    await page.goto(url);

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

    await page.getByLabel("Budget in euro").fill("130.000");
    await autosaveSaved; // two seconds after typing stopped, and saved on the server
    await page.getByLabel("Personele inzet in fte").fill("4");
    await page.getByRole("button", { name: "Opslaan" }).click();
    // The Save waits for the automatic save, which the test now lets through.
    release();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    expect(await page.getByText("Iemand anders heeft dit actieplan gewijzigd", { exact: false }).count()).toBe(0);

    await page.unroute((u) => u.pathname.endsWith("/actieplan/middelen.data"));
    await page.goto(url);
    expect(await page.getByLabel("Budget in euro").inputValue()).toBe("130.000");
    expect(await page.getByLabel("Personele inzet in fte").inputValue()).toBe("4");
    assertClean();
    await context.close();
  });
});
