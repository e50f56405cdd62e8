import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_POLICY, type Allowed } from "~/auth/policy";
import { createDb, type DB } from "~/database/connection.server";
import { baseURL } from "../helpers";
import { loginAs } from "../login-as";
import { listRoutes, sample } from "../route-list";
import { e2eServer } from "../server";

// Bad input in a URL (a filter in the query string, a year or id in the path) gets an answer a
// person can act on, never a server error: every GET route, as a role that may open it, with
// hostile query values for every filter name the pages read and hostile path parameters.

const USERS: { email?: string; audiences: Allowed[]; slug: string }[] = [
  { email: "inkoper@helmond.example", audiences: ["public", "user", "signatory"], slug: "gemeente-helmond" },
  { email: "analist@ienw.example", audiences: ["public", "user", "ministry"], slug: "gemeente-helmond" },
  { email: "beheer@ienw.example", audiences: ["public", "user", "admin"], slug: "gemeente-helmond" },
  { audiences: ["public"], slug: "gemeente-helmond" },
];

/** The query parameters the portal's pages read (filters, paging, redirects). */
const NAMES = [
  "jaar",
  "data",
  "onderdeel",
  "sector",
  "q",
  "status",
  "code",
  "organisatie",
  "gebruiker",
  "rapportage",
  "vraag",
  "handeling",
  "van",
  "tot",
  "pagina",
  "redirectTo",
  "soort",
  "rol",
];

const VALUES = [
  "",
  "-1",
  "0",
  "99999999999999999999999",
  "1e308",
  "NaN",
  "Infinity",
  "2024.5",
  "0x7E8",
  "２０２４", // full-width digits
  "2024-02-30",
  "0000-00-00",
  "0500-01-01", // a day on the calendar, but before the portal's time
  "9999-12-31",
  "'; drop table organisation; --",
  "<script>alert(1)</script>",
  "%",
  "\u0000",
  "\uD800", // a lone surrogate (sent percent-encoded as UTF-8 replacement by URLSearchParams)
  "\u202Egnp.exe",
  "x".repeat(400), // × 16 names: a 6.4 KB query (Node refuses request heads over 16 KB itself, with 431)
  "../../etc/passwd",
  "//evil.example/",
];

const PATH_VALUES: Record<string, string[]> = {
  year: ["-1", "0", "99999999999999999999", "2024.5", "NaN", "1e3", "abc", "%E2%80%AE"],
  id: ["-1", "0", "99999999999999999999", "1.5", "NaN", "abc"],
  number: ["-1", "0", "99999999999999999999", "1.5", "abc"],
  actionId: ["-1", "0", "99999999999999999999", "abc"],
  slug: ["%00", "..", "x".repeat(2_000), "%3Cscript%3E", "gemeente-helmond%2F..%2Fx"],
  section: ["..", "%00", "x".repeat(500)],
  file: ["..%2F..%2Fpackage.json", "overzicht.exe", "%00.csv"],
  token: ["%00", "x".repeat(2_000)],
};

describe("hostile URLs", () => {
  let db: DB;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    for (const u of USERS) if (u.email) cookies.set(u.email, await loginAs(db, { email: u.email }));
  });
  afterAll(() => db?.destroy());

  it("says next to the audit trail's date field that a date does not exist, and refuses such a CSV download", async () => {
    const cookie = cookies.get("beheer@ienw.example")!;
    const page = await fetch(`${baseURL()}/beheer/audit?van=0000-00-00&tot=2024-02-30`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/id="(van|tot)-error">Deze datum bestaat niet/g)).toHaveLength(2);
    expect(html).toContain('aria-describedby="van-error"');
    const csv = await fetch(`${baseURL()}/beheer/audit.csv?van=2024-02-30`, { headers: { Cookie: cookie } });
    expect(csv.status).toBe(400);
    expect(await csv.text()).toMatch(/datums bestaat niet/);
  });

  it("never answers a server error to hostile query strings or path parameters on any page", async () => {
    const problems: string[] = [];
    let requests = 0;
    const get = async (path: string, cookie: string) => {
      requests++;
      const response = await fetch(baseURL() + path, { redirect: "manual", headers: { Cookie: cookie } }).catch(
        (error: unknown) => error as Error,
      );
      if (response instanceof Error) return void problems.push(`${path.slice(0, 160)} -> ${response.message} ${String(response.cause)}`);
      const text = await response.text();
      if (response.status >= 500) problems.push(`${path.slice(0, 160)} -> ${response.status}`);
      else if (/TypeError|RangeError|SqliteError|\bat .*\.js:\d+/.test(text)) problems.push(`${path.slice(0, 160)} shows an error trace`);
    };
    for (const route of listRoutes().filter((r) => !/\/uitloggen$/.test(r.path))) {
      // The first user (signatory, ministry, admin, anonymous) whose audiences open the route.
      const user = USERS.find((u) => route.chain.every((f) => ROUTE_POLICY[f]!.some((a) => u.audiences.includes(a))));
      if (!user) continue;
      const cookie = user.email ? cookies.get(user.email)! : "";
      const base = sample(route.path, user.slug);
      // Every filter name with each hostile value, and the names repeated (an array where a string is expected).
      for (const [i, value] of VALUES.entries()) {
        const query = new URLSearchParams(NAMES.map((n) => [n, value]));
        if (i % 3 === 0) for (const n of NAMES) query.append(n, "2024");
        await get(`${base}?${query}`, cookie);
      }
      // Raw, undecodable percent-encoding in the query.
      await get(`${base}?jaar=%E0%A4%A&q=%&van=%ZZ`, cookie);
      // Hostile values for each path parameter.
      for (const [name, values] of Object.entries(PATH_VALUES)) {
        if (!route.path.includes(`:${name}`)) continue;
        for (const value of values) await get(sample(route.path, user.slug, { [name]: value }), cookie);
      }
    }
    console.log(`hostile URLs: ${requests} requests, ${problems.length} problems`);
    expect(requests).toBeGreaterThan(1_000);
    expect(problems).toEqual([]);
  }, 600_000);
});
