import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import routes from "../../app/routes";
import { FORMS, NOT_FUZZED } from "../integration/security/hostile-forms";

type Route = { file: string; path?: string; index?: boolean; children?: Route[] };

const APP = path.resolve(import.meta.dirname, "../../app");

/** Every route of app/routes.ts with a URL: its full pattern and its module file. */
function flatten(list: Route[], prefix = ""): { file: string; pattern: string }[] {
  return list.flatMap((r) => {
    // prefix() gives an index route a path of its own ("ministerie"), so use it when present.
    const pattern = r.path ? `${prefix}/${r.path}` : prefix || "/";
    const self = r.index || r.path ? [{ file: r.file, pattern: pattern.replace(/\/+/g, "/") }] : [];
    return [...self, ...flatten(r.children ?? [], pattern)];
  });
}

/** A route module that exports an action (a function, a constant, or a re-export). */
const ACTION_EXPORT = /^export\s+(async\s+)?function\s+action\b|^export\s+(const|let)\s+action\b|^export\s*\{[^}]*\baction\b[^}]*\}/m;
const hasAction = (file: string) => ACTION_EXPORT.test(fs.readFileSync(path.join(APP, file), "utf8"));

describe("the hostile-input list covers every form", () => {
  const actionRoutes = flatten(routes as Route[]).filter((r) => hasAction(r.file));
  const fuzzed = new Set(FORMS.map((f) => f.route));
  const excluded = new Set(NOT_FUZZED.map((e) => e.route));

  it("finds the route modules with an action", () => {
    // Guards the scan itself: a broken pattern or parse would otherwise find nothing and pass.
    expect(actionRoutes.length).toBeGreaterThanOrEqual(30);
    expect(actionRoutes.map((r) => r.pattern)).toEqual(
      expect.arrayContaining(["/inloggen", "/wachtwoord-vergeten", "/beheer/organisaties/:id", "/organisatie/:slug/actieplan/algemeen"]),
    );
    expect(hasAction("routes/resources/healthz.ts")).toBe(false);
  });

  it("lists every route with an action in FORMS (tests/integration/security/hostile-forms.ts) or, with a reason, in NOT_FUZZED", () => {
    const missing = actionRoutes.filter((r) => !fuzzed.has(r.pattern) && !excluded.has(r.pattern)).map((r) => `${r.pattern} (${r.file})`);
    expect(missing, "routes with an action that no hostile form covers").toEqual([]);
  });

  it("lists nothing else, and nothing in both lists", () => {
    const patterns = new Set(actionRoutes.map((r) => r.pattern));
    expect(
      [...fuzzed].filter((p) => !patterns.has(p)),
      "FORMS routes that are not a route with an action",
    ).toEqual([]);
    expect(
      [...excluded].filter((p) => !patterns.has(p)),
      "NOT_FUZZED routes that are not a route with an action",
    ).toEqual([]);
    expect(
      [...excluded].filter((p) => fuzzed.has(p)),
      "both fuzzed and excluded",
    ).toEqual([]);
    for (const e of NOT_FUZZED) expect(e.reason.length, `reason for ${e.route}`).toBeGreaterThan(20);
  });
});
