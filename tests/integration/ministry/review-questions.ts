import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askReportQuestion, checkBulkAcceptance, reviseReport, saveAnswers, submitReport } from "~/models/report.server";
import { revisePlan } from "~/models/action-plan.server";
import { startAndFill, submitDraft } from "../../../db/demo-plans";
import { loginAs } from "../../e2e/login-as";
import { serveDemoInProcess, textOfHtml } from "../../helpers/in-process";

// Issue #24, questions on single values: the reviewer asks about two values of a submitted report
// (one marked for follow-up); accepting is refused while they are open; the return e-mail lists
// them; the Unie answers one on behalf of its waterschap and corrects the other value; the
// reviewer sees question, answer and the value before and after, closes both and accepts. Every
// step through the built portal's request handler, read back from the tables and the pages.

const text = textOfHtml;

type Portal = Awaited<ReturnType<typeof serveDemoInProcess>>["portal"];

/** Posting a form as a browser would (no redirects followed), and reading a page, with a session cookie. */
function browserOf(portal: Portal) {
  return {
    send: (cookie: string, url: string, fields: [string, string][]) =>
      portal.fetch(url, {
        method: "POST",
        headers: { Cookie: cookie, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      }),
    get: async (cookie: string, url: string) => (await portal.fetch(url, { headers: { Cookie: cookie } })).text(),
  };
}

export function reviewQuestionsTest() {
  describe("questions on single values", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("review-questions");
    });
    afterAll(() => demo?.cleanup());

    it("runs from asking to accepting, with every transition checked with questions open and closed", async () => {
      const { db, portal } = demo;
      const delta = await db
        .selectFrom("organisation")
        .select(["id", "slug"])
        .where("name", "=", "Waterschap Brabantse Delta")
        .executeTakeFirstOrThrow();
      const review = `/ministerie/rapportages/${delta.slug}/2025`;
      const own = `/organisatie/${delta.slug}/rapportage/2025`;
      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const unie = await loginAs(db, { email: "inkoper@uvw.example" });
      const { send, get } = browserOf(portal);
      const questions = () => db.selectFrom("review_question").selectAll().where("organisation_id", "=", delta.id).orderBy("id").execute();
      const newest = () =>
        db
          .selectFrom("report_version as v")
          .innerJoin("report as r", "r.id", "v.report_id")
          .select(["v.number", "v.status", "v.lock_version"])
          .where("r.organisation_id", "=", delta.id)
          .where("r.year", "=", 2025)
          .orderBy("v.number", "desc")
          .executeTakeFirstOrThrow();

      // The review page offers every value of the version: the questions per section and the actions.
      const page = await get(ministry, review);
      const offered = [...page.matchAll(/<option value="((?:answer|action):[^"]+)"/g)].map((m) => m[1]!);
      const two = await db
        .selectFrom("indicator")
        .select(["id", "code", "label"])
        .where("year", "=", 2025)
        .where("unit", "=", "count")
        .orderBy("position")
        .limit(2)
        .execute();
      const [first, second] = two;
      expect(offered).toContain(`answer:${first!.code}`);
      expect(offered).toContain(`answer:${second!.code}`);
      // "Vraag stellen" next to a value preselects it.
      const preselected = await get(ministry, `${review}?versie=1&vraag=answer:${first!.code}`);
      expect(preselected).toMatch(new RegExp(`<option value="answer:${first!.code}" selected`));

      // Bad input: a Dutch message at the field, what was typed kept, nothing stored.
      const bad = await send(ministry, review, [
        ["intent", "ask"],
        ["version", "1"],
        ["about", "answer:bestaat_niet"],
        ["question", "Waarom is dit zo?"],
      ]);
      expect(bad.status).toBe(409);
      const badHtml = await bad.text();
      expect(text(badHtml)).toContain("Dit staat niet in deze versie. Kies iets uit de lijst.");
      expect(badHtml).toContain("Waarom is dit zo?");
      const short = await send(ministry, review, [
        ["intent", "ask"],
        ["version", "1"],
        ["about", `answer:${first!.code}`],
        ["question", "?"],
      ]);
      expect(short.status).toBe(400);
      expect(text(await short.text())).toContain("Schrijf uw vraag in ten minste 5 tekens.");
      expect(await questions()).toEqual([]);

      // Two questions, one marked for follow-up.
      const asked1 = await send(ministry, review, [
        ["intent", "ask"],
        ["version", "1"],
        ["about", `answer:${first!.code}`],
        ["question", "Klopt dit aantal? Vorig jaar was het veel lager."],
        ["followUp", "on"],
      ]);
      expect(asked1.status).toBe(302);
      const asked2 = await send(ministry, review, [
        ["intent", "ask"],
        ["version", "1"],
        ["about", `answer:${second!.code}`],
        ["question", "Telt u hier ook de raamcontracten mee?"],
      ]);
      expect(asked2.status).toBe(302);
      const [q1, q2] = await questions();
      expect(q1).toMatchObject({ version_number: 1, target: "answer", item: first!.code, follow_up: 1, answer: null, closed_at: null });
      expect(q2).toMatchObject({ version_number: 1, target: "answer", item: second!.code, follow_up: 0 });
      const withQuestions = text(await get(ministry, review));
      expect(withQuestions).toContain("Vragen 2 vragen zijn nog niet afgesloten");
      expect(withQuestions).toContain("Klopt dit aantal? Vorig jaar was het veel lager.");
      expect(withQuestions).toContain("Opvolgen");

      // Accepting is refused while a question is open, on the page and together with others.
      const accept = await send(ministry, review, [
        ["intent", "accept"],
        ["version", "1"],
      ]);
      expect(accept.status).toBe(409);
      expect(text(await accept.text())).toContain("Er zijn nog vragen over waarden in deze rapportage die niet zijn afgesloten.");
      expect((await newest()).status).toBe("submitted");
      const [bulk] = await checkBulkAcceptance(db, { year: 2025, choices: [{ slug: delta.slug, number: 1 }] });
      expect(bulk!.problem).toBe("Er staan vragen open over waarden in deze rapportage. Beoordeel haar apart.");

      // A signatory can never ask or close: the ministry's pages are not theirs, and their own page has no such step.
      const foreignAsk = await send(unie, review, [
        ["intent", "ask"],
        ["version", "1"],
        ["about", `answer:${first!.code}`],
        ["question", "Een vraag van een inkoper."],
      ]);
      expect(foreignAsk.status).toBeGreaterThanOrEqual(400);
      expect(foreignAsk.status).toBeLessThan(500);
      const unieActor = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "inkoper@uvw.example")
        .executeTakeFirstOrThrow();
      await expect(
        askReportQuestion(db, {
          actor: { userId: unieActor.id, email: unieActor.email, ip: "192.0.2.9" },
          organisationId: delta.id,
          year: 2025,
          versionNumber: 1,
          target: "answer",
          item: first!.code,
          text: "Een vraag buiten het portaal om.",
          followUp: false,
        }),
      ).rejects.toThrow("report not found");
      const ownClose = await send(unie, own, [
        ["intent", "close-question"],
        ["questionId", String(q1!.id)],
      ]);
      expect(ownClose.status).toBe(400);
      expect((await questions()).length).toBe(2);
      expect((await questions()).every((q) => q.closed_at === null)).toBe(true);

      // Returning lists the open questions in the e-mail.
      const mailsBefore =
        (
          await db
            .selectFrom("mail_message")
            .select((eb) => eb.fn.max("id").as("id"))
            .executeTakeFirst()
        )?.id ?? 0;
      const returned = await send(ministry, review, [
        ["intent", "return"],
        ["version", "1"],
        ["reason", "Bekijk de twee vragen over de aantallen."],
      ]);
      expect(returned.status).toBe(302);
      const mails = await db.selectFrom("mail_message").select(["subject", "text_body"]).where("id", ">", Number(mailsBefore)).execute();
      expect(mails.length).toBeGreaterThan(0);
      for (const mail of mails) {
        expect(mail.text_body).toContain("Het ministerie heeft 2 vragen over waarden:");
        expect(mail.text_body).toContain(`> ${first!.label}\n> Klopt dit aantal? Vorig jaar was het veel lager.`);
        expect(mail.text_body).toContain(`> ${second!.label}\n> Telt u hier ook de raamcontracten mee?`);
      }

      // The Unie sees both questions on the report's page and next to the value in the form.
      const ownPage = text(await get(unie, own));
      expect(ownPage).toContain("Het ministerie heeft ook vragen over waarden: 2 vragen wachten op uw antwoord");
      expect(ownPage).toContain("Telt u hier ook de raamcontracten mee?");
      const unieUser = await db
        .selectFrom("user")
        .select(["id", "email", "name"])
        .where("email", "=", "inkoper@uvw.example")
        .executeTakeFirstOrThrow();
      const actor = { userId: unieUser.id, email: unieUser.email, ip: "192.0.2.1" };
      await reviseReport(db, { actor, organisationId: delta.id, year: 2025 });
      const section = await db.selectFrom("indicator").select("section").where("id", "=", first!.id).executeTakeFirstOrThrow();
      const form = await get(unie, `${own}/${section.section}`);
      expect(text(form)).toContain("Vraag van het ministerie: Klopt dit aantal? Vorig jaar was het veel lager. Beantwoorden");

      // Answering: an empty answer is refused at the field; another organisation's question is not found.
      const empty = await send(unie, own, [
        ["intent", "answer-question"],
        ["questionId", String(q2!.id)],
        ["answer", " "],
      ]);
      expect(empty.status).toBe(400);
      expect(text(await empty.text())).toContain("Schrijf uw antwoord in ten minste 2 tekens.");
      const other = await db
        .selectFrom("organisation")
        .select("slug")
        .where("name", "=", "Waterschap Rivierenland")
        .executeTakeFirstOrThrow();
      const elsewhere = await send(unie, `/organisatie/${other.slug}/rapportage/2025`, [
        ["intent", "answer-question"],
        ["questionId", String(q2!.id)],
        ["answer", "Een antwoord op de verkeerde plek."],
      ]);
      expect(elsewhere.status).toBe(404);
      expect(text(await elsewhere.text())).toContain("Deze vraag bestaat niet (meer).");
      expect((await questions())[1]!.answer).toBeNull();

      // The Unie answers the second question on behalf of the waterschap, and corrects the first value.
      const answered = await send(unie, own, [
        ["intent", "answer-question"],
        ["questionId", String(q2!.id)],
        ["answer", "Ja, de raamcontracten tellen mee."],
      ]);
      expect(answered.status).toBe(302);
      // A second answer from a page opened before that one is refused: it would overwrite it unseen.
      const stale = await send(unie, own, [
        ["intent", "answer-question"],
        ["questionId", String(q2!.id)],
        ["seen", ""],
        ["answer", "Nee, alleen losse opdrachten."],
      ]);
      expect(stale.status).toBe(409);
      const staleHtml = await stale.text();
      expect(text(staleHtml)).toContain("Iemand anders heeft deze vraag intussen beantwoord.");
      expect(staleHtml).toContain("Nee, alleen losse opdrachten.");
      expect((await questions())[1]!.answer).toBe("Ja, de raamcontracten tellen mee.");
      const answerEvent = await db
        .selectFrom("audit_event")
        .select(["user_id", "acting_organisation_id", "object_id"])
        .where("action", "=", "report.question_answered")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(answerEvent).toEqual({ user_id: unieUser.id, acting_organisation_id: delta.id, object_id: String(q2!.id) });
      const before = await db
        .selectFrom("report_value as rv")
        .innerJoin("report_version as v", "v.id", "rv.version_id")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("rv.number_value")
        .where("r.organisation_id", "=", delta.id)
        .where("r.year", "=", 2025)
        .where("v.number", "=", 1)
        .where("rv.indicator_id", "=", first!.id)
        .executeTakeFirstOrThrow();
      const corrected = (before.number_value ?? 0) + 3;
      const lock = await saveAnswers(db, {
        actor,
        organisationId: delta.id,
        year: 2025,
        lockVersion: (await newest()).lock_version,
        answers: new Map([[first!.id, { state: "value", number: corrected, text: null, explanation: null, prefilled: false }]]),
        section: section.section,
      });
      await submitReport(db, { actor, organisationId: delta.id, year: 2025, lockVersion: lock });

      // The ministry's work queue names the report with an answer waiting.
      const home = text(await get(ministry, "/ministerie"));
      expect(home).toContain("1 beantwoorde vraag wacht op u; 1 vraag is nog niet beantwoord.");
      expect(home).toMatch(
        /Rapportage 2025 van Waterschap Brabantse Delta\s*: 1 beantwoord, 1 nog niet beantwoord, 1 gemarkeerd voor opvolging Alle ondertekenaars/,
      );
      // The reviewer sees question, answer, and the value in version 1 beside version 2.
      const second2 = await get(ministry, review);
      const block = (id: number) =>
        text(/data-testid="vraag-\d+"[\s\S]*?<\/li>/.exec(second2.slice(second2.indexOf(`data-testid="vraag-${id}"`)))![0]);
      const nf = new Intl.NumberFormat("nl-NL");
      expect(block(q2!.id)).toContain(`Ja, de raamcontracten tellen mee. ${unieUser.name} namens Waterschap Brabantse Delta`);
      expect(block(q2!.id)).toContain("Beantwoord");
      expect(block(q1!.id)).toContain("Nog niet beantwoord.");
      expect(block(q1!.id)).toContain(`Waarde in versie 1 ${nf.format(before.number_value ?? 0)}`);
      expect(block(q1!.id)).toContain(`Waarde in versie 2 ${nf.format(corrected)} (gewijzigd)`);
      // The answer is in the value's history too.
      const history = text(await get(ministry, `${review}/geschiedenis/${second!.code}`));
      expect(history).toContain("Telt u hier ook de raamcontracten mee?");
      expect(history).toContain("Ja, de raamcontracten tellen mee.");

      // Closing both, then accepting; a closed question cannot be answered or closed again.
      for (const q of [q1!, q2!]) {
        const closed = await send(ministry, review, [
          ["intent", "close-question"],
          ["questionId", String(q.id)],
        ]);
        expect(closed.status).toBe(302);
      }
      const again = await send(ministry, review, [
        ["intent", "close-question"],
        ["questionId", String(q1!.id)],
      ]);
      expect(again.status).toBe(409);
      expect(text(await again.text())).toContain("Deze vraag is al afgesloten.");
      const late = await send(unie, own, [
        ["intent", "answer-question"],
        ["questionId", String(q1!.id)],
        ["answer", "Te laat."],
      ]);
      expect(late.status).toBe(409);
      expect((await questions())[0]!.answer).toBeNull();
      const accepted = await send(ministry, review, [
        ["intent", "accept"],
        ["version", "2"],
      ]);
      expect(accepted.status).toBe(302);
      expect(await newest()).toMatchObject({ number: 2, status: "accepted" });
      // Asking about an accepted version is refused; the follow-up mark stays after closing.
      const afterAccept = await send(ministry, review, [
        ["intent", "ask"],
        ["version", "2"],
        ["about", `answer:${first!.code}`],
        ["question", "Nog een vraag achteraf."],
      ]);
      expect(afterAccept.status).toBe(409);
      expect(text(await afterAccept.text())).toContain("U kunt alleen een vraag stellen over de versie die ter beoordeling ligt.");
      expect((await questions()).map((q) => [q.follow_up, q.closed_at !== null])).toEqual([
        [1, true],
        [0, true],
      ]);
      // The work queue keeps the report for its follow-up mark, with nothing open.
      const homeAfter = text(await get(ministry, "/ministerie"));
      expect(homeAfter).toContain("0 beantwoorde vragen wachten op u; 0 vragen zijn nog niet beantwoord.");
      expect(homeAfter).toMatch(/Rapportage 2025 van Waterschap Brabantse Delta\s*: 1 gemarkeerd voor opvolging Alle ondertekenaars/);
      // Each step is in the audit trail.
      const actions = await db
        .selectFrom("audit_event")
        .select("action")
        .where("object_type", "=", "review_question")
        .orderBy("id")
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        "report.question_asked",
        "report.question_asked",
        "report.question_answered",
        "report.question_closed",
        "report.question_closed",
      ]);
    });
  });
}

