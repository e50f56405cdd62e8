import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { pageCss, PAGE_CSS_BUDGET_BYTES } from "../../../scripts/lib/page-css";
import { designSystemClasses, isUsedClass, portalUsage } from "../../../scripts/lib/used-css";
import { axeViolations, baseURL, launchBrowser, newPortalContext, screenshot } from "../helpers";
import { loginAs } from "../login-as";
import { listRoutes, sample } from "../route-list";
import { e2eServer } from "../server";

/**
 * Every page of the portal once, as the role that uses it, on demo data, with JavaScript off (what
 * every browser gets first) at 320 CSS pixels wide, the narrowest width WCAG 1.4.10 (Reflow) asks
 * for: the page does not scroll sideways (a wide table scrolls inside its own region), axe finds
 * no WCAG 2.1 A/AA violation, and the HTML the server sent passes the W3C Nu HTML Checker. The
 * stylesheets a page links stay within the CSS budget, and the build kept the design system's
 * rules for every class on the page (docs/decisions/033-only-the-css-the-portal-uses.md).
 */

const CLIENT_DIR = path.resolve(import.meta.dirname, "../../../build/client");

type Role = "anonymous" | "signatory" | "unie" | "ministry" | "admin";
const EMAIL: Record<Exclude<Role, "anonymous">, string> = {
  signatory: "inkoper@helmond.example",
  unie: "inkoper@uvw.example",
  ministry: "analist@ienw.example",
  admin: "beheer@ienw.example",
};

/** Routes that answer with something else than a page of their own (a file, a redirect, JSON). */
const NOT_PAGES = new Set([
  "routes/auth/logout.tsx",
  "routes/account/session.ts",
  "routes/resources/healthz.ts",
  "routes/resources/security-txt.ts",
  "routes/signatory/plan/file.ts",
  "routes/signatory/report/grid-template.ts",
  "routes/ministry/plan-file.ts",
  "routes/ministry/export-values-csv.ts",
  "routes/ministry/export-values-xlsx.ts",
  "routes/ministry/export-tables.ts",
  "routes/admin/audit-csv.ts",
]);

/** Who uses a page: the role it is visited as. */
function roleOf(file: string): Role {
  if (file.startsWith("routes/admin/")) return "admin";
  if (file.startsWith("routes/ministry/")) return "ministry";
  // The Unie acts for the waterschappen: its pages show the most (the grid, the chooser).
  if (file.startsWith("routes/signatory/")) return "unie";
  if (file.startsWith("routes/account/") || file === "routes/auth/no-access.tsx") return "signatory";
  return "anonymous";
}

type Visit = { role: Role; file: string; url: string };

/** A URL parameter's value for each page. */
type Values = Record<string, string>;

/**
 * The demo values that show most of each page: the Unie acting for a waterschap with a draft
 * report (the form) and one with a draft plan revision (actions, a comparison), a submitted report
 * and plan for the ministry's review pages, an accepted report with progress for the histories.
 */
