import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditIdErrors, auditSearchSchema } from "~/models/admin.schema";
import { resolveAuditFilters } from "~/models/audit-objects.server";
import { AUDIT_CSV_HEADER, auditEventsCsv, searchAuditEvents } from "~/models/audit.server";
import { CSV_SEPARATOR } from "~/utils/csv-write";
import { createTestDb, idOf, type TestDb } from "../../helpers/db";

// The audit trail's search (/beheer/audit) and its CSV download (/beheer/audit.csv) on known
// events. Each event carries a label in its ip column, so a result reads as a set of labels.
// Filters go through auditSearchSchema as the routes parse the query string.

type Event = {
  label: string;
  at: string;
  email?: string;
  acting?: number;
  objectType?: string;
  objectId?: string;
  detail?: Record<string, unknown>;
};

describe("audit trail search and CSV", () => {
  let t: TestDb;
  let helmond: number;
  let aaEnMaas: number;

  async function insert(events: Event[]) {
    for (let i = 0; i < events.length; i += 500) {
      await t.db
        .insertInto("audit_event")
        .values(
          events.slice(i, i + 500).map((e) => ({
            occurred_at: e.at,
            action: "test.event",
            user_email: e.email ?? null,
            acting_organisation_id: e.acting ?? null,
            object_type: e.objectType ?? null,
            object_id: e.objectId ?? null,
            ip: e.label,
            detail: e.detail ? JSON.stringify(e.detail) : null,
          })),
        )
        .execute();
    }
  }

  const filters = (query: Record<string, string>) => auditSearchSchema.parse(query);

  async function searched(query: Record<string, string>): Promise<string[]> {
    const result = await searchAuditEvents(t.db, { filters: filters(query), pageSize: 10_000 });
    expect(result.total).toBe(result.events.length);
    return result.events.map((e) => e.ip!).sort();
  }

  async function csvRows(query: Record<string, string>): Promise<string[][]> {
    // Keep the byte order mark (Response.text() would drop it): Excel needs it for Fryslân.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      await new Response(auditEventsCsv(t.db, { filters: filters(query) })).arrayBuffer(),
    );
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = text
      .slice(1)
      .split("\r\n")
      .filter((l) => l !== "");
    expect(header).toBe(AUDIT_CSV_HEADER.join(CSV_SEPARATOR));
    // The labels and names contain no separator; only a note someone typed (the last column) can be quoted.
    return rows.map((r) => r.split(CSV_SEPARATOR));
  }

  const exported = async (query: Record<string, string>) => (await csvRows(query)).map((r) => r[6]!).sort();

  beforeEach(async () => {
    t = await createTestDb({ seed: "base" });
    await t.db.deleteFrom("audit_event").execute();
    helmond = await idOf(t.db, "Gemeente Helmond");
    aaEnMaas = await idOf(t.db, "Waterschap Aa en Maas");
    await insert([
      // Which organisation an event is about.
      { label: "acting-helmond", at: "2026-01-10T10:00:00.000Z", email: "inkoper@helmond.example", acting: helmond },
      {
        label: "object-helmond",
        at: "2026-01-11T10:00:00.000Z",
        email: "beheer@ienw.example",
        objectType: "organisation",
        objectId: String(helmond),
      },
      {
        label: "detail-helmond",
        at: "2026-01-12T10:00:00.000Z",
        email: "beheer@ienw.example",
        objectType: "user",
        objectId: "424242",
        detail: { organisation_id: helmond, role: "editor" },
      },
      {
        label: "acting-aa-en-maas",
        at: "2026-01-12T11:00:00.000Z",
        email: "inkoper@uvw.example",
        acting: aaEnMaas,
        detail: { organisation_id: aaEnMaas },
      },
      // A user whose id happens to equal Helmond's: not about Helmond.
      {
        label: "user-with-helmonds-id",
        at: "2026-01-12T12:00:00.000Z",
        email: "beheer@ienw.example",
        objectType: "user",
        objectId: String(helmond),
      },
      { label: "underscore", at: "2026-01-13T10:00:00.000Z", email: "a_b@voorbeeld.example" },
      { label: "no-underscore", at: "2026-01-13T11:00:00.000Z", email: "axb@voorbeeld.example" },
      // Day boundaries in Amsterdam: winter (UTC+1), summer (UTC+2), and the day summer time starts.
      { label: "14-jan-23:59", at: "2026-01-14T22:59:59.999Z", email: "analist@ienw.example" },
      { label: "15-jan-00:00", at: "2026-01-14T23:00:00.000Z", email: "analist@ienw.example" },
      { label: "28-mar-23:30", at: "2026-03-28T22:30:00.000Z", email: "analist@ienw.example" },
      { label: "29-mar-00:30", at: "2026-03-28T23:30:00.000Z", email: "analist@ienw.example" },
      { label: "30-jun-23:59", at: "2026-06-30T21:59:59.999Z", email: "analist@ienw.example" },
      { label: "1-jul-00:00", at: "2026-06-30T22:00:00.000Z", email: "analist@ienw.example" },
    ]);
  });
  afterEach(() => t.cleanup());

  it("filters by organisation: acting for it, about it as an object, or naming it in the detail", async () => {
    expect(await searched({ organisatie: String(helmond) })).toEqual(["acting-helmond", "detail-helmond", "object-helmond"]);
    expect(await searched({ organisatie: String(aaEnMaas) })).toEqual(["acting-aa-en-maas"]);
    // A value that is not an id is no filter at all (a GET form: bad input falls back).
    expect(await searched({ organisatie: "helmond" })).toHaveLength(13);
  });

  it("filters by user: part of the e-mail address, any letter case, % and _ taken literally", async () => {
    expect(await searched({ gebruiker: "inkoper@" })).toEqual(["acting-aa-en-maas", "acting-helmond"]);
    expect(await searched({ gebruiker: "INKOPER@Helmond" })).toEqual(["acting-helmond"]);
    expect(await searched({ gebruiker: "a_b" })).toEqual(["underscore"]);
    expect(await searched({ gebruiker: "%" })).toEqual([]);
    expect(await searched({ organisatie: String(helmond), gebruiker: "beheer@" })).toEqual(["detail-helmond", "object-helmond"]);
  });

  it("filters by Dutch calendar days, an event just before midnight in Amsterdam staying on its own day", async () => {
    expect(await searched({ van: "2026-01-14", tot: "2026-01-14" })).toEqual(["14-jan-23:59"]);
    expect(await searched({ van: "2026-01-15", tot: "2026-01-15" })).toEqual(["15-jan-00:00"]);
    expect(await searched({ van: "2026-06-30", tot: "2026-06-30" })).toEqual(["30-jun-23:59"]);
    expect(await searched({ van: "2026-07-01" })).toEqual(["1-jul-00:00"]);
    // 29 March 2026 starts in winter time (the clocks go forward at 02:00).
    expect(await searched({ van: "2026-03-28", tot: "2026-03-28" })).toEqual(["28-mar-23:30"]);
    expect(await searched({ van: "2026-03-29", tot: "2026-03-29" })).toEqual(["29-mar-00:30"]);
    expect(await searched({ tot: "2026-01-12" })).toEqual([
      "acting-aa-en-maas",
      "acting-helmond",
      "detail-helmond",
      "object-helmond",
      "user-with-helmonds-id",
    ]);
    expect(await searched({ organisatie: String(helmond), van: "2026-01-11", tot: "2026-01-11" })).toEqual(["object-helmond"]);
  });

  it("pages the matches, newest first", async () => {
    const page = (pagina: string) => searchAuditEvents(t.db, { filters: filters({ organisatie: String(helmond), pagina }), pageSize: 2 });
    const first = await page("1");
    expect(first).toMatchObject({ total: 3, page: 1, pages: 2 });
    expect(first.events.map((e) => e.ip)).toEqual(["detail-helmond", "object-helmond"]);
    expect((await page("2")).events.map((e) => e.ip)).toEqual(["acting-helmond"]);
    // A page past the end shows the last one.
    expect((await page("9")).events.map((e) => e.ip)).toEqual(["acting-helmond"]);
  });

  it("exports the same selection as CSV as the page shows", async () => {
    const queries: Record<string, string>[] = [
      {},
      { organisatie: String(helmond) },
      { gebruiker: "inkoper@" },
      { van: "2026-03-29", tot: "2026-03-29" },
      { van: "2026-01-14", tot: "2026-01-14" },
      { organisatie: String(helmond), gebruiker: "beheer@", van: "2026-01-12" },
    ];
    for (const query of queries) expect(await exported(query), JSON.stringify(query)).toEqual(await searched(query));
    expect(await exported({ organisatie: String(helmond), gebruiker: "beheer@", van: "2026-01-12" })).toEqual(["detail-helmond"]);
    const [row] = await csvRows({ gebruiker: "inkoper@helmond" });
    // An action the portal does not know (old data) reads as a Dutch fallback, never as its code.
    // The time as the page shows it, Dutch local time, with its offset (10:00 UTC is 11:00 in January).
    expect(row).toEqual([
      "2026-01-10T11:00:00+01:00",
      "inkoper@helmond.example",
      "Gemeente Helmond",
      "Andere handeling",
      "",
      "gelukt",
      "acting-helmond",
      "",
      "",
    ]);
  });

  it("keeps to the filter across the export's pages of 1,000", async () => {
    // 2,400 more events, every third one acting for Helmond, in January 2026.
    const more: Event[] = Array.from({ length: 2400 }, (_, i) => ({
      label: `bulk-${i}`,
      at: new Date(Date.parse("2026-01-20T00:00:00Z") + i * 60_000).toISOString(),
      email: "bulk@voorbeeld.example",
      acting: i % 3 === 0 ? helmond : aaEnMaas,
    }));
    await insert(more);
    const helmondBulk = more.filter((e) => e.acting === helmond).map((e) => e.label);
    const labels = await exported({ organisatie: String(helmond), gebruiker: "bulk@" });
    expect(labels).toHaveLength(800);
    expect(labels).toEqual([...helmondBulk].sort());
    expect(await exported({})).toHaveLength(2413);
  });

  describe("by report and by question", () => {
    let report: number;
    let otherReport: number;
    let question: number;
    let otherQuestion: number;

    /** An event's id by its label. */
    const eventId = async (label: string) =>
      (await t.db.selectFrom("audit_event").select("id").where("ip", "=", label).executeTakeFirstOrThrow()).id;

    async function newReport(organisationId: number, versions: number): Promise<{ report: number; versions: number[] }> {
      const at = "2026-01-01T00:00:00.000Z";
      const { id } = await t.db
        .insertInto("report")
        .values({ organisation_id: organisationId, year: 2025, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      const ids: number[] = [];
      for (let number = 1; number <= versions; number++) {
        const v = await t.db
          .insertInto("report_version")
          .values({ report_id: id, number, status: number < versions ? "submitted" : "draft", created_at: at, updated_at: at })
          .returning("id")
          .executeTakeFirstOrThrow();
        ids.push(v.id);
      }
      return { report: id, versions: ids };
    }

    async function valueChange(label: string, args: { reportId: number; indicatorId: number; organisationId: number }) {
      await t.db
        .insertInto("value_change")
        .values({
          audit_event_id: await eventId(label),
          occurred_at: "2026-02-01T10:00:00.000Z",
          organisation_id: args.organisationId,
          subject: "answer",
          report_id: args.reportId,
          indicator_id: args.indicatorId,
          version_number: 1,
          field: "number_value",
          before: null,
          after: "12",
          channel: "form",
        })
        .execute();
    }

    beforeEach(async () => {
      const helmondReport = await newReport(helmond, 2);
      const aaEnMaasReport = await newReport(aaEnMaas, 1);
      report = helmondReport.report;
      otherReport = aaEnMaasReport.report;
      const questions = await t.db.selectFrom("indicator").select("id").where("year", "=", 2025).orderBy("id").limit(2).execute();
      [question, otherQuestion] = questions.map((q) => q.id) as [number, number];
      const at = "2026-02-01T10:00:00.000Z";
      const [v1, v2] = helmondReport.versions as [number, number];
      await insert([
        { label: "report-v1", at, acting: helmond, objectType: "report_version", objectId: String(v1) },
        { label: "report-v2", at, acting: helmond, objectType: "report_version", objectId: String(v2) },
        { label: "other-report", at, acting: aaEnMaas, objectType: "report_version", objectId: String(aaEnMaasReport.versions[0]) },
        // A plan version with the same id as a report version: not about the report.
        { label: "plan-same-id", at, acting: helmond, objectType: "action_plan_version", objectId: String(v1) },
        { label: "answer-changed", at, acting: helmond },
        { label: "other-answer-changed", at, acting: aaEnMaas },
        { label: "question-changed", at, email: "beheer@ienw.example", objectType: "indicator", objectId: String(question) },
        { label: "other-question-changed", at, email: "beheer@ienw.example", objectType: "indicator", objectId: String(otherQuestion) },
      ]);
      await valueChange("answer-changed", { reportId: report, indicatorId: question, organisationId: helmond });
      await valueChange("other-answer-changed", { reportId: otherReport, indicatorId: otherQuestion, organisationId: aaEnMaas });
    });

    it("finds what was done to a report's versions and the changes of its values", async () => {
      expect(await searched({ rapportage: String(report) })).toEqual(["answer-changed", "report-v1", "report-v2"]);
      expect(await searched({ rapportage: String(otherReport) })).toEqual(["other-answer-changed", "other-report"]);
      expect(await searched({ rapportage: String(report), organisatie: String(helmond) })).toEqual([
        "answer-changed",
        "report-v1",
        "report-v2",
      ]);
    });

    it("finds the changes of a question and of the answers to it", async () => {
      expect(await searched({ vraag: String(question) })).toEqual(["answer-changed", "question-changed"]);
      expect(await searched({ vraag: String(otherQuestion) })).toEqual(["other-answer-changed", "other-question-changed"]);
      expect(await searched({ vraag: String(question), rapportage: String(report) })).toEqual(["answer-changed"]);
    });

    it("exports the same events as the page shows", async () => {
      const queries: Record<string, string>[] = [
        { rapportage: String(report) },
        { vraag: String(question) },
        { vraag: String(otherQuestion), rapportage: String(otherReport) },
      ];
      for (const query of queries) {
        expect(await exported(query), JSON.stringify(query)).toEqual(await searched(query));
      }
    });

    it("leaves out a report or question that cannot be used, and says why in Dutch", async () => {
      // Not an id: no filter, and a message next to the field.
      expect(await searched({ rapportage: "Helmond" })).toHaveLength(21);
      expect(auditIdErrors(new URLSearchParams({ rapportage: "Helmond", vraag: "-3" }))).toEqual({
        rapportage: "Kies een rapportage uit de lijst. Er is niet op deze rapportage gezocht.",
        vraag: "Kies een vraag uit de lijst. Er is niet op deze vraag gezocht.",
      });
      expect(auditIdErrors(new URLSearchParams({ rapportage: "", vraag: String(question) }))).toEqual({});
      // An id that does not exist, or a report of another organisation than the one chosen.
      const missing = await resolveAuditFilters(t.db, filters({ rapportage: "999999", vraag: "999999" }));
      expect(missing.filters.rapportage).toBeUndefined();
      expect(missing.filters.vraag).toBeUndefined();
      expect(missing.errors).toEqual({
        rapportage: "Deze rapportage bestaat niet (meer). Er is niet op gezocht.",
        vraag: "Deze vraag bestaat niet (meer). Er is niet op gezocht.",
      });
      const elsewhere = await resolveAuditFilters(t.db, filters({ rapportage: String(otherReport), organisatie: String(helmond) }));
      expect(elsewhere.filters).toEqual({ organisatie: helmond });
      expect(elsewhere.errors.rapportage).toMatch(/andere organisatie/);
      const found = await resolveAuditFilters(t.db, filters({ rapportage: String(report), vraag: String(question) }));
      expect(found.errors).toEqual({});
      expect(found.report).toMatchObject({ id: report, year: 2025, organisation_name: "Gemeente Helmond" });
      expect(found.question).toMatchObject({ id: question, year: 2025 });
    });
  });
});
