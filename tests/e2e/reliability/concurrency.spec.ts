import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewReport, startReport } from "~/models/report.server";
import { ownServer, postForm, type OwnServer } from "./own-server";

const RACERS = 1000;
const BASES = 25; // the racers start from 25 different lock versions, as if loaded at different moments
const REPORT_CONFLICT = "Iemand anders heeft deze rapportage gewijzigd nadat u de pagina opende.";

/** The HTML as the browser shows it (React escapes apostrophes and the like). */
const text = async (response: Response) => (await response.text()).replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

describe("concurrent saves and submits over HTTP", () => {
  let own: OwnServer;
  let helmondCookie: string;
  let unieCookie: string;

  beforeAll(async () => {
    own = await ownServer(async (db) => {
      const id = async (slug: string) =>
        (await db.selectFrom("organisation").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
      const actor = async (email: string) => {
        const u = await db.selectFrom("user").select(["id", "email"]).where("email", "=", email).executeTakeFirstOrThrow();
        return { userId: u.id, email: u.email, ip: "127.0.0.1" };
      };
      // Helmond's 2025 report, a fresh draft; and Vallei en Veluwe's accepted 2025 report
      // reopened by the ministry: a complete draft, ready to submit.
      await startReport(db, {
        actor: await actor("inkoper@helmond.example"),
        organisationId: await id("gemeente-helmond"),
        year: 2025,
        today: "2026-02-01",
      });
      await reviewReport(db, {
        actor: await actor("analist@ienw.example"),
        organisationId: await id("waterschap-vallei-en-veluwe"),
        year: 2025,
        versionNumber: 1,
        decision: "reopen",
        reason: "Controle van de cijfers",
      });
    });
    helmondCookie = await own.cookieFor("inkoper@helmond.example");
    unieCookie = await own.cookieFor("inkoper@uvw.example");
  });
  afterAll(() => own?.cleanup());

  const auditCount = async (action: string, objectId: number) =>
    (
      await own.db
        .selectFrom("audit_event")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("action", "=", action)
        .where("object_id", "=", String(objectId))
        .executeTakeFirstOrThrow()
    ).n;

  const reportDraft = (slug: string) =>
    own.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["v.id", "v.lock_version", "v.status", "v.number"])
      .where("o.slug", "=", slug)
      .where("r.year", "=", 2025)
      .orderBy("v.number", "desc")
      .executeTakeFirstOrThrow();

  it(`${RACERS} concurrent saves of one draft: stale ones are refused with the Dutch conflict message, no accepted save is lost`, async () => {
    const question = await own.db
      .selectFrom("indicator")
      .select(["id", "code"])
      .where("year", "=", 2025)
      .where("section", "=", "algemeen")
      .where("unit", "=", "count")
      .orderBy("position")
      .executeTakeFirstOrThrow();
    const start = await reportDraft("gemeente-helmond");
    const url = "/organisatie/gemeente-helmond/rapportage/2025/algemeen";

    const results = await Promise.all(
      Array.from({ length: RACERS }, async (_, i) => {
        const base = start.lock_version + (i % BASES);
        const value = 10_000 + i;
        const response = await postForm(own.server, url, helmondCookie, {
          intent: "save",
          lockVersion: String(base),
          [`staat.${question.code}`]: "value",
          [`waarde.${question.code}`]: String(value),
        });
        const body = await text(response);
        return {
          base,
          value,
          status: response.status,
          location: response.headers.get("location"),
          conflict: body.includes(REPORT_CONFLICT),
        };
      }),
    );

    const accepted = results.filter((r) => r.status === 302 && r.location?.endsWith("/rapportage/2025?opgeslagen"));
    const refused = results.filter((r) => r.status === 409 && r.conflict);
    const other = results.filter((r) => !accepted.includes(r) && !refused.includes(r)).map((r) => `${r.status} ${r.location ?? ""}`);
    expect(other, "every save is either accepted or refused as a conflict (never a 500)").toEqual([]);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBe(RACERS - accepted.length);

    // Each lock version was claimed by exactly one accepted save, in an unbroken chain.
    const bases = accepted.map((r) => r.base).sort((a, b) => a - b);
    expect(bases).toEqual(Array.from({ length: accepted.length }, (_, k) => start.lock_version + k));

    // The counter moved once per accepted save, and the stored answer is the last accepted one.
    const end = await reportDraft("gemeente-helmond");
    expect(end.lock_version - start.lock_version).toBe(accepted.length);
    const last = accepted.find((r) => r.base === start.lock_version + accepted.length - 1)!;
    const stored = await own.db
      .selectFrom("report_value")
      .select(["number_value", "state"])
      .where("version_id", "=", end.id)
      .where("indicator_id", "=", question.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: "value", number_value: last.value });
    expect(await auditCount("report.saved", end.id)).toBe(accepted.length);
  }, 300_000);

  it("a double-clicked submit (ten concurrent POSTs) submits the report exactly once", async () => {
    const slug = "waterschap-vallei-en-veluwe";
    const draft = await reportDraft(slug);
    expect(draft).toMatchObject({ status: "draft", number: 2 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await postForm(own.server, `/organisatie/${slug}/rapportage/2025/controleren`, unieCookie, {
          lockVersion: String(draft.lock_version),
        });
        await response.arrayBuffer();
        return { status: response.status, location: response.headers.get("location") ?? "" };
      }),
    );
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    // One answer says "submitted"; the others find no draft any more (back to the report) or a conflict.
    expect(responses.filter((r) => r.status === 302 && r.location.includes("?ingediend="))).toHaveLength(1);
    const after = await own.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["v.number", "v.status"])
      .where("o.slug", "=", slug)
      .where("r.year", "=", 2025)
      .orderBy("v.number")
      .execute();
    expect(after).toEqual([
      { number: 1, status: "accepted" },
      { number: 2, status: "submitted" },
    ]);
    expect(await auditCount("report.submitted", draft.id)).toBe(1);
  }, 120_000);

  it("a double-clicked plan submit (ten concurrent POSTs) submits the plan exactly once", async () => {
    const slug = "waterschap-limburg"; // accepted version 1, a complete revision (version 2) in draft
    const plan = () =>
      own.db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .innerJoin("organisation as o", "o.id", "p.organisation_id")
        .select(["v.id", "v.number", "v.status", "v.lock_version"])
        .where("o.slug", "=", slug)
        .orderBy("v.number")
        .execute();
    const draft = (await plan()).find((v) => v.status === "draft")!;
    const responses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await postForm(own.server, `/organisatie/${slug}/actieplan/controleren`, unieCookie, {
          lockVersion: String(draft.lock_version),
        });
        await response.arrayBuffer();
        return { status: response.status, location: response.headers.get("location") ?? "" };
      }),
    );
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(responses.filter((r) => r.status === 302 && r.location.endsWith("?ingediend"))).toHaveLength(1);
    expect((await plan()).map((v) => v.status)).toEqual(["accepted", "submitted"]);
    expect(await auditCount("action_plan.submitted", draft.id)).toBe(1);
  }, 120_000);
});