async function demoValues(db: DB) {
  const draftReport = await db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .innerJoin("organisation as o", "o.id", "r.organisation_id")
    .select(["o.slug", "r.year"])
    .where("v.status", "=", "draft")
    .where("o.signed_via_id", "is not", null)
    .orderBy("r.year", "desc")
    .executeTakeFirstOrThrow();
  const draftPlan = await db
    .selectFrom("action_plan as p")
    .innerJoin("action_plan_version as v", "v.plan_id", "p.id")
    .innerJoin("action_plan_action as a", "a.version_id", "v.id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["o.id", "o.slug", "a.id as actionId", "a.lineage_id as lineage"])
    .where("v.status", "=", "draft")
    .where("o.signed_via_id", "is not", null)
    .orderBy("v.number", "desc")
    .executeTakeFirstOrThrow();
  // An earlier, accepted report of that organisation: its versions and histories.
  const accepted = await db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .select(["r.year", "v.number"])
    .where("r.organisation_id", "=", draftPlan.id)
    .where("v.status", "=", "accepted")
    .orderBy("r.year", "desc")
    .executeTakeFirstOrThrow();
  const submittedReport = await db
    .selectFrom("report as r")
    .innerJoin("report_version as v", "v.report_id", "r.id")
    .innerJoin("organisation as o", "o.id", "r.organisation_id")
    .select(["o.slug", "r.year"])
    .where("v.status", "=", "submitted")
    .executeTakeFirstOrThrow();
  const submittedPlan = await db
    .selectFrom("action_plan as p")
    .innerJoin("action_plan_version as v", "v.plan_id", "p.id")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["o.slug"])
    .where("v.status", "=", "submitted")
    .executeTakeFirstOrThrow();
  const user = await db.selectFrom("user").select("id").where("email", "=", EMAIL.signatory).executeTakeFirstOrThrow();
  const indicator = await db
    .selectFrom("indicator")
    .select(["id", "code"])
    .where("year", "=", accepted.year)
    .where("unit", "!=", "text")
    .orderBy("position")
    .executeTakeFirstOrThrow();
  const history: Values = {
    slug: draftPlan.slug,
    year: String(accepted.year),
    number: String(accepted.number),
    code: indicator.code,
    lineage: String(draftPlan.lineage),
  };
  const valuesOf: Record<string, Values> = {
    "routes/signatory/plan/": { slug: draftPlan.slug, actionId: String(draftPlan.actionId), number: "1" },
    "routes/signatory/report/version.tsx": history,
    "routes/signatory/report/history.tsx": history,
    "routes/signatory/report/progress-history.tsx": history,
    "routes/signatory/report/grid.tsx": { slug: "unie-van-waterschappen", year: String(draftReport.year) },
    "routes/signatory/": { slug: draftReport.slug, year: String(draftReport.year) },
    "routes/ministry/report-history.tsx": history,
    "routes/ministry/report-progress-history.tsx": history,
    "routes/ministry/plan-compare.tsx": { slug: draftPlan.slug },
    "routes/ministry/organisation.tsx": { slug: draftPlan.slug },
    "routes/ministry/plan": { slug: submittedPlan.slug, number: "1" },
    "routes/ministry/": { slug: submittedReport.slug, year: String(submittedReport.year) },
    // Accepting together: the submitted report chosen, so the confirmation shows its table.
    "routes/ministry/accept.tsx": { query: `?jaar=${submittedReport.year}&keuze=${submittedReport.slug}:1` },
    "routes/admin/user.tsx": { id: String(user.id) },
    "routes/admin/indicator.tsx": { id: String(indicator.id) },
    "routes/admin/": { id: String(draftPlan.id), year: String(accepted.year) },
    "routes/account/": {},
  };
  // The most specific entry (the longest prefix of the route's file) wins.
  return (file: string): Values =>
    Object.entries(valuesOf)
      .filter(([prefix]) => file.startsWith(prefix))
      .sort((a, b) => b[0].length - a[0].length)[0]?.[1] ?? {};
}

/** Pages that send an anonymous visitor on to the login page: checked as that page. */
const REDIRECTS = new Set(["routes/auth/login-code.tsx", "routes/auth/login-setup.tsx"]);

/** Pages that need a query to show anything: the versions to compare, the cell behind a figure. */
const QUERY: Record<string, string> = {
  "routes/signatory/plan/compare.tsx": "?van=1&naar=2",
  // The ministry sees submitted versions only; the demo plans have one each.
  "routes/ministry/plan-compare.tsx": "?van=1&naar=1",
  "routes/ministry/overview-organisations.tsx": "?onderdeel=circulair",
  "routes/admin/indicator-new.tsx": "?jaar=2025",
};

function visits(valuesOf: (file: string) => Values): Visit[] {
  const seen = new Set<string>();
  const list: Visit[] = [];
  for (const r of listRoutes()) {
    const file = r.chain.at(-1)!;
    // A layout with a path of its own shares it with its index page, which is the page.
    if (NOT_PAGES.has(file) || file.endsWith("layout.tsx") || seen.has(r.path)) continue;
    seen.add(r.path);
    const values = valuesOf(file);
    const query = values.query ?? QUERY[file] ?? "";
    list.push({ role: roleOf(file), file, url: sample(r.path, values.slug ?? "gemeente-helmond", values) + query });
  }
  return list;
}

