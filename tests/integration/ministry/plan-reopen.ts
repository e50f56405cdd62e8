import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCountingPlanVersion } from "~/models/action-plan.server";
import { loginAs } from "../../e2e/login-as";
import { serveDemoInProcess } from "../../helpers/in-process";

// Issue #24: the ministry reopens an accepted action plan, with a reason the organisation reads;
// through the built portal's request handler in this process, read back from the tables.

export function planReopenTest() {
  describe("the ministry reopens an accepted action plan", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("plan-reopen");
    });
    afterAll(() => demo?.cleanup());

    /** Every version of an organisation's plan, newest first. */
    const versionsOf = (slug: string) =>
      demo.db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .innerJoin("organisation as o", "o.id", "p.organisation_id")
        .select(["v.id", "v.number", "v.status", "v.reopen_reason"])
        .where("o.slug", "=", slug)
        .orderBy("v.number", "desc")
        .execute();

    it("asks for a reason, then starts a new draft that the organisation sees with the reason; once only", async () => {
      const { db, portal } = demo;
      // An organisation whose newest plan version is accepted (in the demo: the Unie's own plan).
      const accepted = await db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .innerJoin("organisation as o", "o.id", "p.organisation_id")
        .select(["o.slug", "v.number"])
        .where("v.status", "=", "accepted")
        .where((eb) =>
          eb(
            "v.number",
            "=",
            eb
              .selectFrom("action_plan_version as w")
              .select((e) => e.fn.max("w.number").as("n"))
              .whereRef("w.plan_id", "=", "p.id"),
          ),
        )
        .orderBy("o.name")
        .executeTakeFirstOrThrow();
      const before = await versionsOf(accepted.slug);
      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const url = `/ministerie/actieplannen/${accepted.slug}`;
      const page = await (await portal.fetch(url, { headers: { Cookie: ministry } })).text();
      expect(page).toContain("Reden om te heropenen");

      const post = (fields: Record<string, string>) =>
        portal.fetch(url, {
          method: "POST",
          headers: { Cookie: ministry, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields).toString(),
          redirect: "manual",
        });

      // Too short a reason: the message at the field, the text kept, nothing stored.
      const short = await post({ intent: "reopen", version: String(accepted.number), reason: "Graag" });
      expect(short.status).toBe(400);
      const html = await short.text();
      expect(html).toContain("Schrijf in ten minste 10 tekens waarom u het plan heropent.");
      expect(html).toContain(">Graag</textarea>");
      expect(await versionsOf(accepted.slug)).toEqual(before);

      const reason = "De doelen voor circulair inkopen ontbreken nog voor 2027.";
      const done = await post({ intent: "reopen", version: String(accepted.number), reason });
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toBe(`${url}?versie=${accepted.number}&melding=heropend`);
      const after = await versionsOf(accepted.slug);
      expect(after).toHaveLength(before.length + 1);
      expect(after[0]).toMatchObject({ number: accepted.number + 1, status: "draft", reopen_reason: reason });
      expect(after.slice(1)).toEqual(before);
      const event = await db
        .selectFrom("audit_event")
        .select(["action", "object_id"])
        .where("action", "=", "action_plan.reopened")
        .orderBy("id", "desc")
        .executeTakeFirst();
      expect(event).toEqual({ action: "action_plan.reopened", object_id: String(after[0]!.id) });

      // The accepted version keeps counting for the reports until a newer one is accepted.
      const organisationId = (await db.selectFrom("organisation").select("id").where("slug", "=", accepted.slug).executeTakeFirstOrThrow())
        .id;
      expect(await getCountingPlanVersion(db, { organisationId })).toMatchObject({ number: accepted.number, status: "accepted" });

      // The organisation reads why, on its plan's page.
      const unie = await loginAs(db, { email: "inkoper@uvw.example" });
      const own = await (await portal.fetch(`/organisatie/${accepted.slug}/actieplan`, { headers: { Cookie: unie } })).text();
      expect(own).toContain("Het ministerie heeft het geaccepteerde actieplan heropend.");
      expect(own).toContain(reason);

      // The accepted version is no longer the newest: a second reopen is refused and stores nothing.
      const again = await post({ intent: "reopen", version: String(accepted.number), reason });
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("Alleen de nieuwste, geaccepteerde versie kan worden heropend.");
      expect(await versionsOf(accepted.slug)).toEqual(after);
    });
  });
}
