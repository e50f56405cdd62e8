import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import axe from "axe-core";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_TOTP_SECRETS } from "../../db/seed";
import { timeStep, totpCodeAt } from "~/auth/totp.server";
import { createDb } from "~/database/connection.server";
import { loginAs } from "./login-as";
import { problemsOf, watchContext } from "./page-watch";
import { e2eServer } from "./server";

export const DEMO_PASSWORD = "demo-mvoi-2025";
export const baseURL = () => e2eServer().baseURL;

/**
 * Debian's Chromium for the browser tests: its headless shell (`apt-get install
 * chromium-headless-shell`, the same Blink engine without the desktop browser around it, which is
 * what Playwright itself runs headless), else the full browser in headless mode; CHROMIUM_PATH
 * chooses another. The shell and the flags below cost less than half the browser CPU per page
 * (docs/decisions/027-the-headless-shell-for-browser-tests.md), on a suite that is CPU-bound.
 */
export function chromiumPath(): string {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found)
    throw new Error(`Chromium not found at ${candidates.join(" or ")}: apt-get install -y chromium-headless-shell, or set CHROMIUM_PATH.`);
  return found;
}

/**
 * Chromium, headless, no background network traffic; Playwright gives it a fresh temporary
 * profile. One site is tested, so there is no site isolation to keep (Playwright itself turns the
 * back-forward cache off, and sets its own --disable-features list, which a second such flag here
 * would replace: Chromium reads only the last one). (Compositing on the main thread would save more, but the
 * headless shell then paints no frames, so Playwright's "stable" check never ends.) Every context
 * it opens (also through `browser.newPage()`) is watched (./page-watch.ts): a CSP violation or
 * page error fails the test, without the test asking.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-site-isolation-trials",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    watchContext(context);
    return context;
  };
  return browser;
}

/**
 * A browser context on the portal. Content-Security-Policy violations and page errors in it fail
 * the test in any case (tests/e2e/setup.ts checks every context after each test); `assertClean`
 * checks this context at a point of the test's choosing.
 */
export async function newPortalContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ baseURL: baseURL(), locale: "nl-NL", ...options });
  // Fail fast and say where: a page that works answers well within 10 seconds.
  context.setDefaultTimeout(10_000);
  const problems = problemsOf(context);
  if (options.javaScriptEnabled === false) noScriptContexts.set(context, browser);
  return {
    context,
    problems,
    assertClean: () => expect(problems, "CSP violations or page errors").toEqual([]),
  };
}

/** Contexts with JavaScript off, where axe cannot run in the page itself. */
const noScriptContexts = new WeakMap<BrowserContext, Browser>();
/** Per browser, one scripted page with axe loaded, into which JavaScript-off pages are written. */
const mirrorPages = new WeakMap<Browser, Promise<Page>>();
/** The mirror's own address on the portal's origin (so the pages' styles load); never sent. */
const MIRROR_PATH = "/__axe-spiegel";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe with the WCAG 2.1 A and AA rules and fails on any violation, listing them. With
 * JavaScript off, axe (a script) cannot run in the page: the exact HTML the user got is then
 * written, without scripts, into a scripted page on the portal's origin (so styles load) and
 * checked there. That page is opened once per browser and keeps axe loaded: a new page costs
 * about a second, and loading axe (half a megabyte of script) about 0.3 s each time.
 */
export async function expectAccessible(page: Page, label = page.url()) {
  expect(await axeViolations(page), `axe violations on ${label}`).toEqual([]);
}

async function openMirror(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: "nl-NL" });
  const mirror = await context.newPage();
  await mirror.route(`**${MIRROR_PATH}`, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: '<!doctype html><html lang="nl"><title>axe</title></html>' }),
  );
  await mirror.goto(MIRROR_PATH);
  await mirror.evaluate(axe.source);
  return mirror;
}

type AxeResult = { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] };

/** Writes the page's HTML (scripts taken out) into the mirror, waits for its styles, runs axe. */
async function axeInMirror(page: Page, browser: Browser): Promise<AxeResult> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  let mirror = mirrorPages.get(browser);
  if (!mirror) {
    mirror = openMirror(browser);
    mirrorPages.set(browser, mirror);
  }
  const target = await mirror;
  // At the page's own width: what axe sees (contrast, hidden content) follows the layout.
  const viewport = page.viewportSize();
  if (viewport && JSON.stringify(viewport) !== JSON.stringify(target.viewportSize())) await target.setViewportSize(viewport);
  // document.open() replaces the document but keeps the window, and axe with it. (One file
  // checks one page at a time: the mirror is not shared between concurrent checks.)
  await target.evaluate(async (source) => {
    document.open();
    document.write(source);
    document.close();
    const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
    await Promise.all(
      sheets.map((link) =>
        link.sheet
          ? Promise.resolve()
          : new Promise((resolve) => {
              link.addEventListener("load", resolve);
              link.addEventListener("error", resolve);
            }),
      ),
    );
  }, html);
  return target.evaluate<AxeResult, string[]>(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    WCAG_21_AA,
  );
}

