import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewReport, reviseReport, saveAnswers, submitReport } from "~/models/report.server";
import { loginAs } from "../../e2e/login-as";
import { serveDemoInProcess, textOfHtml } from "../../helpers/in-process";

// Issue #24: the ministry accepts several submitted reports in one action, after a confirmation
// page; a report with a value that asks for an explanation, or that is not (or no longer) the
// version waiting for review, is refused and sent to its own page. Read back from the tables.

const text = textOfHtml;

export function bulkAcceptTest() {
  describe("accepting several reports together", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("bulk-accept");
    });
    afterAll(() => demo?.cleanup());

    it("accepts the clean ones, each on its own record and e-mail, and refuses a flagged, a stale and a draft one", async () => {
      const { db, portal } = demo;
      const slugOf = async (name: string) =>
        await db.selectFrom("organisation").select(["id", "slug"]).where("name", "=", name).executeTakeFirstOrThrow();
      const [delta, rivierenland, limburg, dommel] = await Promise.all(
        ["Waterschap Brabantse Delta", "Waterschap Rivierenland", "Waterschap Limburg", "Waterschap De Dommel"].map(slugOf),
      );
      const statusOf = async (organisationId: number) =>
        db
          .selectFrom("report_version as v")
          .innerJoin("report as r", "r.id", "v.report_id")
          .select(["v.number", "v.status"])
          .where("r.organisation_id", "=", organisationId)
          .where("r.year", "=", 2025)
          .orderBy("v.number", "desc")
          .execute();

      // Limburg (returned in the demo) resubmits with one value three times last year's, explained.
      const unie = await db.selectFrom("user").select(["id", "email"]).where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow();
      const actor = { userId: unie.id, email: unie.email, ip: "192.0.2.1" };
      await reviseReport(db, { actor, organisationId: limburg!.id, year: 2025 });
      const lastYear = await db
        .selectFrom("report_value as rv")
        .innerJoin("report_version as v", "v.id", "rv.version_id")
        .innerJoin("report as r", "r.id", "v.report_id")
        .innerJoin("indicator as i", "i.id", "rv.indicator_id")
        .select(["i.code", "rv.number_value"])
        .where("r.organisation_id", "=", limburg!.id)
        .where("r.year", "=", 2024)
        .where("v.status", "=", "accepted")
        .where("i.unit", "=", "eur")
        .where("rv.state", "=", "value")
        .where("rv.number_value", ">", 0)
        .executeTakeFirstOrThrow();
      const indicator = await db
        .selectFrom("indicator")
        .select("id")
        .where("year", "=", 2025)
        .where("code", "=", lastYear.code)
        .executeTakeFirstOrThrow();
      const draft = await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", limburg!.id)
        .where("r.year", "=", 2025)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow();
      const answer = {
        state: "value" as const,
        number: lastYear.number_value! * 3,
        text: null,
        explanation: "Een groot project.",
        prefilled: false,
      };
      const lock = await saveAnswers(db, {
        actor,
        organisationId: limburg!.id,
        year: 2025,
        lockVersion: draft.lock_version,
        answers: new Map([[indicator.id, answer]]),
        section: "algemeen",
      });
      await submitReport(db, { actor, organisationId: limburg!.id, year: 2025, lockVersion: lock });

      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const get = async (url: string) => (await portal.fetch(url, { headers: { Cookie: ministry } })).text();
      // The list offers a checkbox for each submitted report, carrying the version shown.
      const list = await get("/ministerie/rapportages?jaar=2025&status=submitted");
      const offered = [...list.matchAll(/name="keuze" value="([^"]+)"/g)].map((m) => m[1]).sort();
      expect(offered).toEqual([`${delta!.slug}:1`, `${limburg!.slug}:2`, `${rivierenland!.slug}:1`].sort());

      // The confirmation page: the flagged one and a draft are refused, each with a link to its own page.
      const chosen = [`${delta!.slug}:1`, `${rivierenland!.slug}:1`, `${limburg!.slug}:2`, `${dommel!.slug}:1`];
      const query = new URLSearchParams([["jaar", "2025"], ...chosen.map((c) => ["keuze", c])]).toString();
      const confirm = await get(`/ministerie/rapportages/accepteren?${query}`);
      const row = (slug: string) =>
        text(/data-testid="keuze-[^"]*"[\s\S]*?<\/tr>/.exec(confirm.slice(confirm.indexOf(`data-testid="keuze-${slug}"`) - 40))![0]);
      expect(row(delta!.slug)).toMatch(/Ja$/);
      expect(row(rivierenland!.slug)).toMatch(/Ja$/);
      expect(row(limburg!.slug)).toContain("1 waarde wijkt veel af van vorig jaar of is ongewoon hoog. Beoordeel deze rapportage apart.");
      expect(row(dommel!.slug)).toContain("Deze versie wacht niet (meer) op beoordeling.");
      expect(confirm).toContain(`href="/ministerie/rapportages/${limburg!.slug}/2025"`);
      expect(text(confirm)).toContain("Deze 2 rapportages accepteren");
      // The form posts exactly the two it offers, at the versions shown.
      const posted = [...confirm.matchAll(/type="hidden" name="keuze" value="([^"]+)"/g)].map((m) => m[1]).sort();
      expect(posted).toEqual([`${delta!.slug}:1`, `${rivierenland!.slug}:1`].sort());

      // Meanwhile Rivierenland's version 1 is returned and version 2 submitted: stale.
      const reviewer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "analist@ienw.example")
        .executeTakeFirstOrThrow();
      await reviewReport(db, {
        actor: { userId: reviewer.id, email: reviewer.email, ip: "192.0.2.2" },
        organisationId: rivierenland!.id,
        year: 2025,
        versionNumber: 1,
        decision: "return",
        reason: "Controleer het aantal aanbestedingen.",
      });
      await reviseReport(db, { actor, organisationId: rivierenland!.id, year: 2025 });
      const rivierenlandDraft = await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", rivierenland!.id)
        .where("r.year", "=", 2025)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow();
      await submitReport(db, { actor, organisationId: rivierenland!.id, year: 2025, lockVersion: rivierenlandDraft.lock_version });

      // Posting what the page offered accepts Delta only, and says Rivierenland was left out.
      const eventsBefore =
        (
          await db
            .selectFrom("audit_event")
            .select((eb) => eb.fn.max("id").as("id"))
            .executeTakeFirst()
        )?.id ?? 0;
      const mailsBefore =
        (
          await db
            .selectFrom("mail_message")
            .select((eb) => eb.fn.max("id").as("id"))
            .executeTakeFirst()
        )?.id ?? 0;
      const post = (body: string) =>
        portal.fetch("/ministerie/rapportages/accepteren", {
          method: "POST",
          headers: { Cookie: ministry, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
          body,
          redirect: "manual",
        });
      const body = new URLSearchParams([["jaar", "2025"], ...posted.map((c) => ["keuze", c!])]).toString();
      const done = await post(body);
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toBe(`/ministerie/rapportages?jaar=2025&geaccepteerd=1&apart=${rivierenland!.slug}`);
      expect((await statusOf(delta!.id))[0]).toEqual({ number: 1, status: "accepted" });
      expect((await statusOf(rivierenland!.id)).slice(0, 2)).toEqual([
        { number: 2, status: "submitted" },
        { number: 1, status: "returned" },
      ]);
      expect((await statusOf(limburg!.id))[0]).toEqual({ number: 2, status: "submitted" });
      expect((await statusOf(dommel!.id))[0]).toEqual({ number: 1, status: "draft" });
      const events = await db
        .selectFrom("audit_event")
        .select(["action"])
        .where("id", ">", Number(eventsBefore))
        .where("action", "like", "report.%")
        .execute();
      expect(events).toEqual([{ action: "report.accepted" }]);
      const mails = await db.selectFrom("mail_message").select("subject").where("id", ">", Number(mailsBefore)).execute();
      expect(mails.length).toBeGreaterThan(0);
      expect(mails.every((m) => m.subject.includes("Brabantse Delta"))).toBe(true);
      const after = text(await get(done.headers.get("location")!));
      expect(after).toContain(
        "U heeft 1 rapportage geaccepteerd. Niet geaccepteerd, omdat ze veranderden nadat u ze koos: Waterschap Rivierenland",
      );

      // Again: nothing left to accept together; a Dutch message, nothing changed.
      const again = await post(body);
      expect(again.status).toBe(400);
      expect(text(await again.text())).toContain("Er is geen gekozen rapportage die samen met andere kan worden geaccepteerd.");
      expect((await statusOf(rivierenland!.id))[0]).toEqual({ number: 2, status: "submitted" });
    });
  });
}
