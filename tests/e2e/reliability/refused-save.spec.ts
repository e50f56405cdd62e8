import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReport } from "~/models/report.server";
import { launchBrowser } from "../helpers";
import { ownServer, type OwnServer } from "./own-server";

// No edit lost on deadline day (issue #25): with JavaScript, a save the portal refuses for the
// moment (here: over the session's rate limit, 429; a 503 from admission control takes the same
// way) keeps the report form as typed, says so, and tries again, instead of the error page
// replacing the form and what was typed.

const SECTION = "/organisatie/gemeente-helmond/rapportage/2025/algemeen";

describe("a save refused under load", () => {
  let own: OwnServer;
  let browser: Browser;
  beforeAll(async () => {
    own = await ownServer(
      async (db) => {
        const org = await db.selectFrom("organisation").select("id").where("slug", "=", "gemeente-helmond").executeTakeFirstOrThrow();
        const user = await db
          .selectFrom("user")
          .select(["id", "email"])
          .where("email", "=", "inkoper@helmond.example")
          .executeTakeFirstOrThrow();
        await startReport(db, {
          actor: { userId: user.id, email: user.email, ip: "127.0.0.1" },
          organisationId: org.id,
          year: 2025,
          today: "2026-02-01",
        });
      },
      // One form post per session per minute: the first automatic save goes through, the next is refused.
      { RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE: "1" },
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await own?.cleanup();
  });

  it("keeps the form as typed, says it was not saved, and tries again", async () => {
    const context = await browser.newContext({ baseURL: own.server.baseURL, locale: "nl-NL" });
    const [name, value] = (await own.cookieFor("inkoper@helmond.example")).split(/=(.*)/s) as [string, string];
    await context.addCookies([
      { name, value, url: own.server.baseURL.replace(/^http:/, "https:"), httpOnly: true, secure: true, sameSite: "Lax" },
    ]);
    const page = await context.newPage();
    const posts: number[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST") posts.push(response.status());
    });
    await page.goto(SECTION);
    await page.waitForLoadState("networkidle");
    const status = page.getByTestId("save-status");
    const number = page.locator('input[inputmode="numeric"]').first();

    await number.fill("12");
    await expect.poll(() => posts, { timeout: 10_000 }).toEqual([200]);
    await expect.poll(() => status.textContent()).toMatch(/^Laatst opgeslagen/);

    await number.fill("34");
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toBe("Niet opgeslagen: even te druk. Het wordt zo opnieuw geprobeerd.");
    expect(await number.inputValue()).toBe("34");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).not.toBe("Even wachten");
    // It tries again by itself (refused again within the minute), and the form stays.
    const before = posts.length;
    await expect.poll(() => posts.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(posts.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(await number.inputValue()).toBe("34");

    // The Save button, refused the same way: the page stays as typed.
    await page.getByRole("button", { name: "Opslaan", exact: true }).click();
    await expect.poll(() => posts.filter((s) => s === 429).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(await number.inputValue()).toBe("34");
    expect(await status.textContent()).toBe("Niet opgeslagen: even te druk. Het wordt zo opnieuw geprobeerd.");
    await context.close();
  });
});
