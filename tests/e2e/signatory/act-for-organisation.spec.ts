import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { expectAccessible, launchBrowser, login, newPortalContext, screenshot } from "../helpers";
import { e2eServer } from "../server";

const STATUS_TEXT: Record<string, string> = {
  none: "Nog niet begonnen",
  draft: "Concept",
  submitted: "Ingediend",
  accepted: "Geaccepteerd",
  returned: "Teruggestuurd",
};
const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
const dutchDate = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const todayInAmsterdam = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());

/**
 * What the list of a user's organisations should say, read straight from the tables: the
 * organisations they are a member of and those signed via one they edit; per organisation its
 * newest plan version and its newest report version over the newest year that has opened, the
 * due date (an extension if any) and whether the report is late.
 */
async function statesInDatabase(db: DB, email: string) {
  const today = todayInAmsterdam();
  const year = await db
    .selectFrom("reporting_year")
    .selectAll()
    .where("opens_at", "<=", today)
    .orderBy("year", "desc")
    .executeTakeFirstOrThrow();
  const user = await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const memberships = await db.selectFrom("membership").selectAll().where("user_id", "=", user.id).execute();
  const all = await db.selectFrom("organisation").selectAll().where("active", "=", 1).execute();
  const editorOf = new Set(memberships.filter((m) => m.role === "editor").map((m) => m.organisation_id));
  const mine = all.filter(
    (o) => memberships.some((m) => m.organisation_id === o.id) || (o.signed_via_id !== null && editorOf.has(o.signed_via_id)),
  );
  const rows = [];
  for (const o of mine) {
    const plan = await db
      .selectFrom("action_plan_version as v")
      .innerJoin("action_plan as p", "p.id", "v.plan_id")
      .select("v.status")
      .where("p.organisation_id", "=", o.id)
      .orderBy("v.number", "desc")
      .executeTakeFirst();
    const versions = await db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .select(["v.status", "v.submitted_at"])
      .where("r.organisation_id", "=", o.id)
      .where("r.year", "=", year.year)
      .orderBy("v.number", "desc")
      .execute();
    const extension = await db
      .selectFrom("deadline_extension")
      .select("due_at")
      .where("organisation_id", "=", o.id)
      .where("year", "=", year.year)
      .executeTakeFirst();
    const due = extension?.due_at ?? year.due_at;
    const submittedAt =
      versions
        .map((v) => v.submitted_at)
        .filter((s): s is string => s !== null)
        .sort()[0] ?? null;
    const firstDay = submittedAt ? new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date(submittedAt)) : null;
    const needsReport = o.kind !== "koepelorganisatie" && (o.signed_at === null || o.signed_at <= `${year.year}-12-31`);
    // One that need not report still shows a report it started (an umbrella may).
    rows.push({
      name: o.name,
      plan: plan?.status ?? "none",
      report: needsReport || versions.length > 0 ? (versions[0]?.status ?? "none") : null,
      due,
      extended: extension !== undefined,
      submitted: submittedAt !== null,
      late: needsReport && (firstDay !== null ? firstDay > due : today > due),
    });
  }
  return { year: year.year, rows };
}

