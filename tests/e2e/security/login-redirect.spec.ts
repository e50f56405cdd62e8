import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { baseURL, DEMO_PASSWORD } from "../helpers";
import { loginAs } from "../login-as";
import { e2eServer } from "../server";

/** Redirect targets an attacker could put in a login link; after login each must land on the user's home page. */
const ATTACKS = [
  "https://evil.example/",
  "//evil.example/",
  "/\\evil.example/",
  "\\\\evil.example",
  "%2F%2Fevil.example",
  "/%2F%2Fevil.example",
  "/%2fevil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
  "https:evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  " //evil.example",
  "\t//evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/%09/evil.example",
  "/%0d%0aSet-Cookie:%20x=1",
];
const EMAIL = "inkoper@helmond.example";
const HOME = "/organisaties";

describe("redirects after login go to local paths only (through the real login form)", () => {
  let db: DB;
  beforeAll(() => {
    db = createDb(e2eServer().databaseFile);
  });
  afterAll(() => db?.destroy());

  it("lands on the home page for every bypass attempt posted with the login form", async () => {
    const locations: Record<string, string | null> = {};
    for (const target of ATTACKS) {
      const response = await fetch(`${baseURL()}/inloggen`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: EMAIL, password: DEMO_PASSWORD, redirectTo: target }).toString(),
      });
      await response.arrayBuffer();
      expect(response.status, JSON.stringify(target)).toBe(302);
      locations[target] = response.headers.get("location");
    }
    expect(Object.entries(locations).filter(([, location]) => location !== HOME)).toEqual([]);
  });

  it("still follows a local redirect target, so the check above is not vacuous", async () => {
    const response = await fetch(`${baseURL()}/inloggen`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: EMAIL,
        password: DEMO_PASSWORD,
        redirectTo: "/organisatie/gemeente-helmond/actieplan",
      }).toString(),
    });
    expect(response.headers.get("location")).toBe("/organisatie/gemeente-helmond/actieplan");
  });

  it("sends a logged-in user who opens the login page with a hostile redirectTo home", async () => {
    const cookie = await loginAs(db, { email: EMAIL });
    const locations: string[] = [];
    for (const target of ATTACKS) {
      const response = await fetch(`${baseURL()}/inloggen?redirectTo=${encodeURIComponent(target)}`, {
        redirect: "manual",
        headers: { Cookie: cookie },
      });
      await response.arrayBuffer();
      locations.push(response.headers.get("location") ?? `status ${response.status}`);
    }
    expect(locations.filter((l) => l !== HOME)).toEqual([]);
  });
});
