import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviseReport, saveAnswers, submitReport } from "~/models/report.server";
import { loginAs } from "../../e2e/login-as";
import { serveDemoInProcess, textOfHtml } from "../../helpers/in-process";

// Issue #24: after a return, the reviewer sees what changed since the version they returned, and
// the signatory sees the same in its version history; the changed questions are recomputed here
// from the stored values of both versions, apart from the portal's code.

const text = textOfHtml;

export function reportChangesTest() {
  describe("changes since the previous version of a report", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("report-changes");
    });
    afterAll(() => demo?.cleanup());

    it("lists exactly the changed values, before and after, on the review page and in the version history", async () => {
      const { db, portal } = demo;
      const org = await db
        .selectFrom("organisation")
        .select(["id", "slug"])
        .where("name", "=", "Waterschap Limburg")
        .executeTakeFirstOrThrow();
      const unie = await db.selectFrom("user").select(["id", "email"]).where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow();
      const actor = { userId: unie.id, email: unie.email, ip: "192.0.2.1" };
      // Limburg's 2025 report was returned in the demo: the Unie revises it, changes two values
      // (one by less than half, so no explanation is needed) and submits version 2.
      await reviseReport(db, { actor, organisationId: org.id, year: 2025 });
      const draft = await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select(["v.id", "v.lock_version"])
        .where("r.organisation_id", "=", org.id)
        .where("r.year", "=", 2025)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow();
      const values = await db
        .selectFrom("report_value as rv")
        .innerJoin("indicator as i", "i.id", "rv.indicator_id")
        .select(["i.id", "i.code", "i.label", "i.unit", "rv.state", "rv.number_value", "rv.text_value", "rv.explanation"])
        .where("rv.version_id", "=", draft.id)
        .execute();
      const numbers = values.filter((v) => v.state === "value" && v.number_value !== null && ["eur", "count"].includes(v.unit));
      const [first, second] = numbers;
      const answers = new Map(
        [first!, second!].map((v) => [
          v.id,
          { state: "value" as const, number: Math.round(v.number_value! * 1.1), text: null, explanation: v.explanation, prefilled: false },
        ]),
      );
      const lock = await saveAnswers(db, {
        actor,
        organisationId: org.id,
        year: 2025,
        lockVersion: draft.lock_version,
        answers,
        section: "algemeen",
      });
      await submitReport(db, { actor, organisationId: org.id, year: 2025, lockVersion: lock });

      // The changed questions from the tables: version 1's values against version 2's.
      const versionValues = async (number: number) =>
        db
          .selectFrom("report_value as rv")
          .innerJoin("report_version as v", "v.id", "rv.version_id")
          .innerJoin("report as r", "r.id", "v.report_id")
          .innerJoin("indicator as i", "i.id", "rv.indicator_id")
          .select(["i.code", "rv.state", "rv.number_value", "rv.text_value", "rv.explanation"])
          .where("r.organisation_id", "=", org.id)
          .where("r.year", "=", 2025)
          .where("v.number", "=", number)
          .execute();
      const [one, two] = [await versionValues(1), await versionValues(2)];
      const key = (v: (typeof one)[number] | undefined) =>
        JSON.stringify(v ? [v.state, v.number_value, v.text_value, v.explanation] : null);
      const codes = [...new Set([...one, ...two].map((v) => v.code))];
      const changed = codes.filter((c) => key(one.find((v) => v.code === c)) !== key(two.find((v) => v.code === c))).sort();
      expect(changed).toEqual([first!.code, second!.code].sort());

      const shownChanges = (html: string) => [...html.matchAll(/data-testid="wijziging-([^"]+)"/g)].map((m) => m[1]!).sort();
      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const review = await (await portal.fetch(`/ministerie/rapportages/${org.slug}/2025`, { headers: { Cookie: ministry } })).text();
      expect(text(review)).toContain("Sinds versie 1 2 waarden gewijzigd");
      expect(text(review)).toContain("In versie 2 zijn 2 waarden anders dan in versie 1.");
      expect(shownChanges(review)).toEqual(changed);
      // Before and after, as the page writes amounts (nl-NL).
      const row = /data-testid="wijziging-[^"]+"[\s\S]*?<\/tr>/.exec(
        review.slice(review.indexOf(`data-testid="wijziging-${first!.code}"`) - 40),
      )![0];
      const nl = (n: number) => new Intl.NumberFormat("nl-NL").format(n);
      expect(text(row)).toContain(nl(first!.number_value!));
      expect(text(row)).toContain(nl(Math.round(first!.number_value! * 1.1)));

      const all = await (
        await portal.fetch(`/ministerie/rapportages/${org.slug}/2025?versie=2&wijzigingen=alle`, { headers: { Cookie: ministry } })
      ).text();
      expect(shownChanges(all).length).toBeGreaterThan(changed.length);
      expect(shownChanges(all)).toEqual(expect.arrayContaining(changed));

      // The signatory's version history shows the same.
      const own = await (
        await portal.fetch(`/organisatie/${org.slug}/rapportage/2025/versies/2`, {
          headers: { Cookie: await loginAs(db, { id: unie.id }) },
        })
      ).text();
      expect(shownChanges(own)).toEqual(changed);
      // A first version has nothing to compare with.
      const v1 = await (
        await portal.fetch(`/organisatie/${org.slug}/rapportage/2025/versies/1`, {
          headers: { Cookie: await loginAs(db, { id: unie.id }) },
        })
      ).text();
      expect(v1).not.toContain("Gewijzigd sinds versie");
    });
  });
}
