import type { Browser } from "playwright-core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { e2eServer } from "../server";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot, loginWithSession } from "../helpers";

/**
 * The reports waiting for review over the open year (2025 on the test servers' date), the longest
 * waiting first, recomputed from the tables: each organisation's newest version, when submitted.
 */
async function waitingReportsInDatabase(db: DB): Promise<string[]> {
  const { rows } = await sql<{ slug: string }>`
    select o.slug from report_version v
    join report r on r.id = v.report_id join organisation o on o.id = r.organisation_id
    where r.year = 2025 and v.status = 'submitted'
      and v.number = (select max(number) from report_version where report_id = r.id)
    order by v.submitted_at, o.name`.execute(db);
  return rows.map((r) => r.slug);
}

describe("the ministry and the administrator", () => {
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

  it("the ministry reads every organisation, filters by sector and follows a joint signature", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "analist@ienw.example");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(50);
    await expectAccessible(page, "ministry home");
    await screenshot(page, "ministry-home");

    await page.getByLabel("Sector").selectOption("waterschappen");
    await page.getByRole("button", { name: "Filter toepassen" }).click();
    await page.waitForURL(/sector=waterschappen/);
    await expect.poll(() => rows.count()).toBe(22);

    await page.getByRole("link", { name: "Unie van Waterschappen" }).click();
    await page.getByRole("heading", { level: 1, name: "Unie van Waterschappen" }).waitFor();
    expect(await page.getByRole("heading", { name: "Tekent ook voor (21)" }).count()).toBe(1);
    await expectAccessible(page, "ministry organisation");
    await page.getByRole("link", { name: "Waterschap Aa en Maas" }).click();
    await page.getByRole("heading", { level: 1, name: "Waterschap Aa en Maas" }).waitFor();
    expect(await page.locator("dd").allTextContents()).toContain("Unie van Waterschappen");

    // The reports list, "ter beoordeling eerst": what waits for review on top (the order itself is
    // checked against the tables in tests/integration/models/report-list.test.ts).
    await page.goto("/ministerie/rapportages?jaar=2025");
    await page.getByLabel("Sorteren op").selectOption("status");
    await page.getByRole("button", { name: "Toepassen" }).click();
    await page.waitForURL(/sorteer=status/);
    // With JavaScript the URL changes before the new list is drawn.
    await expect.poll(() => page.locator("tbody tr").first().locator(".mvoi-tag").textContent()).toBe("Ingediend");

    const missing = await page.goto("/ministerie/organisaties/bestaat-niet");
    expect(missing?.status()).toBe(404);
    const admin = await page.goto("/beheer");
    expect(admin?.status()).toBe(403);
    // The ministry acts for no organisation: signatory pages are closed to it.
    const signatory = await page.goto("/organisatie/gemeente-helmond");
    expect(signatory?.status()).toBe(403);
    assertClean();
    await context.close();
  });

  it("the ministry goes from its work queue to the longest-waiting report and straight to the decision, by keyboard alone", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await loginWithSession(page, "analist@ienw.example");
    // The reports waiting, as the browser shows them, against the database (read before and after
    // the page, since other test files submit and review reports on this server meanwhile). The
    // queue's other parts are checked in tests/integration/ministry/work-queue.ts.
    const queue = page.getByRole("region", { name: "Wat op u wacht" });
    const before = await waitingReportsInDatabase(db);
    await page.reload();
    const shown = (
      await queue.locator('a[href^="/ministerie/rapportages/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")))
    )
      .map((href) => /^\/ministerie\/rapportages\/([^/]+)\/2025$/.exec(href ?? "")?.[1])
      .filter(Boolean);
    const after = await waitingReportsInDatabase(db);
    expect(before.length).toBeGreaterThan(0);
    expect([before.slice(0, 5), after.slice(0, 5)]).toContainEqual(shown);
    const count = (await queue.textContent())?.replace(/\s+/g, " ") ?? "";
    expect(
      [before.length, after.length].some((n) => count.includes(`${n} rapportage${n === 1 ? " wacht" : "s wachten"} op beoordeling`)),
    ).toBe(true);
    const first = queue.locator('a[href^="/ministerie/rapportages/"][href$="/2025"]').first();
    const href = await first.getAttribute("href");
    expect(href).toBeTruthy();
    for (let i = 0; i < 80 && !(await first.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === href);
    const summary = page.getByRole("region", { name: "Samenvatting" });
    await summary.waitFor();
    expect((await summary.textContent())?.replace(/\s+/g, " ")).toMatch(/Termijn ?uiterlijk \d+ [a-z]+ \d{4}/);
    const skip = summary.getByRole("link", { name: "Naar accepteren of terugsturen" });
    await skip.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/#beoordelen$/);
    await expectAccessible(page, "review with summary");
    assertClean();
    await context.close();
  });

  it("the administrator sees users, reporting years and the audit trail of logins", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    // Through the form (with the code step): this test reads that login back from the audit trail.
    await login(page, "beheer@ienw.example");
    expect(
      await page
        .getByRole("table", { name: /Rapportagejaren/ })
        .locator("tbody tr")
        .count(),
    ).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, "admin home");

    await page.getByRole("link", { name: "Gebruikers" }).click();
    await page.getByRole("heading", { level: 1, name: "Gebruikers" }).waitFor();
    expect(await page.locator("tbody").textContent()).toContain("inkoper@uvw.example");
    await expectAccessible(page, "admin users");

    await page.getByRole("link", { name: "Audittrail" }).click();
    await page.getByRole("heading", { level: 1, name: "Audittrail" }).waitFor();
    const trail = await page.locator("tbody").textContent();
    // Actions in Dutch (app/models/audit.labels.ts), never their codes.
    expect(trail).toContain("Ingelogd");
    expect(trail).not.toContain("login.success");
    expect(trail).toContain("beheer@ienw.example");
    await expectAccessible(page, "admin audit");
    await screenshot(page, "admin-audit");
    // Administrators support the ministry and may read its pages.
    expect((await page.goto("/ministerie"))?.status()).toBe(200);
    assertClean();
    await context.close();
  });
});
