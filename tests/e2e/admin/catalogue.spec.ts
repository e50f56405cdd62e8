import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newPortalContext, screenshot, loginWithSession } from "../helpers";

describe("the administrator and the questionnaires", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("adds a reporting year, copies last year's questionnaire to it and rewords a question", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "beheer@ienw.example");
    await page.goto("/beheer/catalogus");
    await page.getByRole("heading", { level: 1, name: "Vragenlijsten" }).waitFor();
    await expectAccessible(page, "catalogue");

    // A deadline before the opening date is refused, with the input kept.
    await page.getByLabel("Jaartal").fill("2026");
    await page.getByLabel("Open vanaf").fill("2027-04-01");
    await page.getByLabel("Uiterste inleverdatum").fill("2027-01-15");
    await page.getByRole("button", { name: "Rapportagejaar toevoegen" }).click();
    await page.getByText("De uiterste inleverdatum ligt na de openingsdatum.").waitFor();
    expect(await page.getByLabel("Jaartal").inputValue()).toBe("2026");
    await page.getByLabel("Open vanaf").fill("2027-01-15");
    await page.getByLabel("Uiterste inleverdatum").fill("2027-04-01");
    await page.getByRole("button", { name: "Rapportagejaar toevoegen" }).click();
    await page.getByText("Het rapportagejaar is aangemaakt.").waitFor();

    await page.getByLabel("Van", { exact: true }).selectOption("2025");
    await page.getByLabel("Naar", { exact: true }).selectOption("2026");
    await page.getByRole("button", { name: "Kopiëren" }).click();
    await page.getByText("vragen gekopieerd", { exact: false }).waitFor();
    const rows = page.getByRole("table", { name: /vragen in 2026/ }).locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(50);
    await screenshot(page, "admin-catalogue");

    await page.getByRole("link", { name: "Totaal inkoopvolume" }).click();
    await page.getByRole("heading", { level: 1, name: "Vraag wijzigen" }).waitFor();
    await expectAccessible(page, "indicator");
    await page.getByLabel("Vraag", { exact: true }).fill("Totaal inkoopvolume (exclusief btw)");
    await page.getByLabel("Minimum").fill("-5");
    await page.getByLabel("Maximum").fill("-10");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Het maximum ligt niet onder het minimum.").waitFor();
    await page.getByLabel("Minimum").fill("0");
    await page.getByLabel("Maximum").fill("");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByRole("link", { name: "Totaal inkoopvolume (exclusief btw)" }).click();
    // The edit is a new version of the question; the first stays listed.
    await page.getByRole("heading", { level: 2, name: "Versies van deze vraag" }).waitFor();
    await page.getByRole("heading", { level: 3, name: /^Versie 2, vanaf / }).waitFor();
    await page.getByRole("heading", { level: 3, name: /^Versie 1, vanaf / }).waitFor();

    // 2026 has not opened: a question can be added, and retired again.
    await page.getByRole("link", { name: "Terug naar de vragenlijst 2026" }).click();
    await page.getByRole("link", { name: "toevoegen", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Vraag toevoegen aan 2026" }).waitFor();
    await expectAccessible(page, "new question");
    await page.getByLabel("Onderdeel").selectOption({ label: "Klimaat" });
    await page.getByLabel("Vraag", { exact: true }).fill("Aantal elektrische voertuigen in het wagenpark");
    await page.getByLabel("Soort antwoord").selectOption({ label: "Ja of nee" });
    await page.getByLabel("Maximum (niet verplicht)").fill("10");
    await page.getByRole("button", { name: "Vraag toevoegen" }).click();
    await page.getByText("Een vraag zonder getal heeft geen grenzen. Maak dit veld leeg.").first().waitFor();
    expect(await page.getByLabel("Vraag", { exact: true }).inputValue()).toBe("Aantal elektrische voertuigen in het wagenpark");
    await page.getByLabel("Soort antwoord").selectOption({ label: "Aantal" });
    await page.getByRole("button", { name: "Vraag toevoegen" }).click();
    await page.getByText("De vraag is toegevoegd.").waitFor();
    await screenshot(page, "admin-question-added");
    // Retiring cannot be undone: it asks to confirm first.
    await page.getByRole("button", { name: "Vraag laten vervallen" }).click();
    await page.getByText("Vink aan dat u deze vraag wilt laten vervallen.", { exact: false }).waitFor();
    await page.getByLabel("Ja, laat deze vraag vervallen.", { exact: false }).check();
    await page.getByRole("button", { name: "Vraag laten vervallen" }).click();
    await page.getByText("De vraag is vervallen.", { exact: false }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Vervallen vragen in 2026" }).waitFor();
    await expectAccessible(page, "catalogue with a retired question");
    assertClean();
    await context.close();
  });
});