/** The WCAG 2.1 A and AA violations axe finds on the page, one line each (see expectAccessible). */
export async function axeViolations(page: Page): Promise<string[]> {
  const browser = noScriptContexts.get(page.context());
  const describe = (result: AxeResult) =>
    result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  if (browser) return describe(await axeInMirror(page, browser));
  // Legacy mode runs axe in the page itself; the default opens a new blank page for every check
  // to combine the results of frames (about a second each time), and the portal has no frames.
  // Only violations are collected: the passes are not read.
  const result = await new AxeBuilder({ page })
    .withTags(WCAG_21_AA)
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  return describe(result);
}

/**
 * Logs in through the real form, the way a user does. When the portal asks for a code (the demo
 * ministry and admin logins, or `totpSecret` given), it is computed from the secret, as the
 * user's authenticator app would.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD, totpSecret = DEMO_TOTP_SECRETS[email]) {
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  // Wait for the answer to this login, then (when it let the user in) for the page it leads to:
  // on a busy machine the old page can still be "idle" when the click returns.
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && /^\/inloggen(\.data)?$/.test(new URL(r.url()).pathname));
  await page.getByRole("button", { name: "Inloggen" }).click();
  if ((await answered).status() < 400) {
    await page.waitForURL((url) => url.pathname !== "/inloggen");
    // With JavaScript the URL changes before React has rendered the new page.
    await page
      .getByRole("heading", { level: 1 })
      .filter({ hasNotText: /^Inloggen$/ })
      .waitFor();
  }
  await page.waitForLoadState("networkidle");
  if (new URL(page.url()).pathname === "/inloggen/code") {
    if (!totpSecret) throw new Error(`${email} needs a code, but the test knows no TOTP secret for it`);
    await enterTotpCode(page, email, totpSecret);
  }
}

/**
 * Logs the page's browser in with a session made directly in the database (tests/e2e/login-as.ts),
 * for tests about what a ministry or admin user does next, not about logging in. Those users need
 * a TOTP code, each code works once, and files log in as the same demo user: through the form,
 * every further login waits for the next 30-second step. The login form and its code step are
 * proven in tests/e2e/auth (login-logout and mfa).
 */
export async function loginWithSession(page: Page, email: string) {
  const db = createDb(e2eServer().databaseFile);
  try {
    const [name, value] = (await loginAs(db, { email })).split(/=(.*)/s) as [string, string];
    // A __Host- cookie can only be set for a secure URL; Chromium counts 127.0.0.1 as secure and
    // sends it to the server over plain HTTP, as it does with the cookie the server itself sets.
    await page
      .context()
      .addCookies([{ name, value, url: baseURL().replace(/^http:/, "https:"), httpOnly: true, secure: true, sameSite: "Lax" }]);
  } finally {
    await db.destroy();
  }
  // The login page sends a logged-in user on to their home, as the form would.
  await page.goto("/inloggen");
  await page.waitForURL((url) => url.pathname !== "/inloggen");
}

/**
 * A code the server has not seen yet for this user. Each code works once (the server keeps the
 * last used 30-second step), and tests log in as the same demo user one after another: so take
 * the first step after the last used one, and when that is more than one step ahead of the
 * clock, wait until the server's window (one step either side) reaches it.
 */
export async function freshTotpCode(email: string, secret: string): Promise<string> {
  const db = createDb(e2eServer().databaseFile);
  try {
    const row = await db
      .selectFrom("user_mfa")
      .innerJoin("user", "user.id", "user_mfa.user_id")
      .select("user_mfa.last_used_step")
      .where("user.email", "=", email)
      .executeTakeFirst();
    const step = Math.max(timeStep(), (row?.last_used_step ?? 0) + 1);
    const waitMs = (step - 1) * 30_000 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 200));
    return totpCodeAt(secret, step);
  } finally {
    await db.destroy();
  }
}

/** Fills in the code step; tries again when another test used the same step a moment earlier. */
export async function enterTotpCode(page: Page, email: string, secret: string, options: { keyboard?: boolean } = {}) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const code = await freshTotpCode(email, secret);
    const field = page.getByLabel("Code uit de app");
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/inloggen/code"));
    if (options.keyboard) {
      await field.focus();
      await page.keyboard.type(code);
      await page.keyboard.press("Enter");
    } else {
      await field.fill(code);
      await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    }
    // Accepted: a redirect (302 without JavaScript, 202 for a data request with it). Then wait
    // for the page it leads to.
    if ([202, 302, 303].includes((await answer).status())) {
      await page.waitForURL((url) => url.pathname !== "/inloggen/code");
      // With JavaScript the URL changes before React has rendered the new page.
      await page.waitForFunction(() => document.querySelector("h1")?.textContent !== "Code invullen");
      await page.waitForLoadState("networkidle");
      return;
    }
    await page.waitForLoadState("networkidle");
  }
  throw new Error(`The code step for ${email} kept refusing fresh codes`);
}

export async function sessionCookie(context: BrowserContext) {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name.includes("mvoi_sessie"));
}

export async function screenshot(page: Page, name: string) {
  if (!process.env.E2E_SCREENSHOTS) return;
  const dir = path.resolve(import.meta.dirname, "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
