import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { loginAs } from "../../e2e/login-as";
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
  });
}
