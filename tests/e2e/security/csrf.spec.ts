import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { contentHash } from "../../helpers/db-hash";
import { createWorld, REPORT_YEAR, type World } from "../../helpers/world";
import { baseURL } from "../helpers";
import { loginAs } from "../login-as";
import { e2eServer } from "../server";

/**
 * CSRF (app/server/app.server.ts): a request with any method but GET, HEAD or OPTIONS is refused
 * with 403 unless its Origin, or without an Origin its Referer, is the portal's own. Every case
 * below is a logged-in user's browser sent there by another site; each one is refused before
 * React Router sees it and changes nothing. The same request from the portal's own page is
 * accepted (the controls), so a refusal is the CSRF check's and not something else's.
 */
const REFUSED = "Dit verzoek is geweigerd: het komt niet van het MVOI-portaal zelf.";
const EVIL = "https://evil.example";

const forgeries = (own: string): [string, Record<string, string>][] => [
  ["foreign Origin", { Origin: EVIL }],
  ["foreign Origin with the portal's own Referer (the Origin counts)", { Origin: EVIL, Referer: `${own}/` }],
  ["foreign Referer, no Origin", { Referer: `${EVIL}/formulier` }],
  ["opaque Origin (null) with a foreign Referer", { Origin: "null", Referer: `${EVIL}/` }],
  ["the portal's address inside a foreign Referer", { Referer: `${EVIL}/?terug=${own}/` }],
  ["a host that starts like the portal's", { Referer: `${own}.evil.example/` }],
  ["the same host on another port", { Origin: own.replace(/:\d+$/, ":1") }],
  ["the same host over https", { Origin: own.replace(/^http:/, "https:") }],
  ["neither Origin nor Referer", {}],
];
const METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

async function send(url: string, init: { method: string; cookie: string; headers: Record<string, string>; body?: URLSearchParams }) {
  const response = await fetch(baseURL() + url, {
    method: init.method,
    redirect: "manual",
    headers: { Cookie: init.cookie, ...(init.body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}), ...init.headers },
    body: init.body?.toString(),
  });
  return { status: response.status, text: await response.text(), location: response.headers.get("location") };
}

