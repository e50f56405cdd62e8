import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";

// Two people on the Unie's grid and its Excel upload (issue #20): one saves while the other still
// has an older grid or template open. Nothing the first saved is overwritten or deleted; the cells
// both changed are listed with both values for the second person to choose; the rest is saved;
// an upload stores nothing before it is confirmed, and its confirmation checks again.

const UNIE = "/organisatie/unie-van-waterschappen/rapportage/2025";
const GRID = `${UNIE}/raster?onderdeel=algemeen`;
const NOORDERZIJLVEST = "Waterschap Noorderzijlvest";
const HOLLANDSE_DELTA = "Waterschap Hollandse Delta";

const cell = (page: Page, organisation: string, question: string) => page.getByLabel(`${organisation}: ${question}`, { exact: true });

describe("the Unie's grid and upload with two people at once", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("lists a cell both changed, saves the rest, deletes nothing with a stale empty cell, and confirms an upload before storing it", async () => {
    // The first person with JavaScript, the second without: both ways of posting the grid.
    const first = await newPortalContext(browser);
    const second = await newPortalContext(browser, { javaScriptEnabled: false });
    const a = await first.context.newPage();
    const b = await second.context.newPage();
    await login(a, "inkoper@uvw.example");
    await login(b, "inkoper@uvw.example");
    await a.goto(GRID);
    await b.goto(GRID);

    // B saves first: two members.
    await cell(b, NOORDERZIJLVEST, "Totaal inkoopvolume").fill("500.000");
    await cell(b, HOLLANDSE_DELTA, "Aantal aanbestedingen en percelen").fill("10");
    await b.getByRole("button", { name: "Opslaan", exact: true }).click();
    await b.getByText("Opgeslagen voor 2 organisaties.").waitFor();

    // A, on the grid from before B's save: the same cell, another cell, and Hollandse Delta's
    // percelen left empty as A saw it.
    await cell(a, NOORDERZIJLVEST, "Totaal inkoopvolume").fill("700.000");
    await cell(a, NOORDERZIJLVEST, "Waarvan werken (aantal)").fill("3");
    await a.getByRole("button", { name: "Opslaan", exact: true }).click();
    await a.getByRole("heading", { name: "1 waarde is intussen gewijzigd" }).waitFor();
    const conflict = a.getByRole("group", { name: `${NOORDERZIJLVEST}: Totaal inkoopvolume` });
    expect(await conflict.textContent()).toContain(
      "Eerst stond er: niet ingevuld. Nu staat er: € 500.000 (gewijzigd door Jeroen Bakker op",
    );
    // While the choice waits, the grid is not shown (a save there would drop what waits here).
    expect(await a.getByRole("button", { name: "Opslaan", exact: true }).count()).toBe(0);
    await expectAccessible(a, "grid conflicts");
    await screenshot(a, "grid-conflicts");
    // The rest was saved; the stale empty cell deleted nothing.
    await b.goto(GRID);
    expect(await cell(b, NOORDERZIJLVEST, "Waarvan werken (aantal)").inputValue()).toBe("3");
    expect(await cell(b, NOORDERZIJLVEST, "Totaal inkoopvolume").inputValue()).toBe("500.000");
    expect(await cell(b, HOLLANDSE_DELTA, "Aantal aanbestedingen en percelen").inputValue()).toBe("10");
    // A keeps theirs, by keyboard.
    await conflict.getByLabel("Mijn waarde opslaan: € 700.000").check();
    await a.getByRole("button", { name: "Keuzes opslaan" }).press("Enter");
    await a.getByText("Uw keuzes zijn verwerkt. 1 waarde van u opgeslagen.").waitFor();
    expect(await cell(a, NOORDERZIJLVEST, "Totaal inkoopvolume").inputValue()).toBe("700.000");

    // The upload: A downloads the template, B then changes Hollandse Delta's percelen.
    const template = await a.request.get(`${UNIE}/raster.xlsx`);
    expect(template.status()).toBe(200);
    await b.goto(GRID);
    await cell(b, HOLLANDSE_DELTA, "Aantal aanbestedingen en percelen").fill("12");
    await b.getByRole("button", { name: "Opslaan", exact: true }).click();
    await b.getByText("Opgeslagen voor 1 organisatie.").waitFor();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await template.body()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Algemeen")!;
    const column = (code: string) => {
      let found = 0;
      sheet.getRow(2).eachCell((c, n) => (found = c.value === code ? n : found));
      return found;
    };
    const row = (slug: string) => {
      let found = 0;
      sheet.eachRow((r, n) => (found = r.getCell(2).value === slug ? n : found));
      return sheet.getRow(found);
    };
    row("waterschap-hollandse-delta").getCell(column("percelen_totaal")).value = 20;
    row("waterschap-noorderzijlvest").getCell(column("aanbestedingen_leveringen")).value = 4;
    await a.goto(GRID);
    await a.setInputFiles("#bestand", {
      name: "raster.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    await a.getByRole("button", { name: "Inlezen" }).click();
    await a.getByRole("heading", { name: "Wat het Excel-bestand verandert" }).waitFor();
    const preview = a.getByRole("list", { name: /Elke gewijzigde waarde/ });
    expect(await preview.getByRole("listitem").count()).toBe(2);
    expect(await preview.getByRole("listitem").filter({ hasText: "Hollandse Delta" }).textContent()).toContain(
      "Let op: intussen gewijzigd door Jeroen Bakker",
    );
    await expectAccessible(a, "upload preview");
    await screenshot(a, "upload-preview");
    // Nothing stored before the confirmation; B changes the other cell meanwhile.
    await b.goto(GRID);
    expect(await cell(b, NOORDERZIJLVEST, "Waarvan leveringen (aantal)").inputValue()).toBe("");
    await cell(b, NOORDERZIJLVEST, "Waarvan leveringen (aantal)").fill("6");
    await b.getByRole("button", { name: "Opslaan", exact: true }).click();
    await b.getByText("Opgeslagen voor 1 organisatie.").waitFor();
    // Confirming checks again: both cells are now conflicts; A keeps the stored values.
    await a.getByRole("button", { name: "Wijzigingen opslaan" }).click();
    await a.getByRole("heading", { name: "2 waarden zijn intussen gewijzigd" }).waitFor();
    // Without a choice: a message at each, nothing lost.
    await a.getByRole("button", { name: "Keuzes opslaan" }).click();
    await a.getByText("Kies welke waarde blijft.").first().waitFor();
    for (const label of await a.getByLabel(/^De opgeslagen waarde houden/).all()) await label.check();
    await a.getByRole("button", { name: "Keuzes opslaan" }).click();
    await a.getByText("Uw keuzes zijn verwerkt. De opgeslagen waarden zijn gehouden.").waitFor();
    expect(await cell(a, HOLLANDSE_DELTA, "Aantal aanbestedingen en percelen").inputValue()).toBe("12");
    expect(await cell(a, NOORDERZIJLVEST, "Waarvan leveringen (aantal)").inputValue()).toBe("6");

    first.assertClean();
    second.assertClean();
    await first.context.close();
    await second.context.close();
  });
});
