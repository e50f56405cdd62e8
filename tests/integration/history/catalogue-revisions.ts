import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "~/database/connection.server";
import { countAnswers, listIndicatorRevisions, updateIndicator } from "~/models/indicator.server";
import { reviewReport } from "~/models/report.server";
import { loginAs } from "../../e2e/login-as";
import { mainOf, serveDemoInProcess, type serveInProcess } from "../../helpers/in-process";

// Catalogue revisions (issue #21): a question with answers is never changed in place. An edit makes
// a new revision; a report accepted before it renders exactly as before (its wording and bounds),
// while a draft made by reopening it gets the new revision.

export function catalogueRevisionsTest() {
  describe("catalogue revisions", () => {
    let cleanup: (() => Promise<void>) | undefined;
    let db: DB;
    let portal: Awaited<ReturnType<typeof serveInProcess>>;

    beforeAll(async () => {
      ({ portal, db, cleanup } = await serveDemoInProcess("revisions"));
    }, 120_000);
    afterAll(() => cleanup?.());

    it("edits a question with answers as a new revision; an accepted report renders the same before and after", async () => {
      const admin = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "beheer@ienw.example")
        .executeTakeFirstOrThrow();
      const reviewer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "analist@ienw.example")
        .executeTakeFirstOrThrow();
      const ministry = await loginAs(db, { id: reviewer.id });
      const question = await db
        .selectFrom("indicator")
        .selectAll()
        .where("year", "=", 2024)
        .where("code", "=", "inkoopvolume")
        .executeTakeFirstOrThrow();
      expect(await countAnswers(db, { indicatorId: question.id })).toBeGreaterThan(0);
      const url = "/ministerie/rapportages/gemeente-helmond/2024";
      const before = await mainOf(await portal.fetch(url, { headers: { Cookie: ministry } }));
      expect(before).toContain(question.label);

      // New wording and bounds that the accepted answer would fail.
      await updateIndicator(db, {
        id: question.id,
        values: {
          label: "Inkoopvolume in euro's, zonder btw",
          help: "Nieuwe uitleg.",
          minValue: 0,
          maxValue: 10,
          usualMax: 5,
          continuesFromId: question.continues_from_id,
        },
        actor: { userId: admin.id, email: admin.email, ip: "192.0.2.3" },
      });
      const revisions = await listIndicatorRevisions(db, { indicatorId: question.id });
      expect(revisions.map((r) => [r.number, r.label])).toEqual([
        [2, "Inkoopvolume in euro's, zonder btw"],
        [1, question.label],
      ]);
      const after = await mainOf(await portal.fetch(url, { headers: { Cookie: ministry } }));
      expect(after).toEqual(before);

      // The edit is in the question's history, before and after.
      const changes = await db
        .selectFrom("value_change")
        .selectAll()
        .where("indicator_id", "=", question.id)
        .where("subject", "=", "question")
        .execute();
      expect(changes.find((c) => c.field === "label")).toMatchObject({
        before: JSON.stringify(question.label),
        after: JSON.stringify("Inkoopvolume in euro's, zonder btw"),
      });
      expect(changes.find((c) => c.field === "max_value")).toMatchObject({ after: "10" });

      // A change outside the portal (a script, a console) is a revision too.
      await sql`update indicator set help = 'Uitleg uit een script.' where id = ${question.id}`.execute(db);
      expect((await listIndicatorRevisions(db, { indicatorId: question.id }))[0]).toMatchObject({
        number: 3,
        help: "Uitleg uit een script.",
      });
      expect(await mainOf(await portal.fetch(url, { headers: { Cookie: ministry } }))).toEqual(before);

      // Reopened, the report's new draft gets the newest revision: its form shows the new wording.
      const helmond = await db.selectFrom("organisation").select("id").where("slug", "=", "gemeente-helmond").executeTakeFirstOrThrow();
      await reviewReport(db, {
        actor: { userId: reviewer.id, email: reviewer.email, ip: "192.0.2.4" },
        organisationId: helmond.id,
        year: 2024,
        versionNumber: 1,
        decision: "reopen",
        reason: "Het inkoopvolume lijkt niet te kloppen.",
      });
      const officer = await loginAs(db, { email: "inkoper@helmond.example" });
      const form = await (
        await portal.fetch("/organisatie/gemeente-helmond/rapportage/2024/algemeen", { headers: { Cookie: officer } })
      ).text();
      expect(form).toContain("Inkoopvolume in euro&#x27;s, zonder btw");
      // The accepted version 1 still reads as it did (its answers; the review panel differs now that it was reopened).
      const answersOf = (main: string) => /Algemeen: inkoopvolume[\s\S]*?<\/table>/.exec(main)?.[0];
      const reopened = await mainOf(await portal.fetch(`${url}?versie=1`, { headers: { Cookie: ministry } }));
      expect(answersOf(reopened)).toBeDefined();
      expect(answersOf(reopened)).toEqual(answersOf(before));
    });

    it("adds and retires questions of a year that has not opened, through the admin forms", async () => {
      const admin = await loginAs(db, { email: "beheer@ienw.example" });
      const post = (url: string, fields: Record<string, string>) =>
        portal.fetch(url, {
          method: "POST",
          headers: { Cookie: admin, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields).toString(),
        });
      // A new year, its catalogue copied from 2025.
      expect((await post("/beheer/catalogus", { year: "2095", opensAt: "2096-01-15", dueAt: "2096-04-01" })).status).toBe(302);
      expect((await post("/beheer/catalogus", { intent: "copy", van: "2025", naar: "2095" })).status).toBe(302);
      const before = await db.selectFrom("indicator").select("code").where("year", "=", 2095).where("retired", "=", 0).execute();

      const added = await post("/beheer/catalogus/nieuw?jaar=2095", {
        section: "klimaat",
        label: "Aantal elektrische voertuigen in het wagenpark",
        unit: "count",
        minValue: "0",
        maxValue: "",
        usualMax: "",
      });
      expect(added.status).toBe(302);
      const created = await db
        .selectFrom("indicator")
        .selectAll()
        .where("year", "=", 2095)
        .where("label", "=", "Aantal elektrische voertuigen in het wagenpark")
        .executeTakeFirstOrThrow();
      expect([created.code, created.section, created.unit, created.aggregation]).toEqual([
        "aantal_elektrische_voertuigen_in_het_wagenpark",
        "klimaat",
        "count",
        "sum",
      ]);
      // A question without a number has no bounds: a Dutch message at the field, the input kept.
      const refused = await post("/beheer/catalogus/nieuw?jaar=2095", {
        section: "algemeen",
        label: "Heeft u een inkoopbeleid?",
        unit: "yes_no",
        maxValue: "5",
      });
      expect(refused.status).toBe(400);
      const refusedPage = await refused.text();
      expect(refusedPage).toContain("Een vraag zonder getal heeft geen grenzen.");
      expect(refusedPage).toContain("Heeft u een inkoopbeleid?");

      expect((await post(`/beheer/catalogus/${created.id}`, { intent: "vervallen" })).status).toBe(400);
      expect((await post(`/beheer/catalogus/${created.id}`, { intent: "vervallen", bevestig: "on" })).status).toBe(302);
      const after = await db.selectFrom("indicator").select("code").where("year", "=", 2095).where("retired", "=", 0).execute();
      expect(after).toEqual(before);
      expect((await listIndicatorRevisions(db, { indicatorId: created.id })).map((r) => [r.number, r.retired])).toEqual([
        [2, 1],
        [1, 0],
      ]);
      const catalogue = await (await portal.fetch("/beheer/catalogus?jaar=2095", { headers: { Cookie: admin } })).text();
      expect(catalogue).toMatch(/Vervallen vragen in (<!-- -->)?2095/);

      // In a year that has opened, neither is possible.
      const opened = await db
        .selectFrom("indicator")
        .select("id")
        .where("year", "=", 2025)
        .where("unit", "=", "text")
        .executeTakeFirstOrThrow();
      const late = await post(`/beheer/catalogus/${opened.id}`, { intent: "vervallen", bevestig: "on" });
      expect(late.status).toBe(409);
      expect(await late.text()).toContain("is al geopend");
      expect(
        (await post("/beheer/catalogus/nieuw?jaar=2025", { section: "algemeen", label: "Een late vraag", unit: "count" })).status,
      ).toBe(409);
    });

    it("keeps revisions append-only", async () => {
      await expect(db.updateTable("indicator_revision").set({ label: "x" }).execute()).rejects.toThrow(/append-only/);
    });
  });
}
