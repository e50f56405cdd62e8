import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, newPortalContext, screenshot, launchBrowser, loginWithSession } from "../helpers";
import { linkIn, waitForMail } from "../mail";

describe("administration: organisations, invitations, reporting years, audit trail", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("an admin invites a new user, who accepts from the e-mail, logs in, and later resets the password", async () => {
    const email = `nieuwe.inkoper.${Date.now()}@helmond.example`;
    const admin = await newPortalContext(browser);
    const page = await admin.context.newPage();
    await loginWithSession(page, "beheer@ienw.example");
    await page.goto("/beheer/gebruikers");
    await expectAccessible(page, "users");
    await page.getByRole("link", { name: "Gebruiker uitnodigen" }).click();
    await page.getByRole("heading", { level: 1, name: "Gebruiker uitnodigen" }).waitFor();

    // A wrong address is refused next to the field, the choices are kept.
    await page.getByLabel("E-mailadres").fill("geen-adres");
    await page.getByLabel("Organisatie", { exact: true }).selectOption({ label: "Gemeente Helmond" });
    await page.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await page.getByText("Vul een geldig e-mailadres in", { exact: false }).first().waitFor();
    await expectAccessible(page, "invite with error");
    await screenshot(page, "admin-invite-error");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await page.getByText(`De uitnodiging is verstuurd naar ${email}.`).waitFor();
    await page.getByRole("cell", { name: email, exact: true }).waitFor();

    const invitation = await waitForMail(email, /Uitnodiging voor het MVOI-portaal \(Gemeente Helmond\)/);
    expect(invitation.html).toContain("Uitnodiging accepteren");
    const link = linkIn(invitation, baseURL());
    expect(link).toMatch(/\/uitnodiging\/[A-Za-z0-9_-]{43}$/);

    // The invited person, in a browser of their own.
    const invited = await newPortalContext(browser);
    const own = await invited.context.newPage();
    await own.goto(link);
    await own.getByRole("heading", { level: 1, name: "Uitnodiging accepteren" }).waitFor();
    await expectAccessible(own, "invitation");
    await own.getByLabel("Uw naam").fill("Nieuwe Inkoper");
    await own.getByLabel("Wachtwoord", { exact: true }).fill("kort");
    await own.getByLabel("Wachtwoord nog een keer").fill("kort");
    await own.getByRole("button", { name: "Account aanmaken" }).click();
    await own.getByText("Kies een wachtwoord van minstens 12 tekens.", { exact: false }).first().waitFor();
    expect(await own.getByLabel("Uw naam").inputValue()).toBe("Nieuwe Inkoper");
    const password = "groene inkoop loont altijd";
    await own.getByLabel("Wachtwoord", { exact: true }).fill(password);
    await own.getByLabel("Wachtwoord nog een keer").fill(password);
    await own.getByRole("button", { name: "Account aanmaken" }).click();
    await own.getByText("De uitnodiging is geaccepteerd. Log in om verder te gaan.").waitFor();
    expect(await own.getByLabel("E-mailadres").inputValue()).toBe(email);
    await own.getByLabel("Wachtwoord").fill(password);
    await own.getByRole("button", { name: "Inloggen" }).click();
    await own.getByText("Gemeente Helmond", { exact: false }).first().waitFor();
    expect(new URL(own.url()).pathname).toMatch(/^\/organisatie/);

    // The link works once.
    const reused = await invited.context.newPage();
    await reused.goto(link);
    await reused.getByText("Deze uitnodiging is al gebruikt.", { exact: false }).waitFor();

    // The admin sees the new account and deactivates it: its session ends at once.
    await page.goto(`/beheer/gebruikers?q=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: "Nieuwe Inkoper" }).click();
    await page.getByText("Ja, 1 sessie").waitFor();
    await expectAccessible(page, "user");
    await screenshot(page, "admin-user");
    await page.getByRole("button", { name: "Gebruiker uitschakelen" }).click();
    await page.getByText("De gebruiker is uitgeschakeld en overal uitgelogd.").waitFor();
    const afterDeactivation = await own.goto("/organisaties");
    expect(new URL(own.url()).pathname).toBe("/inloggen");
    expect(afterDeactivation?.status()).toBe(200);
    await page.getByRole("button", { name: "Gebruiker inschakelen" }).click();
    await page.getByText("De gebruiker kan weer inloggen.").waitFor();

    // Forgotten password: the same answer for an unknown address, a link for a known one.
    await own.goto("/wachtwoord-vergeten");
    await expectAccessible(own, "forgot password");
    await own.getByLabel("E-mailadres").fill("bestaat.niet@nergens.example");
    await own.getByRole("button", { name: "Stuur mij een link" }).click();
    // The click returns before the answer is shown: wait for it, then read it.
    const answered = own.getByRole("heading", { level: 1, name: "Kijk in uw e-mail" });
    await answered.waitFor();
    const unknownAnswer = await own.getByRole("main").innerText();
    await own.goto("/wachtwoord-vergeten");
    await own.getByLabel("E-mailadres").fill(email);
    await own.getByRole("button", { name: "Stuur mij een link" }).click();
    await answered.waitFor();
    expect(await own.getByRole("main").innerText()).toBe(unknownAnswer);
    const reset = await waitForMail(email, /Nieuw wachtwoord/);
    await own.goto(linkIn(reset, baseURL()));
    await own.getByRole("heading", { level: 1, name: "Nieuw wachtwoord instellen" }).waitFor();
    await expectAccessible(own, "reset password");
    await own.getByLabel("Nieuw wachtwoord", { exact: true }).fill("een nieuw lang wachtwoord");
    await own.getByLabel("Nieuw wachtwoord nog een keer").fill("een ander lang wachtwoord");
    await own.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await own.getByText("De twee wachtwoorden zijn niet hetzelfde.").first().waitFor();
    await own.getByLabel("Nieuw wachtwoord", { exact: true }).fill("een nieuw lang wachtwoord");
    await own.getByLabel("Nieuw wachtwoord nog een keer").fill("een nieuw lang wachtwoord");
    await own.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await own.getByText("Uw wachtwoord is gewijzigd.", { exact: false }).waitFor();
    await own.getByLabel("E-mailadres").fill(email);
    await own.getByLabel("Wachtwoord").fill("een nieuw lang wachtwoord");
    await own.getByRole("button", { name: "Inloggen" }).click();
    await own.waitForURL(/\/organisatie/);

    admin.assertClean();
    invited.assertClean();
    await invited.context.close();
    await admin.context.close();
  });

  it("an admin adds, edits and deactivates an organisation and imports a CSV file with a preview", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await loginWithSession(page, "beheer@ienw.example");
    await page.goto("/beheer/organisaties");
    await expectAccessible(page, "organisations");
    await page.getByLabel("Naam bevat").fill("Helmond");
    await page.getByRole("button", { name: "Zoeken" }).click();
    await page.getByRole("link", { name: "Gemeente Helmond" }).waitFor();
    await screenshot(page, "admin-organisations");

    await page.goto("/beheer/organisaties/nieuw");
    await page.getByLabel("Naam").fill("Gemeente Helmond");
    await page.getByLabel("Soort organisatie").selectOption("gemeente");
    await page.getByLabel("Sector").selectOption("gemeenten");
    await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
    await page.getByText("Er is al een organisatie met deze naam.").first().waitFor();
    await expectAccessible(page, "new organisation with error");
    const name = `Gemeente Proefstad ${Date.now()}`;
    await page.getByLabel("Naam").fill(name);
    await page.getByLabel("Datum van ondertekening (optioneel)").fill("2024-03-01");
    await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
    await page.getByText("De organisatie is toegevoegd.").waitFor();
    await expectAccessible(page, "organisation");
    await page.getByRole("button", { name: "Organisatie uitschakelen" }).click();
    await page.getByText("De organisatie is uitgeschakeld.", { exact: false }).first().waitFor();

    // Import: a file with a bad row is shown line by line and cannot be applied.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-import-"));
    const bad = path.join(dir, "fout.csv");
    const importName = `Gemeente Importstad ${Date.now()}`;
    fs.writeFileSync(bad, `name,kind,sector,signed_via,source\n${importName},gemeente,Gemeenten,,\nGemeente Nergens,dorp,Gemeenten,,\n`);
    await page.goto("/beheer/organisaties/importeren");
    await expectAccessible(page, "import");
    await page.getByLabel("CSV-bestand", { exact: false }).setInputFiles(bad);
    await page.getByRole("button", { name: "Bekijk wat er verandert" }).click();
    await page.getByText('Onbekend soort "dorp"', { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Inlezen" }).count()).toBe(0);
    await expectAccessible(page, "import preview with errors");
    await screenshot(page, "admin-import-errors");
    const good = path.join(dir, "goed.csv");
    fs.writeFileSync(
      good,
      `name,kind,sector,signed_via,source\n${importName},gemeente,Gemeenten,,https://www.example.nl/bron\nGemeente Helmond,gemeente,Gemeenten,,https://www.helmond.nl/manifest-maatschappelijk-verantwoord-opdrachtgeven-en-inkopen-2022-2025\n`,
    );
    await page.getByRole("link", { name: "Ander bestand kiezen" }).click();
    await page.getByLabel("CSV-bestand", { exact: false }).setInputFiles(good);
    await page.getByRole("button", { name: "Bekijk wat er verandert" }).click();
    await page.getByText("1 nieuw", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Inlezen" }).click();
    await page.getByText("Het bestand is ingelezen: 1 toegevoegd", { exact: false }).waitFor();
    fs.rmSync(dir, { recursive: true, force: true });
    assertClean();
    await context.close();
  });

  it("an admin moves a deadline, grants one organisation an extension and searches and exports the audit trail", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await loginWithSession(page, "beheer@ienw.example");
    await page.goto("/beheer/jaren");
    await expectAccessible(page, "years");
    await page.getByRole("link", { name: "2023" }).click();
    await page.getByRole("heading", { level: 1, name: "Rapportagejaar 2023" }).waitFor();
    await page.getByLabel("Uiterste inleverdatum").fill("2020-01-01");
    await page.getByRole("button", { name: "Datums opslaan" }).click();
    await page.getByText("De uiterste inleverdatum ligt na de openingsdatum.").first().waitFor();
    await expectAccessible(page, "year with error");
    const opens = await page.getByLabel("Open vanaf").inputValue();
    const due = `${Number(opens.slice(0, 4)) + 0}-${opens.slice(5, 7) === "12" ? "12" : "06"}-30`;
    await page.getByLabel("Uiterste inleverdatum").fill(due > opens ? due : `${Number(opens.slice(0, 4)) + 1}-06-30`);
    await page.getByRole("button", { name: "Datums opslaan" }).click();
    await page.getByText("De datums zijn gewijzigd.").waitFor();

    await page.getByLabel("Organisatie").selectOption({ label: "Gemeente Helmond" });
    await page.getByLabel("Nieuwe uiterste datum").fill("2019-01-01");
    await page.getByLabel("Reden").fill("Herindeling");
    await page.getByRole("button", { name: "Uitstel verlenen" }).click();
    await page.getByText("Een uitstel ligt na de gewone uiterste datum.").first().waitFor();
    expect(await page.getByLabel("Reden").inputValue()).toBe("Herindeling");
    await page.getByLabel("Nieuwe uiterste datum").fill("2030-01-01");
    await page.getByRole("button", { name: "Uitstel verlenen" }).click();
    await page.getByText("Het uitstel is verleend.").waitFor();
    await page.getByRole("cell", { name: "Herindeling", exact: false }).waitFor();
    await expectAccessible(page, "year with extension");
    await screenshot(page, "admin-year");

    await page.goto("/beheer/audit?handeling=reporting_year.extension_granted");
    // The action in Dutch (app/models/audit.labels.ts), the filter's value stays its code.
    await page.getByRole("cell", { name: "Uitstel verleend" }).first().waitFor();
    await expectAccessible(page, "audit");
    await screenshot(page, "admin-audit");
    const csv = await page.request.get("/beheer/audit.csv?handeling=reporting_year.extension_granted");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("Tijdstip;Gebruiker");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // The newest event's time: Dutch local time with its offset, the clock time the page shows in its first row.
    const [, hours, minutes] = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2}):\d{2}\+0[12]:00;/.exec(lines[1]!) ?? [];
    expect(hours, lines[1]).toBeDefined();
    expect(await page.locator("tbody tr").first().locator("td").first().textContent()).toContain(`${hours}:${minutes}`);
    expect(lines.slice(1).every((l) => l.includes(";Uitstel verleend;") && !l.includes("reporting_year"))).toBe(true);

    await page.goto("/beheer/berichten");
    await expectAccessible(page, "mail");
    assertClean();
    await context.close();
  });
});
