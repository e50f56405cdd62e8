import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { createSeededDatabase } from "../../../scripts/lib/server";
import { loginAs } from "../../e2e/login-as";
import { encodeLoose, unknownFields, type FieldValue } from "../../helpers/hostile";
import { serveInProcess } from "../../helpers/in-process";
import { createWorld } from "../../helpers/world";
import { FORMS, type FormTarget } from "./hostile-forms";

// Every form of the portal gets PER_FORM generated hostile submissions (tests/helpers/hostile.ts),
// sent to the built portal's request handler in this process (tests/helpers/in-process.ts): no
// server error, a Dutch message at the field or in the summary, and nothing stored when refused
// (the form's stored rows are hashed after every submission). The forms are split over SHARDS
// test files (hostile-input.shard-N.test.ts), run beside the browser files (vitest.config.ts). The HTTP layer in front of the
// handler (CSRF by Origin, 413, 415, keep-alive) has specs of its own in tests/e2e/security.

const PER_FORM = Number(process.env.HOSTILE_RUNS ?? 1_000);
export const SHARDS = 2;
/** HOSTILE_FORMS=admin runs only the forms whose name contains that text (while working on one). */
const SELECTED = process.env.HOSTILE_FORMS ? FORMS.filter((f) => f.name.includes(process.env.HOSTILE_FORMS!)) : FORMS;
const LOGOUT = "logout (no fields)";

/** A route pattern of app/routes.ts as a regular expression over a URL's path. */
const routePattern = (route: string) =>
  new RegExp(
    `^${route
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/:[A-Za-z]+/g, "[^/]+")
      .replace(/\/\*$/, "/.*")}$`,
  );

/** The element the form components render next to a field, or the error summary / error alert. */
const ERROR_ELEMENT =
  /<(div|p)[^>]*class="[^"]*(utrecht-form-field__error-message|mvoi-error-summary|utrecht-alert--error)[^"]*"[^>]*>([\s\S]*?)<\/\1>/;
/** Zod's and JavaScript's own English, which must never reach a user. */
const ENGLISH = /\b(Invalid|Expected|expected|Required|received|must be|Too (big|small)|undefined|NaN|Error:|TypeError)\b/;

function encode(
  fields: Record<string, FieldValue>,
  values: Record<string, string>,
  multipart: boolean,
): { body: string | FormData; type?: string } {
  const fill = (v: string) => Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), v);
  const entries: [string, string | { file: Uint8Array; name: string; type: string }][] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
      entries.push([name, typeof v === "string" ? fill(v) : v]);
    }
  }
  if (multipart) {
    const form = new FormData();
    for (const [name, v] of entries) {
      if (typeof v === "string") form.append(name, v);
      else form.append(name, new Blob([new Uint8Array(v.file)], { type: v.type }), v.name);
    }
    return { body: form };
  }
  const body = entries.map(([name, v]) => `${encodeLoose(name)}=${encodeLoose(typeof v === "string" ? v : "")}`).join("&");
  return { body, type: "application/x-www-form-urlencoded" };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();

type Portal = Awaited<ReturnType<typeof serveInProcess>>;

async function fuzzForm(portal: Portal, name: string, target: FormTarget) {
  const problems: string[] = [];
  const outcomes = { submissions: 0, redirects: 0, quiet: 0, refused: 0 };
  const fieldsArb = fc
    .tuple(fc.record(target.fields, { requiredKeys: [] }), unknownFields)
    .map(([known, extra]) => ({ ...extra, ...known }));
  let stored = await target.stored();
  await fc.assert(
    fc.asyncProperty(fieldsArb, async (fields) => {
      const lock = target.lock ? await target.lock() : 1;
      const values = { lock: String(lock), ...(target.values ? await target.values() : {}) };
      const { body, type } = encode(fields, values, target.multipart ?? false);
      const response = await portal.fetch(target.url, {
        method: "POST",
        headers: { Cookie: target.cookie, Origin: portal.origin, ...(type ? { "Content-Type": type } : {}) },
        body,
      });
      const html = await response.text();
      outcomes.submissions++;
      const sample = JSON.stringify(fields).slice(0, 300);
      if (response.status >= 500) return void problems.push(`${name}: ${response.status} for ${sample}`);
      if (response.status >= 300 && response.status < 400) {
        // Accepted: whatever it stored is the new baseline.
        outcomes.redirects++;
        stored = await target.stored();
        return;
      }
      // The server reads the first value of a duplicated field.
      const intent = [fields.intent].flat()[0];
      const error = ERROR_ELEMENT.exec(html);
      if (!error && response.status === 200 && typeof intent === "string" && target.quietIntents?.includes(intent)) {
        outcomes.quiet++;
        stored = await target.stored();
        return;
      }
      outcomes.refused++;
      if (!error) return void problems.push(`${name}: ${response.status} without a field message for ${sample}`);
      const message = text(error[3]!);
      if (!message || ENGLISH.test(message)) problems.push(`${name}: message "${message.slice(0, 120)}" for ${sample}`);
      const now = await target.stored();
      if (now !== stored) {
        problems.push(`${name}: refused (${response.status}) but stored data changed for ${sample}`);
        stored = now;
      }
    }),
    { numRuns: PER_FORM, endOnFailure: true },
  );
  return { problems, outcomes };
}