describe("CSRF: state changes only from the portal's own pages", () => {
  let db: DB;
  let world: World;
  let editorCookie: string;
  let adminCookie: string;
  const stored = () => contentHash(db, { organisationIds: world.organisations.map((o) => o.id) });
  const planLock = async (organisationId: number) =>
    (
      await db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("v.lock_version")
        .where("p.organisation_id", "=", organisationId)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow()
    ).lock_version;
  const reportLock = async (organisationId: number) =>
    (
      await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", organisationId)
        .where("r.year", "=", REPORT_YEAR)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow()
    ).lock_version;

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    // Organisations of this file's own: files that ran earlier on this server changed theirs.
    world = await createWorld(
      db,
      {
        organisations: [{ signedVia: null, plan: true, actions: 1, report: true }],
        users: [{ memberships: [{ organisation: 0, role: "editor" }] }, { memberships: [{ organisation: 0, role: "viewer" }] }],
      },
      "csrf",
    );
    editorCookie = await loginAs(db, { id: world.users[0]!.id });
    adminCookie = await loginAs(db, { email: "beheer@ienw.example" });
  });
  afterAll(() => db?.destroy());

  it("refuses a forged plan save and report save with POST, PUT, PATCH and DELETE, and stores nothing", async () => {
    const org = world.organisations[0]!;
    const plan = `/organisatie/${org.slug}/actieplan/middelen`;
    const report = `/organisatie/${org.slug}/rapportage/${REPORT_YEAR}/algemeen`;
    const indicator = await db
      .selectFrom("indicator")
      .select("code")
      .where("year", "=", REPORT_YEAR)
      .where("section", "=", "algemeen")
      .where("unit", "=", "count")
      .executeTakeFirstOrThrow();
    const planBody = async () =>
      new URLSearchParams({ intent: "save", lockVersion: String(await planLock(org.id)), budgetEur: "250.000", staffFte: "1,5" });
    const reportBody = async () =>
      new URLSearchParams({
        intent: "save",
        lockVersion: String(await reportLock(org.id)),
        [`staat.${indicator.code}`]: "value",
        [`waarde.${indicator.code}`]: "42",
      });

    const before = await stored();
    const accepted: string[] = [];
    for (const [url, body] of [
      [plan, planBody],
      [report, reportBody],
    ] as const) {
      for (const method of METHODS) {
        for (const [name, headers] of forgeries(baseURL())) {
          const answer = await send(url, { method, cookie: editorCookie, headers, body: await body() });
          if (answer.status !== 403 || answer.text !== REFUSED) accepted.push(`${method} ${url} with ${name}: ${answer.status}`);
        }
      }
    }
    expect(accepted, "forged requests that were not refused").toEqual([]);
    expect(await stored(), "the organisation's data after the forged requests").toBe(before);

    // Controls: from the portal's own page (Origin, or only a Referer) the same saves go through,
    // and React Router gives PUT the route's action like POST: so PUT was refused by the CSRF check.
    for (const [url, body] of [
      [plan, planBody],
      [report, reportBody],
    ] as const) {
      for (const [method, headers] of [
        ["POST", { Origin: baseURL() }],
        ["PUT", { Origin: baseURL() }],
        ["POST", { Referer: `${baseURL()}${url}` }],
      ] as const) {
        const answer = await send(url, { method, cookie: editorCookie, headers, body: await body() });
        expect(answer.status, `${method} ${url} from the portal itself (${JSON.stringify(headers)})`).toBe(302);
        expect(answer.location, "saved").toMatch(/\?opgeslagen$/);
      }
    }
    expect(await stored(), "the saves from the portal itself were stored").not.toBe(before);
  });

  it("refuses a forged administrator action (deactivating a user) with every method", async () => {
    const user = world.users[1]!;
    const url = `/beheer/gebruikers/${user.id}`;
    const active = async () => (await db.selectFrom("user").select("active").where("id", "=", user.id).executeTakeFirstOrThrow()).active;
    const accepted: string[] = [];
    for (const method of METHODS) {
      for (const [name, headers] of forgeries(baseURL())) {
        const answer = await send(url, { method, cookie: adminCookie, headers, body: new URLSearchParams({ intent: "deactivate" }) });
        if (answer.status !== 403 || answer.text !== REFUSED) accepted.push(`${method} with ${name}: ${answer.status}`);
      }
    }
    expect(accepted, "forged requests that were not refused").toEqual([]);
    expect(await active(), "the user after the forged requests").toBe(1);

    const control = await send(url, {
      method: "DELETE",
      cookie: adminCookie,
      headers: { Origin: baseURL() },
      body: new URLSearchParams({ intent: "deactivate" }),
    });
    expect(control.status, "DELETE from the portal itself").toBe(302);
    expect(await active(), "the user after the request from the portal itself").toBe(0);
  });

  it("refuses forged requests to resource routes (no page) before they reach the router", async () => {
    const org = world.organisations[0]!;
    const routes = [
      "/healthz",
      `/organisatie/${org.slug}/rapportage/${REPORT_YEAR}/raster.xlsx`,
      "/ministerie/export/waarden.csv?jaar=2024",
      "/beheer/audit.csv",
    ];
    const events = async () =>
      (
        await db
          .selectFrom("audit_event")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("user_id", "in", [world.users[0]!.id, world.users[1]!.id])
          .executeTakeFirstOrThrow()
      ).n;
    const before = await events();
    const accepted: string[] = [];
    for (const url of routes) {
      const cookie = url.startsWith("/organisatie") ? editorCookie : adminCookie;
      for (const method of METHODS) {
        for (const [name, headers] of forgeries(baseURL())) {
          const answer = await send(url, { method, cookie, headers, body: new URLSearchParams({ x: "1" }) });
          if (answer.status !== 403 || answer.text !== REFUSED) accepted.push(`${method} ${url} with ${name}: ${answer.status}`);
        }
        // Control: from the portal itself the request passes the check (and the router says a
        // route without an action takes no such method).
        const own = await send(url, { method, cookie, headers: { Origin: baseURL() }, body: new URLSearchParams({ x: "1" }) });
        expect(own.text, `${method} ${url} from the portal itself`).not.toBe(REFUSED);
      }
    }
    expect(accepted, "forged requests that were not refused").toEqual([]);
    expect(await events(), "audit events (an export records one)").toBe(before);
  });
});
