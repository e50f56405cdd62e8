import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs } from "../../e2e/login-as";
import { serveDemoInProcess, textOfHtml } from "../../helpers/in-process";

// Rate limits for every way in (issue #25), through the built portal's request handler in this
// process with low limits of its own. Each limit is proven by a 429 with Retry-After and a Dutch
// message; the browser at each test's own IP address keeps the limits apart. And the
// password-reset form does the same work for an address with and without an account: the SQL it
// runs before answering is compared statement by statement (never by time).

const LIMITS = {
  RATE_LIMIT_POSTS_PER_IP_PER_MINUTE: "8",
  RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE: "4",
  RATE_LIMIT_UPLOADS_PER_SESSION_PER_MINUTE: "2",
  RATE_LIMIT_RESETS_PER_EMAIL_PER_HOUR: "3",
  RATE_LIMIT_INVITATIONS_PER_EMAIL_PER_HOUR: "2",
  LOGIN_IP_LIMIT_PER_MINUTE: "3",
  // The statements the reset form runs are counted (connection.server.ts observeQueries).
  MVOI_OBSERVE_QUERIES: "1",
};

/** The limits count in fixed windows (a minute, an hour): a burst is started well inside one, so it never straddles two. */
async function awayFromWindowEdge() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 200);
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

function expectRetryAfter(response: Response, atMostSeconds: number) {
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(atMostSeconds);
}

