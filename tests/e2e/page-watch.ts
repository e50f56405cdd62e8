import fs from "node:fs";
import type { BrowserContext, Page, Request } from "playwright-core";
import { e2eServer } from "./server";

/**
 * What the browser tests see in every page of every context (launchBrowser in helpers.ts hands
 * each new context to `watchContext`), checked by tests/e2e/setup.ts after every test and every
 * file, so no test can forget it:
 * - Content-Security-Policy violations and page errors, which fail the test they happened in;
 * - the secrets the browser posted (passwords, TOTP and recovery codes, as typed into a form),
 *   which must never appear in the server's output.
 */
const pending: string[] = [];
const problemsByContext = new WeakMap<BrowserContext, string[]>();
const sentSecrets = new Set<string>();

/** Form fields whose values are secrets. */
const SECRET_FIELD = /code|password|wachtwoord/i;
/** Shorter values (a mistyped 5-digit code) could match an unrelated number in the log. */
const MIN_SECRET_LENGTH = 6;

export function watchContext(context: BrowserContext): string[] {
  const existing = problemsByContext.get(context);
  if (existing) return existing;
  const problems: string[] = [];
  problemsByContext.set(context, problems);
  const report = (problem: string) => {
    problems.push(problem);
    pending.push(problem);
  };
  const watch = (page: Page) => {
    page.on("console", (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(text)) report(`CSP: ${text} (${page.url()})`);
    });
    page.on("pageerror", (error) => report(`page error: ${error.message} (${page.url()})`));
    page.on("request", recordSecrets);
  };
  context.on("page", watch);
  for (const page of context.pages()) watch(page);
  return problems;
}

/** The problems of one context (for `assertClean`). */
export const problemsOf = (context: BrowserContext): string[] => problemsByContext.get(context) ?? watchContext(context);

/** Every CSP violation and page error since the last call, in any context; forgets them. */
export const takePageProblems = (): string[] => pending.splice(0);

/**
 * The secret field values the browser posted since the last call (in this test file: a worker
 * runs its files one after another in one process, vitest.config.ts); forgets them.
 */
export const takePostedSecrets = (): string[] => {
  const secrets = [...sentSecrets];
  sentSecrets.clear();
  return secrets;
};

function recordSecrets(request: Request) {
  if (request.method() !== "POST") return;
  const type = request.headers()["content-type"] ?? "";
  let body: string | null;
  try {
    body = request.postData();
  } catch {
    return; // not text (an upload's bytes)
  }
  if (!body) return;
  const fields: [string, string][] = [];
  if (type.startsWith("application/x-www-form-urlencoded")) fields.push(...new URLSearchParams(body));
  else if (type.startsWith("multipart/form-data")) {
    for (const match of body.matchAll(/name="([^"]*)"\r\n\r\n([^\r]*)\r\n/g)) fields.push([match[1]!, match[2]!]);
  }
  for (const [name, value] of fields) {
    if (!SECRET_FIELD.test(name)) continue;
    const secret = value.trim();
    if (secret.length >= MIN_SECRET_LENGTH) sentSecrets.add(secret);
    // A recovery code is accepted with or without its dashes.
    if (secret.includes("-") && secret.replace(/-/g, "").length >= MIN_SECRET_LENGTH) sentSecrets.add(secret.replace(/-/g, ""));
  }
}

/**
 * The secrets that occur in `text`. An all-digit code counts only as a number of its own (not
 * part of a longer number or of a duration such as "123456.7ms").
 */
export function secretsIn(text: string, secrets: Iterable<string>): string[] {
  return [...secrets].filter((secret) =>
    /^\d+$/.test(secret) ? new RegExp(`(?<![0-9.])${secret}(?![0-9.])`).test(text) : text.includes(secret),
  );
}

/** The output of this file's server, once it has caught up with this file's requests (a marker request). */
export async function serverOutputSoFar(): Promise<string> {
  const marker = `/log-marker-${process.pid}-${Date.now()}`;
  await (await fetch(e2eServer().baseURL + marker)).arrayBuffer();
  const file = e2eServer().serverLogFile;
  const deadline = Date.now() + 10_000;
  while (!fs.readFileSync(file, "utf8").includes(marker)) {
    if (Date.now() > deadline) throw new Error(`The server's output never showed ${marker}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // stderr (error traces) is a separate pipe: give it a moment to catch up with stdout.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return fs.readFileSync(file, "utf8");
}
