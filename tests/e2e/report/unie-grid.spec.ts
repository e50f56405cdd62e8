import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "~/database/connection.server";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";
import { e2eServer } from "../server";

const UNIE = "/organisatie/unie-van-waterschappen/rapportage/2025";
const SECTIONS = ["algemeen", "milieu", "klimaat", "circulair", "keten", "diversiteit", "social-return"];

describe("the Unie reports for its waterschappen", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("fills Waterschap Aa en Maas's report in the grid and submits it", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    await page.goto(UNIE);
    await page.getByRole("link", { name: "Rapporteer voor alle leden tegelijk in één overzicht" }).click();
    await page.getByRole("heading", { level: 1, name: "Rapporteren voor de leden, 2025" }).waitFor();
    await expectAccessible(page, "grid");
    await screenshot(page, "report-grid");
    // The grid first, the Excel route after it; each header names its unit once.
    const sections = await page.getByRole("heading", { level: 2 }).allTextContents();
    expect(sections.indexOf("In het overzicht")).toBeLessThan(sections.indexOf("Of met een Excel-bestand"));
    const headers = await page.locator(".mvoi-grid thead th").allTextContents();
    expect(headers).toContain("Totaal inkoopvolume (euro)");
    expect(headers.filter((h) => /\((aantal|euro)\).*\(\1\)|aantal.*\(aantal\)/i.test(h))).toEqual([]);

    // The Excel template downloads and holds every member.
    // Every member, read from the tables before and after the download (other files may add members meanwhile).
    const members = async () => {
      const db = createDb(e2eServer().databaseFile);
      try {
        const unie = await db
          .selectFrom("organisation")
          .select("id")
          .where("name", "=", "Unie van Waterschappen")
          .executeTakeFirstOrThrow();
        return (await db.selectFrom("organisation").select("name").where("signed_via_id", "=", unie.id).execute()).map((o) => o.name);
      } finally {
        await db.destroy();
      }
    };
    const before = await members();
    const xlsx = await page.request.get(`${UNIE}/raster.xlsx`);
    expect(xlsx.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const after = await members();
    const sheet = workbook.getWorksheet("Klimaat")!;
    // A header row and a row of codes, then one row per member.
    const inSheet = Array.from({ length: sheet.rowCount - 2 }, (_, i) => String(sheet.getRow(i + 3).getCell(1).value));
    expect(inSheet.length).toBe(new Set(inSheet).size);
    expect(before.length).toBeGreaterThanOrEqual(21);
    for (const name of before) expect(inSheet).toContain(name);
    for (const name of inSheet) expect(after).toContain(name);
    const templateHeaders = (workbook.getWorksheet("Klimaat")!.getRow(1).values as unknown[]).map(String);
    expect(templateHeaders.filter((h) => /aantal.*\(aantal\)/i.test(h))).toEqual([]);

    for (const section of SECTIONS) {
      await page.goto(`${UNIE}/raster?onderdeel=${section}`);
      const row = page.getByRole("row", { name: /Waterschap Aa en Maas/ });
      const cells = row.locator("td");
      const count = await cells.count();
      for (let i = 0; i < count; i++) {
        const cell = cells.nth(i);
        const previous =
          (await cell
            .locator(".mvoi-grid__previous")
            .textContent()
            .catch(() => null)) ?? "";
        // The same as last year (so no change needs explaining), or "onbekend" when there is nothing to go on.
        await cell.getByRole("textbox").fill(previous.replace("vorig jaar: ", "").replace("€ ", "") || "onbekend");
      }
      if (section === "algemeen") {
        // A wrong cell is refused in place, and nothing is saved.
        await row.getByRole("textbox").first().fill("heel veel");
        await page.getByRole("button", { name: "Opslaan" }).click();
        await page.getByRole("heading", { name: "Er is iets niet goed ingevuld" }).waitFor();
        expect(await row.getByRole("textbox").first().inputValue()).toBe("heel veel");
        await expectAccessible(page, "grid with error");
        const previous = (await cells.first().locator(".mvoi-grid__previous").textContent()) ?? "";
        await row.getByRole("textbox").first().fill(previous.replace("vorig jaar: ", "").replace("€ ", ""));
      }
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText("Opgeslagen voor 1 organisatie.").waitFor();
    }

    // The waterschap's own pages: progress on its action plan, then check and submit.
    const own = "/organisatie/waterschap-aa-en-maas/rapportage/2025";
    await page.goto(`${own}/voortgang`);
    await page.getByRole("heading", { level: 1, name: "Voortgang van het actieplan" }).waitFor();
    const stands = page.getByRole("group", { name: "Stand in 2025" });
    for (let i = 0; i < (await stands.count()); i++) await stands.nth(i).getByLabel("Loopt").check();
    await expectAccessible(page, "progress");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    await page.goto(`${own}/controleren`);
    await page.getByRole("heading", { level: 1, name: "Controleer uw gegevens" }).waitFor();
    expect(await page.locator(".mvoi-error-summary li").allTextContents()).toEqual([]);
    expect(await page.getByText("Jeroen Bakker", { exact: false }).count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Rapportage indienen" }).click();
    await page.getByText("Uw rapportage is ingediend", { exact: false }).waitFor();

    // In the grid the row is now read-only.
    await page.goto(`${UNIE}/raster`);
    expect(
      await page
        .getByRole("row", { name: /Waterschap Aa en Maas/ })
        .getByRole("textbox")
        .count(),
    ).toBe(0);
    assertClean();
    await context.close();
  }, 180_000);

  it("has no grid for an organisation that signed only for itself", async () => {
    const { context } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    expect((await page.request.get("/organisatie/gemeente-helmond/rapportage/2025/raster")).status()).toBe(404);
    expect((await page.request.get("/organisatie/gemeente-helmond/rapportage/2025/raster.xlsx")).status()).toBe(404);
    await context.close();
  });
});
