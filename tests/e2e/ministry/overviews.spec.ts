import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot, loginWithSession } from "../helpers";

// 2024 is used because no other browser test changes it (they file 2025 reports on the same servers).
const YEAR = 2024;

const number = (text: string) => Number(text.replace(/[^0-9]/g, ""));

describe("the ministry's overviews and exports", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("opens completeness and the sector overview, drills down, and finds the page's figures in the CSV and Excel exports", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "analist@ienw.example");

    await page.goto(`/ministerie/volledigheid?jaar=${YEAR}`);
    await page.getByRole("heading", { level: 1, name: `Volledigheid ${YEAR}` }).waitFor();
    await expectAccessible(page, "completeness");
    const waterRow = page.getByRole("table", { name: /jaarrapportages/ }).getByRole("row", { name: /^Waterschappen/ });
    const accepted = number((await waterRow.getByRole("cell").nth(5).textContent())!);
    expect(accepted).toBeGreaterThan(10);
    // The 21 waterschappen; the Unie (an umbrella) has a row of its own.
    expect(number((await waterRow.getByRole("cell").nth(1).textContent())!)).toBe(21);
    await page
      .getByRole("table", { name: /jaarrapportages/ })
      .getByRole("row", { name: /^Koepelorganisaties/ })
      .waitFor();
    await screenshot(page, "ministry-completeness");

    await page.goto(`/ministerie/overzicht?jaar=${YEAR}&data=geaccepteerd`);
    await page.getByRole("heading", { level: 1, name: `Overzicht per sector en thema, ${YEAR}` }).waitFor();
    await expectAccessible(page, "sector overview");
    await screenshot(page, "ministry-overview");
    // First the response per row (the umbrellas: nobody expected), then one measure per table.
    const response = page.getByRole("region", { name: /^Respons: getelde rapportages/ });
    expect(await response.getByRole("row").count()).toBe(8);
    expect(await response.getByTestId("respons-koepel").getByRole("cell").last().textContent()).toBe("niemand verwacht");
    const tenders = page.getByRole("region", { name: /^Aanbestedingen waarin het thema is toegepast/ });
    const cell = tenders.getByTestId("cel-all-klimaat");
    const tendersOnPage = number((await cell.getByRole("link").first().textContent())!);
    expect(tendersOnPage).toBeGreaterThan(0);
    // Where no organisation reported, words, never a 0.
    expect(await tenders.getByTestId("cel-provincies-klimaat").textContent()).toBe("geen waarde: geen rapportages");
    expect(await tenders.getByTestId("cel-provincies-klimaat").textContent()).not.toMatch(/\b0\b/);
    // The steps as a small chart, its counts as words for screen readers.
    const steps = page.getByRole("region", { name: /^Bereikte stap/ }).getByTestId("cel-all-klimaat");
    expect(await steps.locator("svg rect").count()).toBe(5);
    expect(await steps.textContent()).toMatch(/stap 1: \d+, stap 2: \d+, stap 3: \d+, stap 4: \d+, stap 5: \d+/);

    // Drill down to the organisations behind the number, then to one organisation's report.
    await tenders.getByTestId("cel-waterschappen-klimaat").getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: `Klimaat, ${YEAR}: Waterschappen` }).waitFor();
    await expectAccessible(page, "drill-down");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(10);
    await rows.first().getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: new RegExp(`Rapportage ${YEAR}: `) }).waitFor();

    // The raw CSV of the same data basis: the sum of klimaat_aanbestedingen (outside the umbrellas' row) equals the overview's figure.
    // Its header is in Dutch words (the question's code stays, under "Code vraag").
    const csv = await page.request.get(`/ministerie/export/waarden.csv?jaar=${YEAR}&data=geaccepteerd`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const [title, ...lines] = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(";"));
    expect(title!.join(";")).toContain(`over ${YEAR}`);
    expect(title!.join(";")).toContain("alleen geaccepteerde rapportages");
    const header = lines[0]!;
    expect(header.filter((name) => !/^[A-Z]/.test(name) || name.includes("_"))).toEqual([]);
    expect(header).toEqual(
      expect.arrayContaining([
        "Code vraag",
        "Staat van het antwoord",
        "Rij in de overzichten",
        "Waarde",
        "Status van de rapportage",
        "Ingediend op",
      ]),
    );
    const col = (name: string) => header.indexOf(name);
    const fromCsv = lines
      .slice(1)
      .filter(
        (l) =>
          l[col("Code vraag")] === "klimaat_aanbestedingen" &&
          l[col("Staat van het antwoord")] === "Waarde" &&
          l[col("Rij in de overzichten")] !== "Koepelorganisaties",
      )
      .reduce((sum, l) => sum + Number(l[col("Waarde")]), 0);
    // The submission time is Dutch local time with its offset.
    const times = lines
      .slice(1)
      .filter((l) => l.length === header.length)
      .map((l) => l[col("Ingediend op")]!);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    // Only accepted versions (lines whose text answers hold a ";" are quoted and skipped by this simple split).
    expect(
      new Set(
        lines
          .slice(1)
          .filter((l) => l.length === header.length)
          .map((l) => l[col("Status van de rapportage")]),
      ),
    ).toEqual(new Set(["Geaccepteerd"]));
    expect(fromCsv).toBe(tendersOnPage);

    // The same from the Excel file.
    const xlsx = await page.request.get(`/ministerie/export/waarden.xlsx?jaar=${YEAR}&data=geaccepteerd`);
    expect(xlsx.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    // The title line and the header stay in view; the submission time is a real date.
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.getRow(3).getCell(col("Ingediend op") + 1).value).toBeInstanceOf(Date);
    let fromXlsx = 0;
    sheet.eachRow((row, i) => {
      if (i <= 2) return;
      const v = (n: number) => row.getCell(n).value;
      if (
        v(col("Code vraag") + 1) === "klimaat_aanbestedingen" &&
        v(col("Staat van het antwoord") + 1) === "Waarde" &&
        v(col("Rij in de overzichten") + 1) !== "Koepelorganisaties"
      ) {
        fromXlsx += Number(v(col("Waarde") + 1));
      }
    });
    expect(fromXlsx).toBe(tendersOnPage);
    expect(sheet.rowCount).toBe(lines.length + 1);

    // The overview's own table as CSV and Excel carries the same figure, in its "Alle sectoren" row, and every row of the page.
    const overviewRows = (await (await page.request.get(`/ministerie/export/overzicht.csv?jaar=${YEAR}&data=geaccepteerd`)).text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(";"));
    const overviewHeader = overviewRows[1]!;
    const klimaat = overviewRows.find((l) => l[0] === "Alle sectoren" && l[1] === "Klimaat")!;
    expect(Number(klimaat[overviewHeader.indexOf("Aanbestedingen met thema")])).toBe(tendersOnPage);
    expect(overviewRows.length).toBe(2 + 7 * 6);
    // No value is an empty cell, not 0.
    expect(overviewRows.find((l) => l[0] === "Provincies" && l[1] === "Klimaat")![overviewHeader.indexOf("Aanbestedingen met thema")]).toBe(
      "",
    );
    const overviewXlsx = await page.request.get(`/ministerie/export/overzicht.xlsx?jaar=${YEAR}&data=geaccepteerd`);
    expect(overviewXlsx.headers()["content-type"]).toContain("spreadsheetml");
    const completenessCsv = await page.request.get(`/ministerie/export/volledigheid.csv?jaar=${YEAR}`);
    expect(await completenessCsv.text()).toContain(`${YEAR};Waterschappen;`);

    await page.goto(`/ministerie/trends?vraag=percelen_totaal`);
    await page.getByRole("heading", { level: 1, name: "Trends" }).waitFor();
    expect(await page.locator("svg[role=img] title").textContent()).toContain("Aantal aanbestedingen en percelen");
    await expectAccessible(page, "trends");
    await screenshot(page, "ministry-trends");

    // One organisation over the years, plan against actual.
    await page.goto("/ministerie/organisaties/waterschap-limburg");
    await page.getByRole("table", { name: /Plan tegenover werkelijkheid/ }).waitFor();
    await expectAccessible(page, "organisation history");
    await screenshot(page, "ministry-organisation");

    // The figures for the letter to parliament, ready to print.
    await page.goto(`/ministerie/kamerbrief?jaar=${YEAR}`);
    await page.getByRole("heading", { level: 1, name: new RegExp(`cijfers over ${YEAR}`) }).waitFor();
    await expectAccessible(page, "letter figures");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".mvoi-no-print").first().isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Hoofdmenu" }).isVisible()).toBe(false);
    await screenshot(page, "ministry-letter-print");
    await page.emulateMedia({ media: "screen" });
    assertClean();
    await context.close();
  });

  it("keeps the exports and overviews closed to signatories", async () => {
    const { context } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    for (const path of [
      `/ministerie/export/waarden.csv?jaar=${YEAR}`,
      "/ministerie/overzicht",
      "/ministerie/volledigheid",
      "/ministerie/trends",
    ]) {
      expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
    }
    await context.close();
  });
});
