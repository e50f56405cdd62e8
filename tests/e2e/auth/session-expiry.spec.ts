import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { e2eServer } from "../server";
import { DEMO_PASSWORD, expectAccessible, launchBrowser, login, newPortalContext, screenshot, sessionCookie } from "../helpers";
import { hashSessionId } from "~/models/session.server";

// No input lost when a session times out (issue #20). Without JavaScript, a form posted after the
// 30 idle minutes is kept; after logging in again the same form shows it, not saved yet. With
// JavaScript, a warning comes before the timeout and "Blijf ingelogd" extends the session.

const SECTION = "/organisatie/waterschap-de-dommel/rapportage/2025/algemeen";
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe("a session that times out", () => {
  let browser: Browser;
  let db: DB;
  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(e2eServer().databaseFile);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
  });

  /** The session of the page's browser, as the server stores it. */
  async function sessionOf(page: Page) {
    const cookie = await sessionCookie(page.context());
    const id = decodeURIComponent(cookie!.value).split(".")[0]!;
    return { idHash: hashSessionId(JSON.parse(Buffer.from(id, "base64").toString()) as string) };
  }
  const setLastSeen = (idHash: string, at: string) =>
    db.updateTable("session").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
  const stored = async () =>
    (
      await db
        .selectFrom("report_value as rv")
        .innerJoin("report_version as v", "v.id", "rv.version_id")
        .innerJoin("report as r", "r.id", "v.report_id")
        .innerJoin("organisation as o", "o.id", "r.organisation_id")
        .innerJoin("indicator as i", "i.id", "rv.indicator_id")
        .select("rv.number_value")
        .where("o.slug", "=", "waterschap-de-dommel")
        .where("r.year", "=", 2025)
        .where("v.status", "=", "draft")
        .where("i.code", "=", "inkoopvolume")
        .executeTakeFirst()
    )?.number_value ?? null;

  it("keeps a form posted after the timeout, without JavaScript, and shows it again after logging in", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.goto(SECTION);
    const before = await stored();
    await page.getByRole("textbox", { name: "Totaal inkoopvolume" }).fill("31.415.926");

    // Half an hour away from the keyboard.
    await setLastSeen((await sessionOf(page)).idHash, minutesAgo(31));
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByRole("heading", { level: 1, name: "Inloggen" }).waitFor();
    await page.getByText("Wat u had ingevuld, is nog niet opgeslagen, maar wel bewaard.", { exact: false }).waitFor();
    // Never in the URL.
    expect(decodeURIComponent(page.url())).not.toContain("31.415.926");
    expect(await stored()).toBe(before);
    await expectAccessible(page, "login after timeout");
    await screenshot(page, "login-after-timeout");

    await page.getByLabel("E-mailadres").fill("inkoper@uvw.example");
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.waitForURL((url) => url.pathname === SECTION);
    await page.getByText("Wat u had ingevuld, staat er weer, maar is nog niet opgeslagen.", { exact: false }).waitFor();
    expect(await page.getByRole("textbox", { name: "Totaal inkoopvolume" }).inputValue()).toBe("31.415.926");
    expect(await stored()).toBe(before);
    await expectAccessible(page, "restored form");
    await screenshot(page, "restored-form");

    // Saving it now stores it; a second visit shows the stored form, no message.
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    expect(await stored()).toBe(31_415_926);
    await page.goto(SECTION);
    expect(await page.getByText("staat er weer", { exact: false }).count()).toBe(0);
    assertClean();
    await context.close();
  });

  it("does not give one person's kept input to another who logs in on the same browser", async () => {
    await db.deleteFrom("kept_input").execute();
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.goto(SECTION);
    await page.getByRole("textbox", { name: "Totaal inkoopvolume" }).fill("27.182.818");
    await setLastSeen((await sessionOf(page)).idHash, minutesAgo(31));
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByRole("heading", { level: 1, name: "Inloggen" }).waitFor();
    // Someone else logs in here (Helmond's officer), then opens a page: nothing of the first user.
    await login(page, "inkoper@helmond.example");
    expect(await db.selectFrom("kept_input").select("id_hash").execute()).toEqual([]);
    assertClean();
    await context.close();
  });

  it("warns before the timeout, with JavaScript, and 'Blijf ingelogd' extends the session", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.clock.install();
    await page.goto(SECTION);
    await page.getByRole("heading", { level: 1 }).waitFor();
    // The warning's code loads after the page.
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("alertdialog").count()).toBe(0);

    const dialog = page.getByRole("alertdialog", { name: "U wordt bijna uitgelogd" });
    // Under load the warning's code can still be on its way after "networkidle": its clock then
    // starts at the moment after the jump, and one more jump brings the warning.
    for (let jump = 0; jump < 3 && !(await dialog.isVisible()); jump++) {
      await page.clock.fastForward("27:10");
      await dialog.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await dialog.waitFor();
    await expectAccessible(page, "timeout warning");
    await screenshot(page, "timeout-warning");

    // The server's clock: 28 minutes since the session was last used.
    const { idHash } = await sessionOf(page);
    await setLastSeen(idHash, minutesAgo(28));
    // The dialog has focus on its first button: Enter stays logged in.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    const row = await db.selectFrom("session").select("last_seen_at").where("id_hash", "=", idHash).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(row.last_seen_at)).toBeLessThan(60_000);
    assertClean();
    await context.close();
  });
});
