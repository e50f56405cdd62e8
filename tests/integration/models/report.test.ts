import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillDemoReport, submitDemoReport } from "../../../db/demo-reports";
import type { Actor } from "~/models/action-plan.server";
import { CatalogueExistsError, copyCatalogue, listIndicators } from "~/models/indicator.server";
import {
  assessVersion,
  getReportOverview,
  listReportsForYear,
  loadAnswers,
  loadPreviousAccepted,
  prefillSection,
  ReportConflictError,
  ReportIncompleteError,
  ReportNotFoundError,
  ReportTransitionError,
  reviewReport,
  reviseReport,
  saveAnswers,
  startReport,
  submitReport,
} from "~/models/report.server";
import { ensureReportingYear } from "~/models/reporting-year.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

describe("yearly reports", () => {
  let t: TestDb;
  let helmond: Actor;
  let unie: Actor;
  let reviewer: Actor;
  let helmondId: number;
  const lock = async (organisationId: number, year: number) =>
    (
      await t.db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", organisationId)
        .where("r.year", "=", year)
        .orderBy("v.number", "desc")
        .executeTakeFirstOrThrow()
    ).lock_version;
  const indicatorId = async (year: number, code: string) =>
    (await t.db.selectFrom("indicator").select("id").where("year", "=", year).where("code", "=", code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    const actor = async (email: string): Promise<Actor> => ({ userId: await userIdOf(t.db, email), email, ip: "198.51.100.4" });
    helmond = await actor("inkoper@helmond.example");
    unie = await actor("inkoper@uvw.example");
    reviewer = await actor("analist@ienw.example");
    helmondId = await idOf(t.db, "Gemeente Helmond");
  });
  afterAll(() => t.cleanup());

  it("seeds a catalogue per year, following a redefined question across years", async () => {
    const y2024 = await listIndicators(t.db, { year: 2024 });
    const y2025 = await listIndicators(t.db, { year: 2025 });
    expect(y2025.length).toBe(y2024.length);
    const lots = y2025.find((i) => i.code === "percelen_totaal")!;
    expect(y2025.find((i) => i.code === "aanbestedingen_totaal")).toBeUndefined();
    expect(lots.continues_from_id).toBe(y2024.find((i) => i.code === "aanbestedingen_totaal")!.id);
    // Every 2025 question continues a 2024 one.
    expect(y2025.every((i) => i.continues_from_id !== null)).toBe(true);
    // Last year's accepted value arrives under this year's (renamed) code.
    const previous = await loadPreviousAccepted(t.db, { organisationId: helmondId, year: 2025 });
    const answers2024 = await loadAnswers(t.db, {
      versionId: (await getReportOverview(t.db, { userId: helmond.userId, organisationId: helmondId, year: 2024 }))!.latest.id,
    });
    expect(previous.get("percelen_totaal")).toMatchObject({ state: "value", number: answers2024.get("aanbestedingen_totaal")!.number });
  });

  it("copies a catalogue to a new year, each question continuing its original", async () => {
    await ensureReportingYear(t.db, { year: 2026, opensAt: "2027-01-15", dueAt: "2027-04-01" });
    const copied = await copyCatalogue(t.db, { from: 2025, to: 2026, actor: reviewer });
    const y2025 = await listIndicators(t.db, { year: 2025 });
    const y2026 = await listIndicators(t.db, { year: 2026 });
    expect(copied).toBe(y2025.length);
    for (const i of y2026) expect(y2025.find((o) => o.id === i.continues_from_id)?.code).toBe(i.code);
    await expect(copyCatalogue(t.db, { from: 2025, to: 2026, actor: reviewer })).rejects.toBeInstanceOf(CatalogueExistsError);
  });

  it("opens a year's report only from its opening date", async () => {
    await expect(startReport(t.db, { actor: helmond, organisationId: helmondId, year: 2026, today: "2027-01-14" })).rejects.toBeInstanceOf(
      ReportTransitionError,
    );
    await startReport(t.db, { actor: helmond, organisationId: helmondId, year: 2025, today: "2026-01-15" });
    const overview = await getReportOverview(t.db, { userId: helmond.userId, organisationId: helmondId, year: 2025 });
    expect(overview?.latest).toMatchObject({ number: 1, status: "draft" });
  });

  it("stores unknown and not applicable as such (never 0), with who entered it and when", async () => {
    const answers = new Map([
      [
        await indicatorId(2025, "inkoopvolume"),
        { state: "unknown" as const, number: null, text: null, explanation: null, prefilled: false },
      ],
      [
        await indicatorId(2025, "milieu_mki_reductie"),
        { state: "not_applicable" as const, number: null, text: null, explanation: null, prefilled: false },
      ],
    ]);
    await saveAnswers(t.db, {
      actor: helmond,
      organisationId: helmondId,
      year: 2025,
      lockVersion: await lock(helmondId, 2025),
      answers,
      section: "test",
    });
    const rows = await sql<{
      state: string;
      number_value: number | null;
      entered_by: number;
    }>`select state, number_value, entered_by from report_value where indicator_id in (${sql.join([...answers.keys()])})`.execute(t.db);
    expect(rows.rows).toEqual(
      expect.arrayContaining([
        { state: "unknown", number_value: null, entered_by: helmond.userId },
        { state: "not_applicable", number_value: null, entered_by: helmond.userId },
      ]),
    );
    // And the database refuses a value stored alongside "unknown".
    await expect(sql`update report_value set number_value = 0 where state = 'unknown'`.execute(t.db)).rejects.toThrow(
      /CHECK constraint failed/,
    );
  });

  it("refuses a save based on an older version (optimistic lock)", async () => {
    const base = await lock(helmondId, 2025);
    const id = await indicatorId(2025, "inkoopvolume");
    const value = (n: number) => new Map([[id, { state: "value" as const, number: n, text: null, explanation: null, prefilled: false }]]);
    await saveAnswers(t.db, {
      actor: helmond,
      organisationId: helmondId,
      year: 2025,
      lockVersion: base,
      answers: value(1),
      section: "algemeen",
    });
    await expect(
      saveAnswers(t.db, {
        actor: helmond,
        organisationId: helmondId,
        year: 2025,
        lockVersion: base,
        answers: value(2),
        section: "algemeen",
      }),
    ).rejects.toBeInstanceOf(ReportConflictError);
    const version = (await getReportOverview(t.db, { userId: helmond.userId, organisationId: helmondId, year: 2025 }))!.latest.id;
    expect((await loadAnswers(t.db, { versionId: version })).get("inkoopvolume")?.number).toBe(1);
  });

  it("pre-fills a section from last year, marked until confirmed by saving", async () => {
    const { filled } = await prefillSection(t.db, {
      actor: helmond,
      organisationId: helmondId,
      year: 2025,
      lockVersion: await lock(helmondId, 2025),
      section: "algemeen",
    });
    expect(filled).toBeGreaterThan(3);
    const version = (await getReportOverview(t.db, { userId: helmond.userId, organisationId: helmondId, year: 2025 }))!.latest.id;
    const assessed = await assessVersion(t.db, { organisationId: helmondId, year: 2025, versionId: version });
    expect(assessed.problems.filter((p) => p.section === "algemeen").every((p) => /overgenomen van vorig jaar/.test(p.message))).toBe(true);
    const algemeen = assessed.indicators.filter((i) => i.section === "algemeen");
    const confirm = new Map(algemeen.map((i) => [i.id, assessed.answers.get(i.code) ?? null]));
    await saveAnswers(t.db, {
      actor: helmond,
      organisationId: helmondId,
      year: 2025,
      lockVersion: await lock(helmondId, 2025),
      answers: confirm,
      section: "algemeen",
    });
    const after = await assessVersion(t.db, { organisationId: helmondId, year: 2025, versionId: version });
    expect(after.problems.filter((p) => p.section === "algemeen")).toEqual([]);
  });

  it("refuses an incomplete report, then runs the whole workflow: submit, return, revise, resubmit, accept, reopen", async () => {
    const org = await idOf(t.db, "Waterschap Aa en Maas");
    await startReport(t.db, { actor: unie, organisationId: org, year: 2025, today: "2026-02-01" });
    const incomplete = await submitReport(t.db, { actor: unie, organisationId: org, year: 2025, lockVersion: await lock(org, 2025) }).catch(
      (e) => e,
    );
    expect(incomplete).toBeInstanceOf(ReportIncompleteError);
    await t.db.deleteFrom("report").where("organisation_id", "=", org).where("year", "=", 2025).execute();

    await fillDemoReport(t.db, unie, org, 2025, 0.8);
    await submitDemoReport(t.db, unie, org, 2025, "2026-04-02");
    const submitted = (await getReportOverview(t.db, { userId: unie.userId, organisationId: org, year: 2025 }))!.latest;
    expect(submitted).toMatchObject({ status: "submitted", late: 1 });
    await expect(
      submitReport(t.db, { actor: unie, organisationId: org, year: 2025, lockVersion: submitted.lock_version }),
    ).rejects.toBeInstanceOf(ReportTransitionError);
    await expect(reviseReport(t.db, { actor: unie, organisationId: org, year: 2025 })).rejects.toBeInstanceOf(ReportTransitionError);
    await expect(
      reviewReport(t.db, { actor: reviewer, organisationId: org, year: 2025, versionNumber: 1, decision: "reopen", reason: "x" }),
    ).rejects.toBeInstanceOf(ReportTransitionError);
    await reviewReport(t.db, {
      actor: reviewer,
      organisationId: org,
      year: 2025,
      versionNumber: 1,
      decision: "return",
      reason: "Controleer de telling.",
    });
    await expect(
      reviewReport(t.db, { actor: reviewer, organisationId: org, year: 2025, versionNumber: 1, decision: "accept" }),
    ).rejects.toBeInstanceOf(ReportTransitionError);
    expect(await reviseReport(t.db, { actor: unie, organisationId: org, year: 2025 })).toBe(2);
    await submitReport(t.db, { actor: unie, organisationId: org, year: 2025, lockVersion: await lock(org, 2025), today: "2026-03-01" });
    await reviewReport(t.db, { actor: reviewer, organisationId: org, year: 2025, versionNumber: 2, decision: "accept" });
    await reviewReport(t.db, {
      actor: reviewer,
      organisationId: org,
      year: 2025,
      versionNumber: 2,
      decision: "reopen",
      reason: "Nieuwe definitie van percelen.",
    });
    const overview = (await getReportOverview(t.db, { userId: unie.userId, organisationId: org, year: 2025 }))!;
    expect(overview.versions.map((v) => [v.number, v.status])).toEqual([
      [3, "draft"],
      [2, "accepted"],
      [1, "returned"],
    ]);
    expect(overview.latest.reopen_reason).toBe("Nieuwe definitie van percelen.");
    // Every version stays readable with its own answers; the audit trail says who acted for whom.
    expect((await loadAnswers(t.db, { versionId: overview.versions[2]!.id })).size).toBeGreaterThan(40);
    const events = await t.db
      .selectFrom("audit_event")
      .select(["action", "acting_organisation_id", "user_id"])
      .where("object_type", "=", "report_version")
      .where("action", "=", "report.submitted")
      .execute();
    expect(events).toContainEqual({ action: "report.submitted", acting_organisation_id: org, user_id: unie.userId });
  });

  it("keeps other organisations' reports out of reach of the Helmond officer", async () => {
    const org = await idOf(t.db, "Waterschap De Dommel");
    expect(await getReportOverview(t.db, { userId: helmond.userId, organisationId: org, year: 2025 })).toBeNull();
    await expect(
      saveAnswers(t.db, {
        actor: helmond,
        organisationId: org,
        year: 2025,
        lockVersion: await lock(org, 2025),
        answers: new Map(),
        section: "x",
      }),
    ).rejects.toBeInstanceOf(ReportNotFoundError);
    await expect(
      startReport(t.db, { actor: helmond, organisationId: await idOf(t.db, "Waterschap Hollandse Delta"), year: 2025 }),
    ).rejects.toBeInstanceOf(ReportNotFoundError);
  });

  it("lists the year's reports per organisation for the ministry", async () => {
    const list = await listReportsForYear(t.db, { year: 2025 });
    const statuses = new Set(list.map((r) => r.status));
    for (const s of ["none", "draft", "submitted", "accepted", "returned"]) expect(statuses).toContain(s);
    expect(await listReportsForYear(t.db, { year: 2025, row: "provincies" })).toHaveLength(3);
  });
});