/** Elements that stick out to the right of the viewport, outside any region that scrolls itself. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollsItself = (el: Element | null): boolean => {
      for (let e = el?.parentElement; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX === "auto" || style.overflowX === "scroll" || style.overflowX === "hidden") return true;
      }
      return false;
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}`;
    const found: string[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5 || scrollsItself(el)) continue;
      // Only the outermost culprit: not when its parent sticks out as well.
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && parent.right > width + 0.5 && !scrollsItself(el.parentElement)) continue;
      found.push(`${name(el)} (${Math.round(box.right)} px)`);
    }
    return found.slice(0, 5);
  });
}

describe("every page at 320 px", () => {
  let browser: Browser;
  let db: DB;
  let list: Visit[];
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-pages-"));
  /** The classes on each page (its URL), as the browser has them. */
  const classesOf = new Map<string, string[]>();

  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(e2eServer().databaseFile);
    list = visits(await demoValues(db));
  });
  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    fs.rmSync(htmlDir, { recursive: true, force: true });
  });

  it("visits every page route of app/routes.ts", () => {
    const pages = new Set(
      listRoutes()
        .map((r) => r.chain.at(-1)!)
        .filter((f) => !NOT_PAGES.has(f) && !f.endsWith("layout.tsx")),
    );
    expect(new Set(list.map((v) => v.file))).toEqual(pages);
  });

  it("does not scroll sideways, is axe clean, and sends HTML without errors", async () => {
    const problems: string[] = [];
    const roles = [...new Set(list.map((v) => v.role))];
    for (const role of roles) {
      const pages = list.filter((v) => v.role === role);
      const { context } = await newPortalContext(browser, { javaScriptEnabled: false });
      context.setDefaultTimeout(20_000);
      if (role !== "anonymous") {
        const [name, value] = (await loginAs(db, { email: EMAIL[role] })).split(/=(.*)/s) as [string, string];
        await context.addCookies([
          { name, value, url: baseURL().replace(/^http:/, "https:"), httpOnly: true, secure: true, sameSite: "Lax" },
        ]);
      }
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      for (const visit of pages) {
        const response = await page.goto(visit.url);
        const where = `${visit.url} (${role}, ${visit.file})`;
        // The page itself, not where a redirect led (a login page instead of the ministry's).
        if (new URL(page.url()).pathname !== new URL(visit.url, baseURL()).pathname && !REDIRECTS.has(visit.file)) {
          problems.push(`${where}: went on to ${page.url()}`);
          continue;
        }
        const status = response?.status() ?? 0;
        const expected = visit.file === "routes/public/not-found.tsx" ? 404 : 200;
        if (status !== expected) {
          problems.push(`${where}: status ${status}`);
          continue;
        }
        const index = String(list.indexOf(visit)).padStart(3, "0");
        fs.writeFileSync(path.join(htmlDir, `${index}.html`), await response!.text());
        classesOf.set(
          visit.url,
          await page.evaluate(() => [...new Set([...document.querySelectorAll("[class]")].flatMap((e) => [...e.classList]))]),
        );
        // E2E_SCREENSHOTS=1: every page at 320 px, to look at.
        await screenshot(page, `320-${index}-${visit.url.replace(/[^a-z0-9]+/gi, "-").slice(1, 60)}`);
        const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        if (scrollWidth > innerWidth)
          problems.push(`${where}: ${scrollWidth} px wide at ${innerWidth} px: ${(await overflowing(page)).join(", ")}`);
        // Nothing is drawn as wrong before anyone acted: the design system styles a radio button,
        // checkbox or text area that is :invalid (`required` and still empty) as an error.
        const invalid = await page.locator("input[type=radio]:invalid, input[type=checkbox]:invalid, textarea:invalid").count();
        if (invalid) problems.push(`${where}: ${invalid} fields drawn as wrong before anything was sent`);
        // No machine words in what the page says: names_with_underscores are codes, not Dutch.
        // (A question's code, which an administrator needs for Excel, is shown as <code>.)
        const said = await page.evaluate(() => {
          const main = document.querySelector("main")?.cloneNode(true) as HTMLElement | undefined;
          main?.querySelectorAll("code").forEach((code) => code.remove());
          return main?.textContent ?? "";
        });
        const machineWords = said.match(/\b[a-z0-9]+_[a-z0-9_]+\b/g);
        if (machineWords) problems.push(`${where}: machine words ${[...new Set(machineWords)].slice(0, 5).join(", ")}`);
        for (const violation of await axeViolations(page)) problems.push(`${where}: ${violation}`);
        // E2E_SCREENSHOTS=1: the same page at a laptop's width as well (to compare a change in
        // the styles at both ends), then back to 320 px for the next page.
        if (process.env.E2E_SCREENSHOTS) {
          await page.setViewportSize({ width: 1280, height: 800 });
          await screenshot(page, `1280-${index}-${visit.url.replace(/[^a-z0-9]+/gi, "-").slice(1, 60)}`);
          await page.setViewportSize({ width: 320, height: 640 });
        }
      }
      await context.close();
    }
    expect(problems).toEqual([]);
    // About 30 s alone; a busy machine (two other suites beside it) took 100 s.
  }, 300_000);

  it(`links at most ${PAGE_CSS_BUDGET_BYTES / 1024} KB of CSS (gzip) on every page`, () => {
    const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith(".html"));
    expect(files.length).toBe(list.length);
    const over: string[] = [];
    for (const file of files) {
      const css = pageCss(fs.readFileSync(path.join(htmlDir, file), "utf8"), CLIENT_DIR);
      const listing = css.files.map((f) => `${(f.gzipBytes / 1024).toFixed(1)} KB ${f.file}`).join(", ");
      // No stylesheet at all would be a broken page (or a changed link), not a light one.
      if (css.files.length === 0 || css.gzipBytes > PAGE_CSS_BUDGET_BYTES)
        over.push(
          `${list[Number(path.basename(file, ".html"))]?.url}: ${(css.gzipBytes / 1024).toFixed(1)} KB gzip (${listing || "no stylesheet"})`,
        );
    }
    expect(over).toEqual([]);
  });

  it("kept the design system's rules for every class on every page", () => {
    expect(classesOf.size).toBe(list.length);
    const styled = designSystemClasses();
    const { used } = portalUsage();
    const lost = [...classesOf].flatMap(([url, classes]) =>
      classes
        .filter((c) => styled.has(c) && !isUsedClass(c, used))
        .map((c) => `${url}: ${c} (name it in full in the source, or add it to SAFELIST in scripts/lib/used-css.ts)`),
    );
    expect(lost).toEqual([]);
  });

  // Java 17 is on these machines (Debian's default-jre-headless; .ci/run installs it elsewhere).
  it("sends HTML that passes the W3C Nu HTML Checker (one run over every page)", async () => {
    const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith(".html"));
    expect(files.length).toBe(list.length);
    const jar = path.resolve(import.meta.dirname, "../../../node_modules/vnu-jar/build/dist/vnu.jar");
    const output = await new Promise<string>((resolve) =>
      execFile(
        "java",
        ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always", ...files.map((f) => path.join(htmlDir, f))],
        { maxBuffer: 64 * 1024 * 1024 },
        (_error, stdout, stderr) => resolve(stderr || stdout),
      ),
    );
    // No output at all: the checker did not run (no Java?); say so instead of a JSON error.
    expect(output.trim(), "the Nu HTML Checker gave no answer: is Java 17 or later installed?").not.toBe("");
    const { messages } = JSON.parse(output) as { messages: { type: string; url: string; message: string; extract?: string }[] };
    // Errors, and the checker's own failures ("non-document-error"); never only information.
    const errors = messages
      .filter((m) => m.type !== "info")
      .map(
        (m) => `${list[Number(path.basename(m.url, ".html"))]?.url}: ${m.message} ${m.extract ? `(${m.extract.trim().slice(0, 80)})` : ""}`,
      );
    expect(errors).toEqual([]);
  });
});
