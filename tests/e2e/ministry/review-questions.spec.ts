import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillDemoReport, submitDemoReport } from "../../../db/demo-reports";
import { createDb, type DB } from "~/database/connection.server";
import { createOrganisation } from "~/models/organisation-admin.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { REPORT_YEAR } from "../../helpers/world";
import { expectAccessible, launchBrowser, loginWithSession, newPortalContext, screenshot } from "../helpers";
import { e2eServer } from "../server";

/** The page must not scroll sideways (WCAG reflow): at 320 px nothing is wider than the window. */
async function expectNoSidewaysScroll(page: Page, label: string) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth, `${label} scrolls sideways at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

/**
 * Issue #24's journey: the reviewer asks about two values of a member's report and returns it;
 * its joint signatory (as the Unie for a waterschap) answers one question on behalf of the member
 * (without JavaScript) and corrects the other value, and resubmits; the reviewer sees question,
 * answer and the value before and after, closes both questions and accepts; then accepts three
 * other reports together.
 * Organisations of its own, so other files' changes to the demo reports do not matter.
 */
describe("questions on single values, from asking to accepting", () => {
  let browser: Browser;
  let db: DB;
  let slug: string;
  const samen: { id: number; name: string }[] = [];
  let memberName: string;
  let koepelEmail: string;
  let labels: { first: string; second: string; firstCode: string };
  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(e2eServer().databaseFile);
    const admin = await db.selectFrom("user").select(["id", "email"]).where("email", "=", "beheer@ienw.example").executeTakeFirstOrThrow();
    const tag = Date.now().toString(36);
    const adminActor = { userId: admin.id, email: admin.email, ip: "192.0.2.10" };
    // A joint signatory of its own, like the Unie van Waterschappen, with one member: other files
    // count the Unie's 21 waterschappen, so this file adds none.
    const koepel = await createOrganisation(db, {
      actor: adminActor,
      input: { name: `Samenwerking Vragen ${tag}`, kind: "koepelorganisatie", sector: "gemeenten" },
    });
    const member = await createOrganisation(db, {
      actor: adminActor,
      input: { name: `Gemeente Vragen ${tag}`, kind: "gemeente", sector: "gemeenten", signedViaId: koepel },
    });
    memberName = `Gemeente Vragen ${tag}`;
    koepelEmail = `koepel-${tag}@samenwerking.example`;
    const koepelUser = await ensureUser(db, { email: koepelEmail, name: "Koepel Inkoper", password: null });
    await addMembership(db, { userId: koepelUser, organisationId: koepel, role: "editor" });
    const actor = { userId: koepelUser, email: koepelEmail, ip: "192.0.2.11" };
    slug = (await db.selectFrom("organisation").select("slug").where("id", "=", member).executeTakeFirstOrThrow()).slug;
    await fillDemoReport(db, actor, member, REPORT_YEAR);
    await submitDemoReport(db, actor, member, REPORT_YEAR);
    // Three reports to accept together, each by an editor of its own gemeente.
    for (const letter of ["A", "B", "C"]) {
      const name = `Gemeente Samen ${letter} ${tag}`;
      const id = await createOrganisation(db, { actor: adminActor, input: { name, kind: "gemeente", sector: "gemeenten" } });
      const editor = await ensureUser(db, {
        email: `samen-${letter.toLowerCase()}-${tag}@gemeente.example`,
        name: `Inkoper ${letter}`,
        password: null,
      });
      await addMembership(db, { userId: editor, organisationId: id, role: "editor" });
      const editorActor = { userId: editor, email: `samen-${letter.toLowerCase()}-${tag}@gemeente.example`, ip: "192.0.2.12" };
      await fillDemoReport(db, editorActor, id, REPORT_YEAR);
      await submitDemoReport(db, editorActor, id, REPORT_YEAR);
      samen.push({ id, name });
    }
    const counts = await db
      .selectFrom("indicator")
      .select(["code", "label"])
      .where("year", "=", REPORT_YEAR)
      .where("section", "=", "algemeen")
      .where("unit", "=", "count")
      .orderBy("position")
      .limit(2)
      .execute();
    labels = { first: counts[0]!.label, second: counts[1]!.label, firstCode: counts[0]!.code };
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
  });

  const statusOf = async (organisationId: number) =>
    (
      await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select(["v.number", "v.status"])
        .where("r.organisation_id", "=", organisationId)
        .where("r.year", "=", REPORT_YEAR)
        .orderBy("v.number", "desc")
        .executeTakeFirstOrThrow()
    ).status;

  it("asks, returns, answers on behalf, corrects, closes, accepts; then accepts three together", async () => {
    const review = `/ministerie/rapportages/${slug}/${REPORT_YEAR}`;
    const own = `/organisatie/${slug}/rapportage/${REPORT_YEAR}`;

    // The reviewer, with JavaScript: "Vraag stellen" next to a value chooses it in the form below.
    const ministry = await newPortalContext(browser);
    const reviewer = await ministry.context.newPage();
    await loginWithSession(reviewer, "analist@ienw.example");
    await reviewer.goto(review);
    await reviewer.getByRole("link", { name: `Vraag stellen over ${labels.first}` }).click();
    const about = reviewer.getByLabel("Over welke waarde?");
    await reviewer.waitForFunction(
      (code) => document.querySelector<HTMLSelectElement>("#stel-over")?.value === `answer:${code}`,
      labels.firstCode,
    );
    await reviewer.getByLabel("Uw vraag").fill("Klopt dit aantal? Vorig jaar was het veel lager.");
    await reviewer.getByLabel(/Markeren voor opvolging/).check();
    await reviewer.getByRole("button", { name: "Vraag stellen" }).click();
    await reviewer.getByText("Uw vraag is opgeslagen.").waitFor();
    await about.selectOption({ label: labels.second });
    await reviewer.getByLabel("Uw vraag").fill("Telt u hier ook de raamcontracten mee?");
    await reviewer.getByRole("button", { name: "Vraag stellen" }).click();
    await reviewer.getByText("Uw vraag is opgeslagen.").waitFor();
    await reviewer.getByText("2 vragen zijn nog niet afgesloten").first().waitFor();
    // The form started afresh after the first question: the second is not marked for follow-up.
    expect(await reviewer.getByLabel(/Markeren voor opvolging/).isChecked()).toBe(false);
    const marks = await db
      .selectFrom("review_question")
      .select("follow_up")
      .where("organisation_id", "=", await idOf(db, slug))
      .orderBy("id")
      .execute();
    expect(marks.map((m) => m.follow_up)).toEqual([1, 0]);
    await expectAccessible(reviewer, "review page with questions");
    // Accepting waits for the questions.
    await reviewer.getByRole("button", { name: "Accepteren" }).click();
    await reviewer.getByText("Er zijn nog vragen over waarden in deze rapportage die niet zijn afgesloten.").first().waitFor();
    expect(await statusOf(await idOf(db, slug))).toBe("submitted");
    await reviewer.getByLabel("Reden om terug te sturen").fill("Bekijk de twee vragen over de aantallen.");
    await reviewer.getByRole("button", { name: "Terugsturen" }).click();
    await reviewer.getByText("U heeft deze versie teruggestuurd.").waitFor();

    // The joint signatory, without JavaScript, on a phone-sized screen: answers one question on behalf of its member.
    const unie = await newPortalContext(browser, { javaScriptEnabled: false });
    const officer = await unie.context.newPage();
    await officer.setViewportSize({ width: 320, height: 800 });
    await loginWithSession(officer, koepelEmail);
    await officer.goto(own);
    await officer.getByRole("heading", { name: "Vragen over waarden" }).waitFor();
    await expectNoSidewaysScroll(officer, "the report's page with questions");
    await expectAccessible(officer, "report page with questions (320 px, no JavaScript)");
    await screenshot(officer, "report-questions-320");
    const second = officer.locator("li", { has: officer.getByRole("heading", { name: labels.second }) });
    await second.getByLabel("Uw antwoord").fill("Ja, de raamcontracten tellen mee.");
    await second.getByRole("button", { name: /Antwoord opslaan/ }).click();
    await officer.getByText("Uw antwoord is opgeslagen.").waitFor();
    expect(await officer.locator("li", { has: officer.getByRole("heading", { name: labels.second }) }).textContent()).toContain(
      `namens ${memberName}`,
    );
    // ... and corrects the other value in a new version, where the question stands at the value.
    await officer.getByRole("button", { name: "Rapportage aanpassen" }).click();
    await officer.goto(`${own}/algemeen`);
    await officer.getByText("Vraag van het ministerie: Klopt dit aantal?").waitFor();
    await expectNoSidewaysScroll(officer, "the form with a question at a value");
    const field = officer.getByRole("textbox", { name: labels.first, exact: true });
    const corrected = String(Number((await field.inputValue()).replace(/\D/g, "") || "0") + 3);
    await field.fill(corrected);
    await officer.getByRole("button", { name: "Opslaan" }).click();
    await officer.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
    await officer.goto(`${own}/controleren`);
    await officer.getByRole("button", { name: "Rapportage indienen" }).click();
    await officer.getByText("Uw rapportage is ingediend").waitFor();

    // The reviewer sees answer and value before and after, closes both questions and accepts.
    await reviewer.goto(review);
    const q1 = reviewer.locator("li", { has: reviewer.getByRole("heading", { name: labels.first }) });
    const q2 = reviewer.locator("li", { has: reviewer.getByRole("heading", { name: labels.second }) });
    expect(await q1.textContent()).toContain("(gewijzigd)");
    expect(await q1.textContent()).toContain(corrected);
    expect(await q2.textContent()).toContain("Ja, de raamcontracten tellen mee.");
    await reviewer
      .getByRole("link", { name: /waarden? gewijzigd/ })
      .first()
      .waitFor();
    await expectAccessible(reviewer, "review page with answers");
    await q1.getByRole("button", { name: /Vraag sluiten/ }).click();
    await reviewer.getByText("De vraag is afgesloten.").waitFor();
    await reviewer
      .locator("li", { has: reviewer.getByRole("heading", { name: labels.second }) })
      .getByRole("button", { name: /Vraag sluiten/ })
      .click();
    await reviewer.getByText("De vraag is afgesloten.").waitFor();
    await reviewer.getByRole("button", { name: "Accepteren" }).click();
    await reviewer.getByText("U heeft deze versie geaccepteerd.").waitFor();
    expect(await statusOf(await idOf(db, slug))).toBe("accepted");

    // Then three other reports together, after the confirmation page.
    await reviewer.goto(`/ministerie/rapportages?jaar=${REPORT_YEAR}&status=submitted`);
    for (const s of samen) await reviewer.getByLabel(`Kies ${s.name} om samen te accepteren`).check();
    await reviewer.getByRole("button", { name: "Gekozen rapportages samen accepteren" }).click();
    await reviewer.getByRole("heading", { level: 1, name: /Rapportages samen accepteren/ }).waitFor();
    await expectAccessible(reviewer, "bulk confirmation");
    await reviewer.getByRole("button", { name: "Deze 3 rapportages accepteren" }).click();
    await reviewer.getByText("U heeft 3 rapportages geaccepteerd.").waitFor();
    for (const s of samen) expect(await statusOf(s.id)).toBe("accepted");
    ministry.assertClean();
    await ministry.context.close();
    await unie.context.close();
  });
});

async function idOf(db: DB, slug: string) {
  return (await db.selectFrom("organisation").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}
