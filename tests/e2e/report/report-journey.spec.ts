import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import type { PlanStatus } from "~/database/types";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot, loginWithSession } from "../helpers";
import { e2eServer } from "../server";

const BASE = "/organisatie/gemeente-helmond/rapportage/2025";
const SECTIONS = ["algemeen", "milieu", "klimaat", "circulair", "keten", "diversiteit", "social-return"];

async function logout(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/inloggen\?uitgelogd/);
}

async function submitFromCheckPage(page: Page) {
  await page.goto(`${BASE}/controleren`);
  await page.getByRole("heading", { level: 1, name: "Controleer uw gegevens" }).waitFor();
  expect(await page.locator(".mvoi-error-summary li").allTextContents()).toEqual([]);
  await page.getByRole("button", { name: "Rapportage indienen" }).click();
  await page.getByText("Uw rapportage is ingediend", { exact: false }).waitFor();
}

/**
 * The values of an organisation's newest submitted report over a year that need an explanation,
 * read from the tables: a number (not a step) that differs more than half from the same question's
 * value in last year's newest accepted report (any change from 0 counts), or that is above the
 * question's usual maximum.
 */
async function deviationsInDatabase(db: DB, slug: string, year: number) {
  const values = (y: number, statuses: PlanStatus[]) =>
    db
      .selectFrom("report_value as rv")
      .innerJoin("indicator as i", "i.id", "rv.indicator_id")
      .innerJoin("report_version as v", "v.id", "rv.version_id")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["i.code", "i.label", "i.unit", "i.usual_max", "i.position", "rv.state", "rv.number_value", "rv.explanation", "v.number"])
      .where("o.slug", "=", slug)
      .where("r.year", "=", y)
      .where("v.status", "in", statuses)
      .execute();
  const newest = <T extends { number: number }>(rows: T[]) => rows.filter((r) => r.number === Math.max(...rows.map((x) => x.number)));
  const now = newest(await values(year, ["submitted"]));
  const before = new Map(newest(await values(year - 1, ["accepted"])).map((r) => [r.code, r]));
  return now
    .filter((a) => ["eur", "count", "tonnes_co2", "tonnes", "fte", "people"].includes(a.unit) && a.state === "value")
    .filter((a) => {
      const b = before.get(a.code);
      const jump =
        b?.state === "value" && b.number_value !== null
          ? b.number_value === 0
            ? a.number_value !== 0
            : Math.abs(a.number_value! - b.number_value) / Math.abs(b.number_value) > 0.5
          : false;
      return jump || (a.usual_max !== null && a.number_value! > a.usual_max);
    })
    .map((a) => ({ code: a.code, label: a.label, explanation: a.explanation }));
}

