import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { contentHash } from "../../helpers/db-hash";
import { createWorld, mayActFor, REPORT_YEAR, worldArb, type World } from "../../helpers/world";
import { baseURL } from "../helpers";
import { loginAs } from "../login-as";
import { e2eServer } from "../server";

/** Every page under /organisatie/:slug, with `{a}` for an action id of the target organisation; `post`: it has a form. */
const PATHS: { path: string; post: boolean }[] = [
  { path: "", post: false },
  { path: "/actieplan", post: true },
  { path: "/actieplan/algemeen", post: true },
  { path: "/actieplan/themas", post: true },
  { path: "/actieplan/acties", post: true },
  { path: "/actieplan/acties/{a}", post: true },
  { path: "/actieplan/middelen", post: true },
  { path: "/actieplan/controleren", post: true },
  { path: "/actieplan/versies/1", post: false },
  { path: "/actieplan/versies/1/plan.pdf", post: false },
  { path: "/actieplan/vergelijken?van=1&naar=2", post: false },
  { path: "/rapportages", post: false },
  { path: `/rapportage/${REPORT_YEAR}`, post: true },
  { path: `/rapportage/${REPORT_YEAR}/voortgang`, post: true },
  { path: `/rapportage/${REPORT_YEAR}/controleren`, post: true },
  { path: `/rapportage/${REPORT_YEAR}/versies/1`, post: false },
  { path: `/rapportage/${REPORT_YEAR}/raster`, post: true },
  { path: `/rapportage/${REPORT_YEAR}/raster.xlsx`, post: false },
  { path: `/rapportage/${REPORT_YEAR}/algemeen`, post: true },
  { path: `/rapportage/${REPORT_YEAR}/co2`, post: true },
];
// Pages without a form answer a POST with 405 whatever the organisation (nothing to learn), so
// posts go to the pages with a form.
const POST_PATHS = PATHS.filter((p) => p.post);
const INTENTS = [
  "start",
  "revise",
  "save",
  "autosave",
  "save-action",
  "up",
  "down",
  "remove",
  "upload",
  "remove-file",
  "prefill",
  "submit",
  "accept",
  "return",
];

/** A form body as the portal's own forms send it, with a plausible intent and lock version. */
const bodyArb = fc.record({
  intent: fc.constantFrom(...INTENTS),
  lockVersion: fc.integer({ min: 1, max: 4 }),
  title: fc.constantFrom("Overgenomen actie", "x"),
  status: fc.constantFrom("planned", "done"),
  budgetEur: fc.constantFrom("250.000", "1"),
  periodStartYear: fc.constantFrom("2025", "2026"),
  periodEndYear: fc.constantFrom("2028", "2029"),
});

describe("object-level access over HTTP (property-based)", () => {
  let db: DB;
  beforeAll(() => {
    db = createDb(e2eServer().databaseFile);
  });
  afterAll(() => db?.destroy());

  it("answers 404 to every generated cross-organisation page and form post, and changes nothing", async () => {
    const counts = { total: 0, get: 0, post: 0, allowedChecked: 0 };
    const failures: string[] = [];
    const cookies = new Map<number, string>();
    const cookieFor = async (user: World["users"][number]) => {
      if (!cookies.has(user.id)) cookies.set(user.id, await loginAs(db, { id: user.id }));
      return cookies.get(user.id)!;
    };
    const request = async (method: "GET" | "POST", path: string, cookie: string, body?: string) => {
      const response = await fetch(baseURL() + path, {
        method,
        redirect: "manual",
        headers: { Cookie: cookie, Origin: baseURL(), ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    };

    const property = fc.asyncProperty(
      worldArb,
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean(), bodyArb), { minLength: 120, maxLength: 120 }),
      async (spec, picks) => {
        const world = await createWorld(db, spec, "http");
        const ids = world.organisations.map((o) => o.id);
        // The oracle says yes somewhere too, and the server agrees: the control that makes a 404 mean something.
        for (const u of world.users) {
          for (const o of world.organisations.filter((o) => mayActFor(world, u, o.id))) {
            counts.allowedChecked++;
            const status = await request("GET", `/organisatie/${o.slug}`, await cookieFor(u));
            if (status !== 200) failures.push(`allowed: ${u.email} on ${o.slug} answered ${status}`);
          }
        }
        const before = await contentHash(db, { organisationIds: ids });
        // Users without any membership are refused the whole signatory section (403), so the
        // cross-organisation attempts come from users who do act for some organisation.
        const members = world.users.filter((u) => u.memberships.length > 0);
        // Each pick aims at an organisation the user may not act for, so every pick is an attempt.
        const attempts =
          members.length === 0
            ? []
            : picks.flatMap(([u, o, p, post, body]) => {
                const user = members[u % members.length]!;
                const strangers = world.organisations.filter((org) => !mayActFor(world, user, org.id));
                if (strangers.length === 0) return [];
                const target = strangers[o % strangers.length]!;
                const list = post ? POST_PATHS : PATHS;
                const path = `/organisatie/${target.slug}${list[p % list.length]!.path.replace("{a}", String(target.actionIds[0] ?? 1))}`;
                return [{ user, path, post, body }];
              });
        // Four at a time: the machine is shared with the other browser files and their servers.
        for (let i = 0; i < attempts.length; i += 4) {
          await Promise.all(
            attempts.slice(i, i + 4).map(async ({ user, path, post, body }) => {
              const form = post ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString() : undefined;
              const status = await request(post ? "POST" : "GET", path, await cookieFor(user), form);
              counts.total++;
              counts[post ? "post" : "get"]++;
              if (status !== 404) failures.push(`${post ? "POST" : "GET"} ${path} by ${user.email}: ${status}`);
            }),
          );
        }
        expect(await contentHash(db, { organisationIds: ids }), "the organisations' data changed").toBe(before);
      },
    );
    // Generated worlds differ in how many attempts they allow (a world may have no member at all),
    // so batches of worlds run until the attempts reach the 2,000.
    for (let batch = 0; batch < 20 && counts.total < 2_000; batch++) {
      await fc.assert(property, { numRuns: 6, endOnFailure: true });
    }

    expect(failures.slice(0, 20)).toEqual([]);
    expect(counts.total).toBeGreaterThanOrEqual(2_000);
    expect(counts.post).toBeGreaterThan(500);
    expect(counts.allowedChecked).toBeGreaterThan(0);
    console.info(`object-level access (HTTP): ${JSON.stringify(counts)}`);
  }, 300_000);
});