export function rateLimitsTest() {
  describe("rate limits on every way in", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("rate-limits", LIMITS);
    });
    afterAll(() => demo?.cleanup());

    it("refuses form posts from one IP address over its limit with 429, Retry-After and a Dutch page", async () => {
      await awayFromWindowEdge();
      const ip = "192.0.2.10";
      for (let i = 0; i < 8; i++) {
        const response = await demo.portal.fetch("/wachtwoord-vergeten", form({ email: `ip-${i}@nergens.example` }), ip);
        expect(response.status).toBe(302);
      }
      const refused = await demo.portal.fetch("/wachtwoord-vergeten", form({ email: "ip-9@nergens.example" }), ip);
      expect(refused.status).toBe(429);
      expectRetryAfter(refused, 60);
      const page = textOfHtml(await refused.text());
      expect(page).toContain("Even wachten");
      expect(page).toMatch(/Wacht (\d+ seconden?|1 minuut) en verstuur het dan nog een keer/);
      // With JavaScript the browser posts to the route's data URL: the same refusal.
      const viaData = await demo.portal.fetch("/wachtwoord-vergeten.data", form({ email: "ip-10@nergens.example" }), ip);
      expect(viaData.status).toBe(429);
      expectRetryAfter(viaData, 60);
      // Page views are not counted: the same address still reads pages.
      expect((await demo.portal.fetch("/wachtwoord-vergeten", {}, ip)).status).toBe(200);
      // Another address is not affected.
      expect((await demo.portal.fetch("/wachtwoord-vergeten", form({ email: "ander@nergens.example" }), "192.0.2.11")).status).toBe(302);
    });

    it("refuses a session's posts over its limit, whatever address they come from", async () => {
      await awayFromWindowEdge();
      const cookie = await loginAs(demo.db, { email: "inkoper@helmond.example" });
      const post = (ip: string) =>
        demo.portal.fetch(
          "/organisatie/gemeente-helmond/rapportage/2025/algemeen",
          { ...form({ intent: "save", lockVersion: "0" }), headers: { ...form({}).headers, Cookie: cookie } },
          ip,
        );
      for (let i = 0; i < 4; i++) expect((await post(`192.0.2.${20 + i}`)).status).not.toBe(429);
      const refused = await post("192.0.2.30");
      expect(refused.status).toBe(429);
      expectRetryAfter(refused, 60);
      // Pages still open for that session.
      const page = await demo.portal.fetch("/organisatie/gemeente-helmond", { headers: { Cookie: cookie } }, "192.0.2.30");
      expect(page.status).toBe(200);
    });

    it("refuses uploads over their own, lower limit", async () => {
      await awayFromWindowEdge();
      const cookie = await loginAs(demo.db, { email: "inkoper@uvw.example" });
      const upload = () => {
        const body = new FormData();
        body.set("intent", "upload");
        body.set("bestand", new Blob(["geen spreadsheet"], { type: "application/octet-stream" }), "raster.xlsx");
        return demo.portal.fetch(
          "/organisatie/unie-van-waterschappen/rapportage/2025/raster",
          { method: "POST", body, headers: { Cookie: cookie } },
          "192.0.2.40",
        );
      };
      expect((await upload()).status).not.toBe(429);
      expect((await upload()).status).not.toBe(429);
      const refused = await upload();
      expect(refused.status).toBe(429);
      expectRetryAfter(refused, 60);
    });

    it("limits reset links per e-mail address, alike for addresses with and without an account, at the field", async () => {
      await awayFromWindowEdge();
      for (const email of ["inkoper@uvw.example", "niemand-hier@nergens.example"]) {
        for (let i = 0; i < 3; i++) {
          // Each from another address: only the e-mail address's limit is tested here.
          const response = await demo.portal.fetch("/wachtwoord-vergeten", form({ email }), `198.51.100.${i + 1}`);
          expect(response.status).toBe(302);
        }
        const refused = await demo.portal.fetch("/wachtwoord-vergeten", form({ email }), "198.51.100.9");
        expect(refused.status).toBe(429);
        expectRetryAfter(refused, 3600);
        const html = await refused.text();
        expect(textOfHtml(html)).toMatch(
          /Voor dit e-mailadres is het afgelopen uur al vaak een link gevraagd\. Probeer het over \d+ (minuten|minuut|seconden|uur) opnieuw\./,
        );
        // The address typed stays in the field, with the message tied to it.
        expect(html).toMatch(
          new RegExp(
            `<input[^>]*value="${email.replace(/\./g, "\\.")}"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*value="${email.replace(/\./g, "\\.")}"`,
          ),
        );
      }
    });

    it("limits invitations per e-mail address", async () => {
      await awayFromWindowEdge();
      const cookie = await loginAs(demo.db, { email: "beheer@ienw.example" });
      const organisation = await demo.db
        .selectFrom("organisation")
        .select("id")
        .where("slug", "=", "gemeente-helmond")
        .executeTakeFirstOrThrow();
      const invite = (ip: string) =>
        demo.portal.fetch(
          "/beheer/gebruikers/uitnodigen",
          {
            ...form({ email: "nieuw.iemand@tilburg.example", organisationId: String(organisation.id), role: "viewer" }),
            headers: { ...form({}).headers, Cookie: cookie },
          },
          ip,
        );
      expect((await invite("203.0.113.1")).status).toBe(302);
      expect((await invite("203.0.113.2")).status).toBe(302);
      const refused = await invite("203.0.113.3");
      expect(refused.status).toBe(429);
      expectRetryAfter(refused, 3600);
      expect(textOfHtml(await refused.text())).toContain("Dit e-mailadres is het afgelopen uur al vaak uitgenodigd.");
      const sent = await demo.db
        .selectFrom("invitation")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("email", "=", "nieuw.iemand@tilburg.example")
        .executeTakeFirstOrThrow();
      expect(Number(sent.n)).toBe(2);
    });

    it("answers a throttled login with 429 and Retry-After", async () => {
      // From addresses of their own: the account's limit, not the address's, is tested here.
      const login = (password: string, i: number) =>
        demo.portal.fetch("/inloggen", form({ email: "analist@ienw.example", password, redirectTo: "" }), `203.0.113.${50 + i}`);
      for (let i = 0; i < 10; i++) expect((await login("niet-het-wachtwoord", i)).status).toBe(400);
      const refused = await login("demo-mvoi-2025", 10);
      expect(refused.status).toBe(429);
      // The time left until the address may try again: 15 minutes after its last failure, just now.
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(15 * 60 - 30);
      expect(Number(refused.headers.get("Retry-After"))).toBeLessThanOrEqual(15 * 60);
    });

    it("answers logins over the limit of one IP address with 429 and Retry-After", async () => {
      await awayFromWindowEdge();
      const login = (email: string) =>
        demo.portal.fetch("/inloggen", form({ email, password: "niet-het-wachtwoord", redirectTo: "" }), "203.0.113.90");
      for (let i = 0; i < 3; i++) expect((await login(`iemand-${i}@nergens.example`)).status).toBe(400);
      const refused = await login("nog-iemand@nergens.example");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("Retry-After")).toBe("60");
      expect(textOfHtml(await refused.text())).toContain("U heeft te vaak geprobeerd in te loggen.");
    });

    it("does the same work before answering the reset form for an address with and without an account", async () => {
      const observe = demo.portal.observeQueries!;
      const statementsOf = async (email: string, ip: string) => {
        // Work earlier requests handed over for after their answers is done first: only this request counts.
        await demo.portal.drainAfterResponse!();
        const seen: string[] = [];
        const stop = observe((sql) => seen.push(sql));
        const response = await demo.portal.fetch("/wachtwoord-vergeten", form({ email }), ip);
        stop();
        expect(response.status).toBe(302);
        expect(response.headers.get("Location")).toBe("/wachtwoord-vergeten?verstuurd");
        return seen;
      };
      const unknown = await statementsOf("onbekend-adres@nergens.example", "203.0.113.60");
      const known = await statementsOf("inkoper@helmond.example", "203.0.113.61");
      expect(known.length).toBeGreaterThan(0);
      expect(known).toEqual(unknown);
      // The work for the account is done after the answer: its link is in the outbox soon after.
      const mailTo = (to: string) =>
        demo.db.selectFrom("mail_message").select("id").where("recipient", "=", to).where("kind", "=", "password-reset").execute();
      await demo.portal.drainAfterResponse!();
      expect(await mailTo("inkoper@helmond.example")).toHaveLength(1);
      expect(await mailTo("onbekend-adres@nergens.example")).toHaveLength(0);
    });
  });
}