/** The test of one shard: every SHARDS-th form from `shard` on, and (shard 0) logging out. */
export function hostileInputShard(shard: number) {
  const forms = SELECTED.filter((_, i) => i % SHARDS === shard);
  describe(`hostile input on every form (part ${shard + 1} of ${SHARDS})`, () => {
    let dir: string;
    let db: DB;
    let portal: Portal;
    beforeAll(async () => {
      // The lowest CPU priority for this file's process (vitest runs each file in a process of
      // its own): it runs beside the browser files and takes only the CPU they leave.
      os.setPriority(19);
      // A database of its own: valid submissions really store things (new reporting years,
      // reworded questions, accepted plans).
      dir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "mvoi-hostile-"));
      const databaseFile = path.join(dir, "hostile.sqlite");
      const sessionSecret = randomBytes(32).toString("base64url");
      // The seed refuses demo logins in production; React has loaded in production mode already.
      process.env.NODE_ENV = "test";
      await createSeededDatabase(databaseFile, { demo: true, sessionSecret });
      portal = await serveInProcess({ databaseFile, sessionSecret, env: { LOGIN_IP_LIMIT_PER_MINUTE: "1000000" } });
      db = createDb(databaseFile);
    });
    afterAll(async () => {
      await db?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("is one of SHARDS files, which together fuzz every form", () => {
      const files = fs.readdirSync(import.meta.dirname).filter((f) => /^hostile-input\.shard-\d+\.test\.ts$/.test(f));
      expect(files.sort()).toEqual(Array.from({ length: SHARDS }, (_, i) => `hostile-input.shard-${i + 1}.test.ts`));
    });

    it.skipIf(forms.length === 0)(
      `gets no server error and a Dutch field message for ${PER_FORM} hostile submissions per form, and stores nothing refused`,
      async () => {
        const started = performance.now();
        const results: { name: string; problems: string[]; outcomes: Record<string, number> }[] = [];
        for (const form of forms) {
          const target = await form.setup(db);
          // The route the form declares is where it really posts (the coverage test relies on it).
          const path = new URL(target.url, portal.origin).pathname;
          if (!routePattern(form.route).test(path)) {
            results.push({
              name: form.name,
              problems: [`${form.name}: posts to ${path}, not to its declared route ${form.route}`],
              outcomes: { submissions: PER_FORM, refused: PER_FORM },
            });
            continue;
          }
          const formStarted = performance.now();
          const result = await fuzzForm(portal, form.name, target);
          results.push({
            name: form.name,
            ...result,
            outcomes: { ...result.outcomes, seconds: Math.round((performance.now() - formStarted) / 1000) },
          });
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        console.info(
          `hostile input: ${results.length} forms in ${seconds} s\n${results.map((r) => `  ${r.name}: ${JSON.stringify(r.outcomes)}`).join("\n")}`,
        );
        expect(results.map((r) => r.name).sort()).toEqual(forms.map((f) => f.name).sort());
        for (const r of results) expect(r.outcomes.submissions, r.name).toBe(PER_FORM);
        // Each form also refused plenty (the generators are hostile).
        for (const r of results) expect(r.outcomes.refused, r.name).toBeGreaterThan(PER_FORM / 4);
        const problems = results.flatMap((r) => r.problems);
        // Printed in full as well: the assertion below shortens long lists in its report.
        if (problems.length) console.error(`hostile input problems:\n${problems.slice(0, 40).join("\n")}`);
        expect(problems.slice(0, 40)).toEqual([]);
      },
      900_000,
    );

    // Logging out has no fields, so it is not in FORMS (see NOT_FUZZED): whatever the body, a
    // logged-in or anonymous POST ends the session and goes to the login page, never a server error.
    it.skipIf(shard !== 0 || (process.env.HOSTILE_FORMS !== undefined && !LOGOUT.includes(process.env.HOSTILE_FORMS)))(
      `${LOGOUT}: ends the session and redirects for each of ${PER_FORM} hostile bodies`,
      async () => {
        const world = await createWorld(
          db,
          {
            organisations: [{ signedVia: null, plan: false, actions: 0, report: false }],
            users: [{ memberships: [{ organisation: 0, role: "editor" }] }],
          },
          "hf-logout",
        );
        const userId = world.users[0]!.id;
        const sessions = async () => (await db.selectFrom("session").select("id_hash").where("user_id", "=", userId).execute()).length;
        const problems: string[] = [];
        let submissions = 0;
        await fc.assert(
          fc.asyncProperty(unknownFields, fc.boolean(), async (fields, loggedIn) => {
            const cookie = loggedIn ? await loginAs(db, { id: userId }) : "";
            const { body, type } = encode(fields, { lock: "1" }, false);
            const response = await portal.fetch("/uitloggen", {
              method: "POST",
              headers: { Cookie: cookie, Origin: portal.origin, "Content-Type": type! },
              body,
            });
            await response.arrayBuffer();
            submissions++;
            const sample = JSON.stringify(fields).slice(0, 200);
            if (response.status !== 302 || response.headers.get("location") !== "/inloggen?uitgelogd")
              problems.push(`${response.status} to ${response.headers.get("location")} for ${sample}`);
            if (await sessions()) problems.push(`a session survived the logout for ${sample}`);
          }),
          { numRuns: PER_FORM },
        );
        expect(submissions).toBe(PER_FORM);
        expect(problems.slice(0, 40)).toEqual([]);
      },
      300_000,
    );
  });
}