describe("the yearly report, from last year's values to accepted", () => {
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

  it("the Helmond officer pre-fills, explains a warning and submits; the ministry returns, then accepts", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    await page.goto("/organisatie/gemeente-helmond/rapportages");
    await page.getByRole("heading", { level: 1, name: "Jaarrapportages" }).waitFor();
    await expectAccessible(page, "report list");
    await page.getByRole("link", { name: "Rapportage 2025" }).click();
    await page.getByRole("button", { name: "Rapportage 2025 invullen" }).click();
    await page.getByRole("heading", { name: "Versie 1 invullen" }).waitFor();
    await expectAccessible(page, "report task list");

    // Every section: take last year's values, check them, save (which confirms them).
    for (const section of SECTIONS) {
      await page.goto(`${BASE}/${section}`);
      await page.getByRole("button", { name: "Waarden van vorig jaar overnemen" }).click();
      await page.getByText("De waarden van vorig jaar zijn ingevuld.").waitFor();
      expect(await page.getByText("Overgenomen van vorig jaar: controleer").count()).toBeGreaterThan(0);
      if (section === "algemeen") {
        await expectAccessible(page, "section pre-filled");
        await screenshot(page, "report-prefilled");
        // A wrong number is refused next to the field, keeping what was typed.
        // The question is the input's label; its unit stands after the input.
        const spend = page.getByRole("textbox", { name: "Totaal inkoopvolume" });
        expect(await page.locator("#rapportage-inkoopvolume-eenheid").textContent()).toBe("euro");
        await spend.fill("veel geld");
        await page.getByRole("button", { name: "Opslaan" }).click();
        await page.getByRole("heading", { name: "Er is iets niet goed ingevuld" }).waitFor();
        expect(await spend.inputValue()).toBe("veel geld");
        // Three times last year: allowed, but a warning that needs an explanation.
        const last = (await page.locator("#rapportage-inkoopvolume dd").first().textContent())!.replace(/[^0-9]/g, "");
        await spend.fill(String(Number(last) * 3));
        // Unknown stays unknown (never 0).
        // "Onbekend" waits behind "Weet u het niet, of geldt dit niet?", which opens on a click.
        const works = page.locator("#rapportage-aanbestedingen_werken");
        await works.getByRole("textbox").fill("");
        await works.getByText("Weet u het niet, of geldt dit niet?").click();
        await works.getByLabel("Onbekend").check();
        // With JavaScript, typing a number chooses "Ik geef het antwoord hierboven" again.
        await works.getByRole("textbox").fill("5");
        expect(await works.getByLabel("Ik geef het antwoord hierboven").isChecked()).toBe(true);
        await works.getByRole("textbox").fill("");
        await works.getByLabel("Onbekend").check();
      }
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    }

    // A question answered "Onbekend" shows its choice: the disclosure is open.
    await page.goto(`${BASE}/algemeen`);
    expect(await page.locator("#rapportage-aanbestedingen_werken details[open]").count()).toBe(1);
    expect(await page.locator("#rapportage-inkoopvolume details[open]").count()).toBe(0);

    await page.goto(`${BASE}/controleren`);
    // First what is still to do, per part of the report, not a wall of errors ...
    const toDo = page.locator("section", { has: page.getByRole("heading", { name: "Nog te doen voor het indienen" }) });
    await toDo.waitFor();
    expect(await toDo.getByRole("heading", { level: 3, name: "Algemeen" }).count()).toBe(1);
    expect(await toDo.getByRole("link", { name: /^Totaal inkoopvolume: licht de afwijking kort toe/ }).count()).toBe(1);
    expect(await page.locator(".mvoi-error-summary").count()).toBe(0);
    await expectAccessible(page, "check with something to do");
    // ... and pressing submit then lists the problems as errors, each with its part.
    await page.getByRole("button", { name: "Rapportage indienen" }).click();
    await page.getByRole("heading", { name: "De rapportage is nog niet compleet" }).waitFor();
    const problem = page
      .locator(".mvoi-error-summary")
      .getByRole("link", { name: /^Algemeen: Totaal inkoopvolume: licht de afwijking kort toe/ });
    await expectAccessible(page, "check with problems");
    await problem.click();
    await page.getByText("Dit wijkt meer dan 50% af van vorig jaar", { exact: false }).waitFor();
    await page.getByLabel("Toelichting op de afwijking").fill("Nieuwe grote aanbesteding voor de renovatie van het stadhuis.");
    await screenshot(page, "report-warning");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    await page.goto(`${BASE}/controleren`);
    expect(await page.getByRole("row", { name: /Waarvan werken/ }).textContent()).toContain("onbekend");
    await screenshot(page, "report-check");
    await submitFromCheckPage(page);
    await logout(page);

    // The ministry returns it with a reason.
    await loginWithSession(page, "analist@ienw.example");
    await page.goto("/ministerie/rapportages?jaar=2025&status=submitted");
    await page.getByRole("heading", { level: 1, name: "Jaarrapportages 2025" }).waitFor();
    await expectAccessible(page, "ministry reports");
    await page.getByRole("link", { name: "Gemeente Helmond" }).click();
    await page.getByRole("heading", { level: 1, name: "Rapportage 2025: Gemeente Helmond" }).waitFor();
    await expectAccessible(page, "ministry report");
    // The summary comes first: every value that needs a word, with the officer's explanation,
    // as recomputed here from the stored values; then a link straight to the decision.
    const summary = page.getByRole("region", { name: "Samenvatting" });
    const deviations = await deviationsInDatabase(db, "gemeente-helmond", 2025);
    expect(deviations.length).toBeGreaterThan(0);
    const items = (await summary.getByRole("listitem").allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
    expect(items.map((t) => t.slice(0, t.indexOf(" ("))).sort()).toEqual(deviations.map((d) => d.label).sort());
    for (const d of deviations) {
      const item = items.find((t) => t.startsWith(`${d.label} (`))!;
      expect(item, d.label).toContain(d.explanation ? `Toelichting: “${d.explanation}”` : "Geen toelichting gegeven.");
    }
    expect(items.find((t) => t.startsWith("Totaal inkoopvolume ("))).toContain(
      "Nieuwe grote aanbesteding voor de renovatie van het stadhuis.",
    );
    expect((await summary.textContent())?.replace(/\s+/g, " ")).toMatch(/Termijn ?uiterlijk \d+ [a-z]+ \d{4}/);
    await summary.getByRole("link", { name: "Naar accepteren of terugsturen" }).click();
    expect(await page.evaluate(() => location.hash)).toBe("#beoordelen");
    await summary.getByRole("link", { name: "Totaal inkoopvolume" }).click();
    expect(await page.evaluate(() => location.hash)).toBe(`#vraag-${deviations.find((d) => d.label === "Totaal inkoopvolume")!.code}`);
    await screenshot(page, "ministry-report-summary");
    await page.getByLabel("Reden om terug te sturen").fill("Licht de stijging van het inkoopvolume toe per soort opdracht.");
    await page.getByRole("button", { name: "Terugsturen" }).click();
    await page.getByText("U heeft deze versie teruggestuurd.").waitFor();
    await logout(page);

    // The officer adjusts and resubmits.
    await login(page, "inkoper@helmond.example");
    await page.goto(BASE);
    await page.getByText("Licht de stijging van het inkoopvolume toe per soort opdracht.").waitFor();
    await page.getByRole("button", { name: "Rapportage aanpassen" }).click();
    await page.getByRole("heading", { name: "Versie 2 invullen" }).waitFor();
    await page.goto(`${BASE}/kwalitatief`);
    await page.getByLabel("Belemmeringen").fill("De stijging komt door twee grote werken (renovatie stadhuis en riolering).");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    await submitFromCheckPage(page);
    await logout(page);

    // The ministry accepts version 2.
    await loginWithSession(page, "analist@ienw.example");
    await page.goto("/ministerie/rapportages/gemeente-helmond/2025");
    await page.getByRole("button", { name: "Accepteren" }).click();
    await page.getByText("U heeft deze versie geaccepteerd.").waitFor();
    expect(await page.getByText("Versie 2:").count()).toBe(1);
    await expectAccessible(page, "accepted report");
    assertClean();
    await context.close();
  }, 180_000);

  it("answers 404 for another organisation's report and for an unknown year", async () => {
    const { context } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    for (const path of [
      "/organisatie/waterschap-de-dommel/rapportage/2025",
      "/organisatie/waterschap-de-dommel/rapportage/2025/algemeen",
      "/organisatie/gemeente-helmond/rapportage/1999",
      "/organisatie/gemeente-helmond/rapportage/2024/bestaat-niet",
    ]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
    await context.close();
  });
});