export function planQuestionsTest() {
  describe("questions on a plan's themes and actions", () => {
    let demo: Awaited<ReturnType<typeof serveDemoInProcess>>;
    beforeAll(async () => {
      demo = await serveDemoInProcess("plan-questions");
    });
    afterAll(() => demo?.cleanup());

    it("asks about a theme and an action, holds the acceptance, lists them in the return, takes the answer and closes", async () => {
      const { db, portal } = demo;
      // Helmond's officer fills in its plan (or a new version of it) and submits it.
      const waiting = await db
        .selectFrom("organisation")
        .select(["id", "slug", "name"])
        .where("name", "=", "Gemeente Helmond")
        .executeTakeFirstOrThrow();
      const editor = await db
        .selectFrom("user")
        .select(["id", "email", "name"])
        .where("email", "=", "inkoper@helmond.example")
        .executeTakeFirstOrThrow();
      const officerActor = { userId: editor.id, email: editor.email, ip: "192.0.2.3" };
      const newest = async () =>
        db
          .selectFrom("action_plan_version as v")
          .innerJoin("action_plan as p", "p.id", "v.plan_id")
          .select(["v.number", "v.status"])
          .where("p.organisation_id", "=", waiting.id)
          .orderBy("v.number", "desc")
          .executeTakeFirst();
      const before = await newest();
      if (!before) await startAndFill(db, officerActor, waiting.id);
      else if (before.status !== "draft") await revisePlan(db, { actor: officerActor, organisationId: waiting.id });
      await submitDraft(db, officerActor, waiting.id);
      const { number } = (await newest())!;
      const review = `/ministerie/actieplannen/${waiting.slug}`;
      const own = `/organisatie/${waiting.slug}/actieplan`;
      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const officer = await loginAs(db, { id: editor.id });
      const { send, get } = browserOf(portal);

      const page = await get(ministry, review);
      const offered = [...page.matchAll(/<option value="((?:theme|action):[^"]+)"/g)].map((m) => m[1]!);
      const theme = offered.find((o) => o.startsWith("theme:"))!;
      const action = offered.find((o) => o.startsWith("action:"))!;
      expect(theme).toBeDefined();
      expect(action).toBeDefined();
      // A report's kind of value is not a plan's.
      const wrongKind = await send(ministry, review, [
        ["intent", "ask"],
        ["version", String(number)],
        ["about", "answer:inkoopvolume"],
        ["question", "Een vraag over een antwoord."],
      ]);
      expect(wrongKind.status).toBe(400);
      expect(text(await wrongKind.text())).toContain("Kies waarover u een vraag heeft.");
      for (const [about, question] of [
        [theme, "Hoe komt u van stap 2 naar stap 4?"],
        [action, "Wie trekt deze actie na de reorganisatie?"],
      ] as const) {
        const asked = await send(ministry, review, [
          ["intent", "ask"],
          ["version", String(number)],
          ["about", about],
          ["question", question],
        ]);
        expect(asked.status).toBe(302);
      }
      const accept = await send(ministry, review, [
        ["intent", "accept"],
        ["version", String(number)],
      ]);
      expect(accept.status).toBe(409);
      expect(text(await accept.text())).toContain("Er zijn nog vragen over dit actieplan die niet zijn afgesloten.");
      const mailsBefore =
        (
          await db
            .selectFrom("mail_message")
            .select((eb) => eb.fn.max("id").as("id"))
            .executeTakeFirst()
        )?.id ?? 0;
      const returned = await send(ministry, review, [
        ["intent", "return"],
        ["version", String(number)],
        ["reason", "Zie de twee vragen bij het plan."],
      ]);
      expect(returned.status).toBe(302);
      const mail = await db.selectFrom("mail_message").select("text_body").where("id", ">", Number(mailsBefore)).executeTakeFirstOrThrow();
      expect(mail.text_body).toContain("Het ministerie heeft 2 vragen over waarden:");
      expect(mail.text_body).toContain("Hoe komt u van stap 2 naar stap 4?");

      // The organisation sees both, answers the action's question.
      const ownPage = text(await get(officer, own));
      expect(ownPage).toContain("Het ministerie heeft vragen over uw plan: 2 vragen wachten op uw antwoord");
      const [q1, q2] = await db
        .selectFrom("review_question")
        .select(["id", "target", "item", "version_number"])
        .where("organisation_id", "=", waiting.id)
        .orderBy("id")
        .execute();
      expect(q1).toMatchObject({ target: "theme", item: theme.slice("theme:".length), version_number: number });
      expect(q2).toMatchObject({ target: "action", item: action.slice("action:".length) });
      const answered = await send(officer, own, [
        ["intent", "answer-question"],
        ["questionId", String(q2!.id)],
        ["answer", "De afdeling inkoop blijft de trekker."],
      ]);
      expect(answered.status).toBe(302);
      const reviewed = await get(ministry, review);
      const block = text(
        /data-testid="vraag-\d+"[\s\S]*?<\/li>/.exec(reviewed.slice(reviewed.indexOf(`data-testid="vraag-${q2!.id}"`)))![0],
      );
      expect(block).toContain(`De afdeling inkoop blijft de trekker. ${editor.name} namens ${waiting.name}`);
      // In a new draft, the themes page shows the theme's question still waiting for an answer; the
      // actions page shows none (the action's question was answered).
      await revisePlan(db, { actor: officerActor, organisationId: waiting.id });
      const themes = text(await get(officer, `${own}/themas`));
      expect(themes).toContain("Het ministerie heeft een vraag over dit onderdeel:");
      expect(themes).toContain("Hoe komt u van stap 2 naar stap 4?");
      expect(text(await get(officer, `${own}/acties`))).not.toContain("Het ministerie heeft een vraag");
      const closed = await send(ministry, review, [
        ["intent", "close-question"],
        ["questionId", String(q2!.id)],
      ]);
      expect(closed.status).toBe(302);
      const states = await db
        .selectFrom("review_question")
        .select(["closed_at", "answer"])
        .where("organisation_id", "=", waiting.id)
        .orderBy("id")
        .execute();
      expect(states.map((q) => [q.answer !== null, q.closed_at !== null])).toEqual([
        [false, false],
        [true, true],
      ]);
      const actions = await db
        .selectFrom("audit_event")
        .select("action")
        .where("object_type", "=", "review_question")
        .orderBy("id")
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        "action_plan.question_asked",
        "action_plan.question_asked",
        "action_plan.question_answered",
        "action_plan.question_closed",
      ]);
    });

    it("accepts clean plans together and sends one with a question not closed to its own page", async () => {
      const { db, portal } = demo;
      const unie = await db.selectFrom("user").select(["id", "email"]).where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow();
      const helmondOfficer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "inkoper@helmond.example")
        .executeTakeFirstOrThrow();
      const orgs = await Promise.all(
        ["Waterschap Rivierenland", "Waterschap Limburg", "Gemeente Helmond"].map((name) =>
          db.selectFrom("organisation").select(["id", "slug", "name"]).where("name", "=", name).executeTakeFirstOrThrow(),
        ),
      );
      const newest = (organisationId: number) =>
        db
          .selectFrom("action_plan_version as v")
          .innerJoin("action_plan as p", "p.id", "v.plan_id")
          .select(["v.number", "v.status"])
          .where("p.organisation_id", "=", organisationId)
          .orderBy("v.number", "desc")
          .executeTakeFirst();
      // Each has a plan waiting for review (Helmond's after its return, with its question on a theme still not closed).
      for (const org of orgs) {
        const actor = { userId: org.name === "Gemeente Helmond" ? helmondOfficer.id : unie.id, email: "x", ip: "192.0.2.4" };
        const now = await newest(org.id);
        if (!now) await startAndFill(db, actor, org.id);
        else if (now.status !== "draft") await revisePlan(db, { actor, organisationId: org.id });
        await submitDraft(db, actor, org.id);
      }
      const numbers = await Promise.all(orgs.map(async (o) => (await newest(o.id))!.number));
      const ministry = await loginAs(db, { email: "analist@ienw.example" });
      const list = await (await portal.fetch("/ministerie/actieplannen?status=submitted", { headers: { Cookie: ministry } })).text();
      const offered = [...list.matchAll(/name="keuze" value="([^"]+)"/g)].map((m) => m[1]);
      const chosen = orgs.map((o, i) => `${o.slug}:${numbers[i]}`);
      for (const c of chosen) expect(offered).toContain(c);
      const query = new URLSearchParams(chosen.map((c) => ["keuze", c])).toString();
      const confirm = await (await portal.fetch(`/ministerie/actieplannen/accepteren?${query}`, { headers: { Cookie: ministry } })).text();
      expect(text(confirm)).toContain("Er zijn vragen over dit plan die niet zijn afgesloten. Beoordeel het apart.");
      expect(text(confirm)).toContain("Deze 2 actieplannen accepteren");
      const posted = [...confirm.matchAll(/type="hidden" name="keuze" value="([^"]+)"/g)].map((m) => m[1]!);
      expect(posted.sort()).toEqual(chosen.slice(0, 2).sort());
      const eventsBefore =
        (
          await db
            .selectFrom("audit_event")
            .select((eb) => eb.fn.max("id").as("id"))
            .executeTakeFirst()
        )?.id ?? 0;
      const done = await portal.fetch("/ministerie/actieplannen/accepteren", {
        method: "POST",
        headers: { Cookie: ministry, Origin: portal.origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(posted.map((c) => ["keuze", c])).toString(),
        redirect: "manual",
      });
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toBe("/ministerie/actieplannen?geaccepteerd=2");
      expect((await newest(orgs[0]!.id))!.status).toBe("accepted");
      expect((await newest(orgs[1]!.id))!.status).toBe("accepted");
      expect((await newest(orgs[2]!.id))!.status).toBe("submitted");
      const events = await db
        .selectFrom("audit_event")
        .select("action")
        .where("id", ">", Number(eventsBefore))
        .where("action", "like", "action_plan.%")
        .execute();
      expect(events).toEqual([{ action: "action_plan.accepted" }, { action: "action_plan.accepted" }]);
      const after = text(await (await portal.fetch(done.headers.get("location")!, { headers: { Cookie: ministry } })).text());
      expect(after).toContain("U heeft 2 actieplannen geaccepteerd.");
    });
  });
}
