import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditSearchSchema } from "~/models/admin.schema";
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
    // The labels and names contain no separator; only the JSON detail (last column) is quoted.
    return rows.map((r) => r.split(CSV_SEPARATOR));
  }

  const exported = async (query: Record<string, string>) => (await csvRows(query)).map((r) => r[7]!).sort();

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
    expect(row!.slice(0, 8)).toEqual([
      "2026-01-10T10:00:00.000Z",
      "inkoper@helmond.example",
      "Gemeente Helmond",
      "test.event",
      "",
      "",
      "gelukt",
      "acting-helmond",
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
});
