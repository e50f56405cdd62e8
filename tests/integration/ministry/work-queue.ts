import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { loginAs } from "../../e2e/login-as";
import { grantExtension } from "~/models/reporting-year.server";
import { todayInNL } from "~/utils/time";
import { serveDemoInProcess, textOfHtml } from "../../helpers/in-process";

// The queue's numbers and names are recomputed here from the tables, apart from the portal's code:
// each organisation's newest report version for the open year (2025 in the demo) and newest plan
// version, by status; the oldest submission first.

const text = textOfHtml;

export function workQueueTest() {
  describe("the ministry's home lists what waits for it", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("work-queue");
    });
    afterAll(() => demo?.cleanup());

    it("exactly the reports and plans waiting for review (the longest waiting first), and those returned", async () => {
      const { db, portal } = demo;
      const cookie = await loginAs(db, { email: "analist@ienw.example" });
      const response = await portal.fetch("/ministerie", { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      const html = await response.text();
      const queue = /<section[^>]*aria-labelledby="werk-titel"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
      expect(queue).not.toBe("");
      const [reportsPart, plansPart] = queue.split(/<h3[^>]*>Actieplannen<\/h3>/);

      const newestReports = await sql<{ name: string; slug: string; status: string; submitted_at: string | null }>`
        select o.name, o.slug, v.status, v.submitted_at from report_version v
        join report r on r.id = v.report_id join organisation o on o.id = r.organisation_id
        where r.year = 2025 and v.number = (select max(number) from report_version where report_id = r.id)
        order by v.submitted_at, o.name`.execute(db);
      const waitingReports = newestReports.rows.filter((r) => r.status === "submitted");
      const returnedReports = newestReports.rows.filter((r) => r.status === "returned");
      expect(waitingReports.length).toBeGreaterThan(0);
      expect(text(reportsPart!)).toContain(`${waitingReports.length} rapportages wachten op beoordeling`);
      expect(text(reportsPart!)).toContain(
        `${returnedReports.length} teruggestuurde rapportage${returnedReports.length === 1 ? "" : "s"} nog niet opnieuw ingediend`,
      );
      const reportLinks = [...reportsPart!.matchAll(/href="\/ministerie\/rapportages\/([^/"]+)\/2025"/g)].map((m) => m[1]);
      expect(reportLinks).toEqual(waitingReports.slice(0, 5).map((r) => r.slug));

      const newestPlans = await sql<{ slug: string; status: string; submitted_at: string | null }>`
        select o.slug, v.status, v.submitted_at from action_plan_version v
        join action_plan p on p.id = v.plan_id join organisation o on o.id = p.organisation_id
        where v.number = (select max(number) from action_plan_version where plan_id = p.id)`.execute(db);
      const waitingPlans = newestPlans.rows.filter((p) => p.status === "submitted");
      const returnedPlans = newestPlans.rows.filter((p) => p.status === "returned");
      expect(text(plansPart!)).toContain(
        `${waitingPlans.length} ${waitingPlans.length === 1 ? "actieplan wacht" : "actieplannen wachten"} op beoordeling`,
      );
      expect(text(plansPart!)).toContain(
        `${returnedPlans.length} ${returnedPlans.length === 1 ? "teruggestuurd actieplan" : "teruggestuurde actieplannen"} nog niet opnieuw ingediend`,
      );
      const planLinks = [...plansPart!.matchAll(/href="\/ministerie\/actieplannen\/([^/"?]+)"/g)].map((m) => m[1]);
      expect(planLinks.sort()).toEqual(waitingPlans.map((p) => p.slug).sort());
    });

    it("links the organisations with an extension and those past their due date to exactly those", async () => {
      const { db, portal } = demo;
      const cookie = await loginAs(db, { email: "analist@ienw.example" });
      // Two extensions (the demo has none): one for an organisation past its due date without a
      // report, which then no longer is, and one for an organisation that submitted.
      const admin = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "beheer@ienw.example")
        .executeTakeFirstOrThrow();
      const { rows: submittedOne } = await sql<{ id: number }>`
        select r.organisation_id as id from report r join report_version v on v.report_id = r.id
        where r.year = 2025 and v.status = 'submitted' order by r.organisation_id limit 1`.execute(db);
      const helmond = await db.selectFrom("organisation").select("id").where("slug", "=", "gemeente-helmond").executeTakeFirstOrThrow();
      for (const organisationId of [helmond.id, submittedOne[0]!.id])
        await grantExtension(db, {
          year: 2025,
          organisationId,
          dueAt: "2027-06-01",
          reason: "Ziekte van de inkoper",
          actor: { userId: admin.id, email: admin.email, ip: "test" },
        });
      const home = await (await portal.fetch("/ministerie", { headers: { Cookie: cookie } })).text();
      // The organisations a list shows, over all its pages: the first cell of each row (a name, a
      // link to the report where there is one to review).
      const namesOf = async (url: string) => {
        const names: string[] = [];
        for (let page = 1; page <= 20; page++) {
          const response = await portal.fetch(`${url.replace(/&amp;/g, "&")}&pagina=${page}`, { headers: { Cookie: cookie } });
          expect(response.status).toBe(200);
          const html = await response.text();
          const body = /<tbody[\s\S]*?<\/tbody>/.exec(html)?.[0] ?? "";
          for (const row of body.matchAll(/<tr[\s\S]*?<\/tr>/g)) {
            const cells = [...row[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!));
            // With a "Kiezen" column first (reports to accept together) the name is the second cell.
            names.push(/<th[^>]*>Kiezen<\/th>/.test(html) ? cells[1]! : cells[0]!);
          }
          if (!new RegExp(`pagina ${page} van (\\d+)`).test(html) || html.includes(`pagina ${page} van ${page}`)) break;
        }
        return names.sort((x, y) => x.localeCompare(y, "nl"));
      };

      // Extensions: the organisations of deadline_extension for the year (umbrellas report nothing).
      const { rows: extended } = await sql<{ name: string }>`
        select o.name from deadline_extension x join organisation o on o.id = x.organisation_id
        where x.year = 2025 and o.kind <> 'koepelorganisatie'`.execute(db);
      const extensionLink = /href="([^"]*termijn=uitstel[^"]*)"[^>]*>(\d+) organisaties? kregen?/.exec(home);
      expect(extended).toHaveLength(2);
      expect(extensionLink?.[2]).toBe(String(extended.length));
      expect(await namesOf(extensionLink![1]!)).toEqual(extended.map((r) => r.name).sort((x, y) => x.localeCompare(y, "nl")));

      // Past the due date (the extension's if any, else the year's) and nothing submitted.
      const { rows: passed } = await sql<{ name: string }>`
        select o.name from organisation o
        join reporting_year y on y.year = 2025
        left join deadline_extension x on x.organisation_id = o.id and x.year = 2025
        where o.active = 1 and o.kind <> 'koepelorganisatie' and date(o.signed_at) <= '2025-12-31'
          and coalesce(x.due_at, y.due_at) < ${todayInNL()}
          and not exists (select 1 from report r join report_version v on v.report_id = r.id
                          where r.organisation_id = o.id and r.year = 2025 and v.submitted_at is not null)`.execute(db);
      const lateLink = /href="([^"]*termijn=verstreken[^"]*)"[^>]*>(\d+) organisaties?<\/a>/.exec(home);
      expect(passed.length).toBeGreaterThan(0);
      expect(passed.map((r) => r.name)).not.toContain("Gemeente Helmond");
      expect(lateLink?.[2]).toBe(String(passed.length));
      expect(await namesOf(lateLink![1]!)).toEqual(passed.map((r) => r.name).sort((x, y) => x.localeCompare(y, "nl")));
    });
  });
}