describe("acting for an organisation", () => {
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

  it("shows the Unie its 21 waterschappen with the state of each, and acts for one in one click", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    expect(page.url()).toMatch(/\/organisaties$/);
    await page.getByRole("heading", { level: 1, name: "Uw organisaties" }).waitFor();
    await expectAccessible(page, "your organisations");
    await screenshot(page, "your-organisations");

    // Every row against the database, read here apart from the portal's own queries.
    const expected = await statesInDatabase(db, "inkoper@uvw.example");
    expect(expected.rows).toHaveLength(22);
    const table = page.getByRole("table", { name: "22 organisaties" });
    const rows = table.getByRole("row");
    expect(await rows.count()).toBe(23);
    expect(await table.locator("thead").textContent()).toContain(`Jaarrapportage ${expected.year}`);
    for (const want of expected.rows) {
      const row = rows.filter({ has: page.getByRole("link", { name: want.name, exact: true }) });
      const cells = (await row.getByRole("cell").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
      expect(cells[0], `${want.name}: plan`).toMatch(new RegExp(`^${STATUS_TEXT[want.plan]}`));
      if (want.report === null) {
        expect(cells[1], `${want.name}: report`).toBe(`Hoeft over ${expected.year} niet te rapporteren`);
      } else {
        expect(cells[1], `${want.name}: report`).toMatch(new RegExp(`^${STATUS_TEXT[want.report]}`));
        expect(cells[1]!.includes("termijn verstreken") || cells[1]!.includes("te laat ingediend"), `${want.name}: lateness`).toBe(
          want.late,
        );
        expect(cells[2], `${want.name}: due date`).toBe(dutchDate(want.due) + (want.extended ? " (uitstel)" : ""));
      }
    }

    // The switches this test makes, from the audit log: the first organisation opened after
    // logging in is not a switch; going from it to another is, naming where it came from.
    const user = await db.selectFrom("user").select("id").where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow();
    const before =
      (
        await db
          .selectFrom("audit_event")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst()
      )?.id ?? 0;
    const switches = () =>
      db
        .selectFrom("audit_event")
        .innerJoin("organisation as o", "o.id", "audit_event.acting_organisation_id")
        .select(["o.slug", "audit_event.detail"])
        .where("audit_event.user_id", "=", user.id)
        .where("audit_event.action", "=", "acting_for.chosen")
        .where("audit_event.id", ">", Number(before))
        .orderBy("audit_event.id")
        .execute();

    // One click on a name: acting for it.
    await page.getByRole("link", { name: "Waterschap Aa en Maas", exact: true }).click();
    await page.waitForURL(/\/organisatie\/waterschap-aa-en-maas$/);
    expect(await page.getByTestId("acting-for").textContent()).toBe("Waterschap Aa en Maas");
    expect(await page.getByRole("region", { name: "U werkt namens" }).textContent()).toContain("getekend via Unie van Waterschappen");
    await expectAccessible(page, "waterschap home");
    await screenshot(page, "waterschap-home");
    expect(await switches()).toEqual([]);
    // Back to the list, and straight to another member's report.
    await page.getByRole("link", { name: "Al uw organisaties" }).click();
    await page.waitForURL(/\/organisaties$/);
    await page.getByRole("link", { name: new RegExp(`^Jaarrapportage ${expected.year} van Waterschap Limburg`) }).click();
    await page.waitForURL(new RegExp(`/organisatie/waterschap-limburg/rapportage/${expected.year}$`));
    expect(await page.getByTestId("acting-for").textContent()).toBe("Waterschap Limburg");
    // Switching from one organisation to another is in the audit log, with where it came from.
    const aaEnMaas = await db.selectFrom("organisation").select("id").where("slug", "=", "waterschap-aa-en-maas").executeTakeFirstOrThrow();
    expect(await switches()).toEqual([{ slug: "waterschap-limburg", detail: JSON.stringify({ from_organisation_id: aaEnMaas.id }) }]);

    assertClean();
    await context.close();
  });

  it("filters and sorts the list, and opens a member by keyboard alone, with JavaScript off", async () => {
    const { context, assertClean } = await newPortalContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, "inkoper@uvw.example");
    const expected = await statesInDatabase(db, "inkoper@uvw.example");
    const overdue = expected.rows.filter((r) => r.late && r.report !== null && !r.submitted).map((r) => r.name);
    await page.getByRole("combobox", { name: `Jaarrapportage ${expected.year}` }).selectOption({ label: "Te laat (ingediend of niet)" });
    await page.getByRole("combobox", { name: "Sorteren op" }).selectOption({ label: "Naam" });
    await page.getByRole("button", { name: "Toepassen" }).click();
    await page.waitForURL(/rapportage=telaat/);
    const late = expected.rows.filter((r) => r.late).map((r) => r.name);
    expect(late.length).toBeGreaterThan(0);
    const table = page.getByRole("table", { name: `${late.length} van 22 organisaties` });
    expect(await table.getByRole("rowheader").allTextContents()).toEqual([...late].sort((a, b) => a.localeCompare(b, "nl")));
    // The counts above the table.
    const stand = page.getByRole("region", { name: `Jaarrapportage ${expected.year}` });
    const done = expected.rows.filter((r) => r.report === "submitted" || r.report === "accepted").length;
    const needed = expected.rows.filter((r) => r.report !== null).length;
    expect((await stand.textContent())?.replace(/\s+/g, " ")).toContain(
      `${done} van ${needed} organisaties hebben hun rapportage ingediend`,
    );
    expect((await stand.getByRole("listitem").first().textContent())?.replace(/\s+/g, " ")).toMatch(
      new RegExp(`^${overdue.length} organisaties? met een verstreken termijn en nog geen rapportage$`),
    );
    await expectAccessible(page, "your organisations, filtered");

    // Work first: a passed date without a report, then returned, not started, draft; accepted last.
    await page.goto("/organisaties?sorteer=werk");
    const names = await page.getByRole("rowheader").allTextContents();
    const rank = (name: string) => {
      const r = expected.rows.find((x) => x.name === name)!;
      if (r.report === null) return 9;
      if (r.late && !r.submitted) return -1;
      return ["returned", "none", "draft", "submitted", "accepted"].indexOf(r.report);
    };
    const ranks = names.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    // By keyboard: the first member's name is a link reached with Tab.
    await page.goto("/organisaties");
    const first = page.getByRole("rowheader").first().getByRole("link");
    const href = await first.getAttribute("href");
    for (let i = 0; i < 60 && !(await first.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === href);
    assertClean();
    await context.close();
  });

  it("answers 404 when the Helmond officer opens another organisation, and 403 on ministry pages", async () => {
    const { context, assertClean } = await newPortalContext(browser);
    const page = await context.newPage();
    await login(page, "inkoper@helmond.example");
    expect(page.url()).toMatch(/\/organisatie\/gemeente-helmond$/);
    expect(await page.getByTestId("acting-for").textContent()).toBe("Gemeente Helmond");
    // Its home shows its own reports: an accepted year is accepted, not "late" (the year's date
    // passed long ago).
    const row2024 = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Rapportage 2024" }) });
    expect(await row2024.textContent()).toContain("Geaccepteerd");
    expect((await row2024.textContent())?.toLowerCase()).not.toContain("verstreken");
    // Helmond acts for one organisation only: no switch offered.
    expect(await page.getByRole("link", { name: "Al uw organisaties" }).count()).toBe(0);

    for (const slug of ["waterschap-aa-en-maas", "unie-van-waterschappen", "gemeente-castricum", "bestaat-niet"]) {
      const response = await page.goto(`/organisatie/${slug}`);
      expect(response?.status(), slug).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina niet gevonden");
    }
    await expectAccessible(page, "404");
    await screenshot(page, "not-found");

    const ministry = await page.goto("/ministerie");
    expect(ministry?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Geen toegang");
    // It says who is logged in, keeps the header of a logged-in user, and offers their own home.
    expect((await page.locator("main").textContent())?.replace(/\s+/g, " ")).toContain(
      "U bent ingelogd als Fatima El Amrani (inkoper@helmond.example).",
    );
    expect(await page.getByRole("button", { name: "Uitloggen" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Inloggen" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Naar uw eigen startpagina" }).getAttribute("href")).toBe("/organisaties");
    await expectAccessible(page, "403");
    assertClean();
    await context.close();
  });
});
