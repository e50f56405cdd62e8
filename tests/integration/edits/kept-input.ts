import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "~/database/connection.server";
import { keepInput, takeInput } from "~/models/kept-input.server";
import { hashSessionId } from "~/models/session.server";
import { loginAs } from "../../e2e/login-as";
import { contentHash } from "../../helpers/db-hash";
import { hostileString } from "../../helpers/hostile";
import { serveDemoInProcess, type serveInProcess } from "../../helpers/in-process";

// A form posted after the session timed out (issue #20): kept for its browser and user, never in a
// URL, not saved; after logging in, the same page shows it once. Hostile posts are kept and shown
// again without a server error or English; posts over 64 KB are not kept and the login page says so.

const SECTION = "/organisatie/waterschap-de-dommel/rapportage/2025/algemeen";
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1_000) >= 1_000 ? 150 : 30;

export function keptInputTest() {
  describe("input kept across a timed-out session", () => {
    let cleanup: (() => Promise<void>) | undefined;
    let db: DB;
    let portal: Awaited<ReturnType<typeof serveInProcess>>;
    let userId: number;
    let otherId: number;

    beforeAll(async () => {
      ({ portal, db, cleanup } = await serveDemoInProcess("kept"));
      userId = (await db.selectFrom("user").select("id").where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow()).id;
      otherId = (await db.selectFrom("user").select("id").where("email", "=", "inkoper@helmond.example").executeTakeFirstOrThrow()).id;
    }, 120_000);
    afterAll(() => cleanup?.());

    /** A session that timed out: its cookie, as the browser still sends it. */
    async function timedOutSession(): Promise<string> {
      const cookie = await loginAs(db, { id: userId });
      const signed = decodeURIComponent(cookie.split("=").slice(1).join("="));
      const id = JSON.parse(Buffer.from(signed.split(".")[0]!, "base64").toString()) as string;
      await db
        .updateTable("session")
        .set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() })
        .where("id_hash", "=", hashSessionId(id))
        .execute();
      return cookie;
    }
    const cookieOf = (response: Response) => response.headers.get("Set-Cookie")?.split(";")[0] ?? null;

    it("keeps input per browser and user, once, for the page it came from, for 15 minutes", async () => {
      const fields: [string, string][] = [["waarde.inkoopvolume", "12"]];
      const id = (await keepInput(db, { userId, path: "/a", fields, filesLeftOut: false, previousId: null }))!;
      expect(await takeInput(db, { id, userId, path: "/b" })).toBeNull();
      expect(await takeInput(db, { id, userId, path: "/a" })).toEqual({ fields, filesLeftOut: false });
      expect(await takeInput(db, { id, userId, path: "/a" })).toBeNull();
      const other = (await keepInput(db, { userId, path: "/a", fields, filesLeftOut: true, previousId: null }))!;
      expect(await takeInput(db, { id: other, userId: otherId, path: "/a" })).toBeNull();
      expect(await takeInput(db, { id: other, userId, path: "/a" })).toBeNull();
      const old = (await keepInput(db, {
        userId,
        path: "/a",
        fields,
        filesLeftOut: false,
        previousId: null,
        now: new Date(Date.now() - 16 * 60_000),
      }))!;
      expect(await takeInput(db, { id: old, userId, path: "/a" })).toBeNull();
      // A second post from the same browser replaces the first.
      const first = (await keepInput(db, { userId, path: "/a", fields, filesLeftOut: false, previousId: null }))!;
      await keepInput(db, { userId, path: "/a", fields, filesLeftOut: false, previousId: first });
      expect(await takeInput(db, { id: first, userId, path: "/a" })).toBeNull();
      expect(
        await keepInput(db, { userId, path: "/a", fields: [["x", "y".repeat(70_000)]], filesLeftOut: false, previousId: null }),
      ).toBeNull();
    });

    it(`keeps ${RUNS} hostile posts after a timeout, saves none, and shows each again after logging in without an error`, async () => {
      const dommel = (await db.selectFrom("organisation").select("id").where("slug", "=", "waterschap-de-dommel").executeTakeFirstOrThrow())
        .id;
      const stored = () => contentHash(db, { organisationIds: [dommel] });
      const before = await stored();
      const problems: string[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.tuple(
              fc.constantFrom("waarde.inkoopvolume", "staat.inkoopvolume", "toelichting.inkoopvolume", "lockVersion", "intent"),
              hostileString,
            ),
            { maxLength: 6 },
          ),
          async (fields) => {
            const session = await timedOutSession();
            const posted = await portal.fetch(SECTION, {
              method: "POST",
              headers: { Cookie: session, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(fields).toString(),
            });
            const location = posted.headers.get("Location") ?? "";
            // Over 64 KB as kept (JSON): not kept, and the login page says so.
            const tooLarge = Buffer.byteLength(JSON.stringify(fields)) > 64 * 1024;
            if (
              posted.status !== 302 ||
              !location.startsWith("/inloggen?") ||
              !location.includes(tooLarge ? "invoer=te-groot" : "invoer=bewaard")
            ) {
              return void problems.push(`post: ${posted.status} ${location}`);
            }
            if (tooLarge) return;
            for (const [, value] of fields)
              if (value.length > 3 && location.includes(encodeURIComponent(value))) problems.push("a value in the URL");
            const kept = cookieOf(posted);
            const fresh = await loginAs(db, { id: userId });
            const page = await portal.fetch(SECTION, { headers: { Cookie: `${fresh}; ${kept}` } });
            const html = await page.text();
            if (page.status !== 200) problems.push(`page: ${page.status}`);
            else if (!html.includes("nog niet opgeslagen")) problems.push("no notice on the restored page");
            // (Unless the user typed it: their own input is shown as typed.)
            const english = /\b(Invalid|undefined|NaN|TypeError)\b/;
            if (!fields.some(([, v]) => english.test(v)) && english.test(html.replace(/<script[\s\S]*?<\/script>/g, ""))) {
              problems.push(`English on the page: ${english.exec(html.replace(/<script[\s\S]*?<\/script>/g, ""))?.[0]}`);
            }
          },
        ),
        { numRuns: RUNS },
      );
      expect(problems.slice(0, 10)).toEqual([]);
      expect(await stored()).toBe(before);
    });

    it("keeps nothing larger than 64 KB, and says so", async () => {
      const session = await timedOutSession();
      const posted = await portal.fetch(SECTION, {
        method: "POST",
        headers: { Cookie: session, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["toelichting.inkoopvolume", "x".repeat(70_000)]]).toString(),
      });
      expect(posted.status).toBe(302);
      expect(posted.headers.get("Location")).toContain("invoer=te-groot");
      const login = await (await portal.fetch(posted.headers.get("Location")!)).text();
      expect(login).toContain("kon niet worden bewaard");
    });
  });
}
