import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillDemoReport, submitDemoReport } from "../../../db/demo-reports";
import type { Actor } from "~/models/action-plan.server";
import { ReportTransitionError, reviewReport, reviseReport, submitReport } from "~/models/report.server";
import type { TestDb } from "../../helpers/db";
import { transitionsWorld } from "../../helpers/transitions-world";

// Every operation on a year's report from every status, as the plan's transitions are tested in
// action-plan.test.ts: what is allowed changes the status (or starts a new version), what is not
// is refused and changes nothing.
describe("report status transitions, exhaustively", () => {
  const YEAR = 2025;
  let t: TestDb;
  let officer: Actor;
  let reviewer: Actor;
  let waterschappen: () => Promise<number[]>;
  beforeAll(async () => {
    ({ t, officer, reviewer, waterschappen } = await transitionsWorld());
  });
  afterAll(() => t.cleanup());

  const versions = (organisationId: number) =>
    t.db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .selectAll("v")
      .where("r.organisation_id", "=", organisationId)
      .where("r.year", "=", YEAR)
      .orderBy("v.number", "desc")
      .execute();

  /** Brings a fresh organisation's report over YEAR (version 1, started and filled in) into the given status. */
  async function reportIn(status: string, organisationId: number) {
    await fillDemoReport(t.db, officer, organisationId, YEAR);
    if (status === "draft") return;
    await submitDemoReport(t.db, officer, organisationId, YEAR);
    if (status === "accepted")
      await reviewReport(t.db, { actor: reviewer, organisationId, year: YEAR, versionNumber: 1, decision: "accept" });
    if (status === "returned")
      await reviewReport(t.db, {
        actor: reviewer,
        organisationId,
        year: YEAR,
        versionNumber: 1,
        decision: "return",
        reason: "Graag aanvullen.",
      });
  }

  const operations = {
    submit: async (organisationId: number) =>
      void (await submitReport(t.db, {
        actor: officer,
        organisationId,
        year: YEAR,
        lockVersion: (await versions(organisationId))[0]!.lock_version,
      })),
    accept: (organisationId: number) =>
      reviewReport(t.db, { actor: reviewer, organisationId, year: YEAR, versionNumber: 1, decision: "accept" }),
    return: (organisationId: number) =>
      reviewReport(t.db, { actor: reviewer, organisationId, year: YEAR, versionNumber: 1, decision: "return", reason: "Graag aanvullen." }),
    revise: async (organisationId: number) => void (await reviseReport(t.db, { actor: officer, organisationId, year: YEAR })),
    reopen: (organisationId: number) =>
      reviewReport(t.db, {
        actor: reviewer,
        organisationId,
        year: YEAR,
        versionNumber: 1,
        decision: "reopen",
        reason: "Nieuwe definitie.",
      }),
  };
  // The expected outcome of each operation from each status: the status afterwards, or "refused".
  // Unlike a plan, a report is revised by its organisation only after a return; an accepted report
  // is reopened by the ministry.
  const expected: Record<string, Record<keyof typeof operations, string>> = {
    draft: { submit: "submitted", accept: "refused", return: "refused", revise: "refused", reopen: "refused" },
    submitted: { submit: "refused", accept: "accepted", return: "returned", revise: "refused", reopen: "refused" },
    accepted: { submit: "refused", accept: "refused", return: "refused", revise: "refused", reopen: "draft (v2)" },
    returned: { submit: "refused", accept: "refused", return: "refused", revise: "draft (v2)", reopen: "refused" },
  };

  it("allows exactly the listed transitions, and a refused one changes nothing", async () => {
    const ids = await waterschappen();
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const outcomes: Record<string, Record<string, string>> = {};
    for (const from of Object.keys(expected)) {
      outcomes[from] = {};
      for (const op of Object.keys(operations) as (keyof typeof operations)[]) {
        const organisationId = ids.shift()!;
        await reportIn(from, organisationId);
        const before = await versions(organisationId);
        const outcome = await operations[op](organisationId).then(
          () => "ok",
          (error: unknown) => (error instanceof ReportTransitionError ? "refused" : `error: ${String(error)}`),
        );
        const after = await versions(organisationId);
        if (outcome === "refused") {
          expect(after, `${from} ${op}`).toEqual(before);
          outcomes[from][op] = "refused";
        } else {
          expect(outcome, `${from} ${op}`).toBe("ok");
          outcomes[from][op] = after.length > 1 ? `${after[0]!.status} (v${after[0]!.number})` : after[0]!.status;
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
