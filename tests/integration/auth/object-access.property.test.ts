import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addAction,
  getPlanFile,
  getPlanOverview,
  moveAction,
  PlanNotFoundError,
  removeAction,
  revisePlan,
  saveGeneral,
  saveResources,
  saveThemes,
  setPlanFile,
  startPlan,
  submitPlan,
  updateAction,
  type Actor,
} from "~/models/action-plan.server";
import { getActableOrganisation, listActableOrganisations } from "~/models/organisation.server";
import { loadGrid, saveCells } from "~/models/report-grid.server";
import {
  getReportOverview,
  listReportsForOrganisation,
  prefillSection,
  ReportNotFoundError,
  reviseReport,
  saveAnswers,
  saveProgress,
  startReport,
  submitReport,
} from "~/models/report.server";
import { contentHash } from "../../helpers/db-hash";
import { createTestDb, userIdOf, type TestDb } from "../../helpers/db";
import { createWorld, mayActFor, mayWriteFor, REPORT_YEAR, worldArb, type World } from "../../helpers/world";

type Target = { id: number; slug: string; actionIds: number[] };
type Op = { name: string; write: boolean; refused: (actor: Actor, target: Target, lock: number) => Promise<boolean> };

const notFound = (promise: Promise<unknown>) =>
  promise.then(
    () => false,
    (error: unknown) => error instanceof PlanNotFoundError || error instanceof ReportNotFoundError,
  );
const answer = { state: "value" as const, number: 1, text: null, explanation: null, prefilled: false };

describe("object-level access through the models (property-based)", () => {
  let t: TestDb;
  const demoSlugs = [
    "gemeente-helmond",
    "unie-van-waterschappen",
    "waterschap-aa-en-maas",
    "waterschap-brabantse-delta",
    "waterschap-de-dommel",
    "waterschap-limburg",
  ];
  let demoTargets: Target[] = [];
  let helmond: World["users"][number];

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    demoTargets = await t.db
      .selectFrom("organisation")
      .select(["id", "slug"])
      .where("slug", "in", demoSlugs)
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, actionIds: [] as number[] })));
    expect(demoTargets).toHaveLength(demoSlugs.length);
    helmond = { id: await userIdOf(t.db, "inkoper@helmond.example"), email: "inkoper@helmond.example", memberships: [] };
  });
  afterAll(() => t.cleanup());

  /** The lock version a legitimate editor would send: the newest version's, so only access can refuse. */
  const planLock = async (organisationId: number) =>
    (
      await t.db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("v.lock_version")
        .where("p.organisation_id", "=", organisationId)
        .orderBy("v.number", "desc")
        .executeTakeFirst()
    )?.lock_version ?? 1;
  const reportLock = async (organisationId: number) =>
    (
      await t.db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select("v.lock_version")
        .where("r.organisation_id", "=", organisationId)
        .where("r.year", "=", REPORT_YEAR)
        .orderBy("v.number", "desc")
        .executeTakeFirst()
    )?.lock_version ?? 1;

  const db = () => t.db;
  const year = REPORT_YEAR;
  const actionOf = (target: Target) => target.actionIds[0] ?? 1;
  const OPS: Op[] = [
    // Reads: the foreign organisation is simply not there.
    {
      name: "getActableOrganisation",
      write: false,
      refused: async (a, o) => (await getActableOrganisation(db(), { userId: a.userId, slug: o.slug })) === null,
    },
    {
      name: "listActableOrganisations",
      write: false,
      refused: async (a, o) => !(await listActableOrganisations(db(), { userId: a.userId })).some((x) => x.id === o.id),
    },
    {
      name: "getPlanOverview",
      write: false,
      refused: async (a, o) => (await getPlanOverview(db(), { userId: a.userId, organisationId: o.id })) === null,
    },
    {
      name: "getPlanFile",
      write: false,
      refused: async (a, o) => (await getPlanFile(db(), { userId: a.userId, organisationId: o.id, versionNumber: 1 })) === null,
    },
    {
      name: "getReportOverview",
      write: false,
      refused: async (a, o) => (await getReportOverview(db(), { userId: a.userId, organisationId: o.id, year })) === null,
    },
    {
      name: "listReportsForOrganisation",
      write: false,
      refused: async (a, o) => (await listReportsForOrganisation(db(), { userId: a.userId, organisationId: o.id })).length === 0,
    },
    {
      name: "loadGrid",
      write: false,
      refused: async (a, o) =>
        !(await loadGrid(db(), { userId: a.userId, signatoryId: o.id, year, section: "algemeen" })).rows.some(
          (r) => r.organisationId === o.id,
        ),
    },
    // Writes: refused as "not found", whatever the state of the plan or report.
    { name: "startPlan", write: true, refused: (a, o) => notFound(startPlan(db(), { actor: a, organisationId: o.id })) },
    {
      name: "saveGeneral",
      write: true,
      refused: (a, o, lock) =>
        notFound(
          saveGeneral(db(), {
            actor: a,
            organisationId: o.id,
            lockVersion: lock,
            values: { lockVersion: lock, periodStartYear: 2025, periodEndYear: 2028 },
          }),
        ),
    },
    {
      name: "saveThemes",
      write: true,
      refused: (a, o, lock) =>
        notFound(saveThemes(db(), { actor: a, organisationId: o.id, lockVersion: lock, values: { lockVersion: lock, themes: {} } })),
    },
    {
      name: "addAction",
      write: true,
      refused: (a, o, lock) =>
        notFound(
          addAction(db(), {
            actor: a,
            organisationId: o.id,
            lockVersion: lock,
            values: { lockVersion: lock, title: "Overgenomen", status: "planned" },
          }),
        ),
    },
    {
      name: "updateAction",
      write: true,
      refused: (a, o, lock) =>
        notFound(
          updateAction(db(), {
            actor: a,
            organisationId: o.id,
            lockVersion: lock,
            actionId: actionOf(o),
            values: { lockVersion: lock, title: "Overschreven", status: "done" },
          }),
        ),
    },
    {
      name: "removeAction",
      write: true,
      refused: (a, o, lock) => notFound(removeAction(db(), { actor: a, organisationId: o.id, lockVersion: lock, actionId: actionOf(o) })),
    },
    {
      name: "moveAction",
      write: true,
      refused: (a, o, lock) =>
        notFound(moveAction(db(), { actor: a, organisationId: o.id, lockVersion: lock, actionId: actionOf(o), direction: "down" })),
    },
    {
      name: "saveResources",
      write: true,
      refused: (a, o, lock) =>
        notFound(saveResources(db(), { actor: a, organisationId: o.id, lockVersion: lock, values: { lockVersion: lock, budgetEur: 1 } })),
    },
    {
      name: "setPlanFile",
      write: true,
      refused: (a, o, lock) => notFound(setPlanFile(db(), { actor: a, organisationId: o.id, lockVersion: lock, file: null })),
    },
    {
      name: "submitPlan",
      write: true,
      refused: (a, o, lock) => notFound(submitPlan(db(), { actor: a, organisationId: o.id, lockVersion: lock })),
    },
    { name: "revisePlan", write: true, refused: (a, o) => notFound(revisePlan(db(), { actor: a, organisationId: o.id })) },
    {
      name: "startReport",
      write: true,
      refused: (a, o) => notFound(startReport(db(), { actor: a, organisationId: o.id, year, today: `${year + 1}-06-01` })),
    },
    {
      name: "saveAnswers",
      write: true,
      refused: (a, o, lock) =>
        notFound(
          saveAnswers(db(), {
            actor: a,
            organisationId: o.id,
            year,
            lockVersion: lock,
            answers: new Map([[1, answer]]),
            section: "algemeen",
          }),
        ),
    },
    {
      name: "prefillSection",
      write: true,
      refused: (a, o, lock) =>
        notFound(prefillSection(db(), { actor: a, organisationId: o.id, year, lockVersion: lock, section: "algemeen" })),
    },
    {
      name: "saveProgress",
      write: true,
      refused: (a, o, lock) => notFound(saveProgress(db(), { actor: a, organisationId: o.id, year, lockVersion: lock, progress: [] })),
    },
    {
      name: "submitReport",
      write: true,
      refused: (a, o, lock) => notFound(submitReport(db(), { actor: a, organisationId: o.id, year, lockVersion: lock })),
    },
    { name: "reviseReport", write: true, refused: (a, o) => notFound(reviseReport(db(), { actor: a, organisationId: o.id, year })) },
    {
      name: "saveCells",
      write: true,
      // Through the organisation it signed via (as the Unie's grid does), else its own id.
      refused: (a, o) =>
        notFound(
          saveCells(db(), {
            actor: a,
            signatoryId: ("signedViaId" in o ? (o.signedViaId as number | null) : null) ?? o.id,
            year,
            edits: [{ organisationId: o.id, code: "percelen_totaal", text: "1", stamp: null }],
            channel: "raster",
          }),
        ),
    },
  ];

  it("refuses every generated cross-organisation read and write, and leaves the database unchanged", async () => {
    const attempts = { total: 0, reads: 0, writes: 0, readOnlyWrites: 0, allowedChecked: 0 };
    const failures: string[] = [];
    const planOps = new Set([
      "saveGeneral",
      "saveThemes",
      "addAction",
      "updateAction",
      "removeAction",
      "moveAction",
      "saveResources",
      "setPlanFile",
      "submitPlan",
    ]);

    const property = fc.asyncProperty(worldArb, fc.infiniteStream(fc.nat()), async (spec, picks) => {
      const world = await createWorld(t.db, spec, "model");
      const targets: Target[] = [...world.organisations, ...demoTargets];
      const users = [...world.users, helmond];
      // The oracle must also say yes where it should: an allowed pair reads its organisation.
      for (const u of world.users) {
        for (const o of world.organisations.filter((o) => mayActFor(world, u, o.id))) {
          attempts.allowedChecked++;
          if (!(await getActableOrganisation(t.db, { userId: u.id, slug: o.slug })))
            failures.push(`allowed pair refused: user ${u.email} on ${o.slug}`);
        }
      }
      const before = await contentHash(t.db);
      const it = picks[Symbol.iterator]();
      const next = (n: number) => it.next().value! % n;
      for (let i = 0; i < 120; i++) {
        const user = users[next(users.length)]!;
        const target = targets[next(targets.length)]!;
        const op = OPS[next(OPS.length)]!;
        const isHelmond = user === helmond;
        const canAct = isHelmond ? target.slug === "gemeente-helmond" : mayActFor(world, user, target.id);
        const canWrite = isHelmond ? target.slug === "gemeente-helmond" : mayWriteFor(world, user, target.id);
        // Cross-organisation attempts, and writes by members who may only read.
        if (op.write ? canWrite : canAct) continue;
        const actor: Actor = { userId: user.id, email: user.email, ip: "203.0.113.9" };
        const lock = planOps.has(op.name) ? await planLock(target.id) : await reportLock(target.id);
        if (!(await op.refused(actor, target, lock))) failures.push(`${op.name} by ${user.email} on ${target.slug} was not refused`);
        attempts.total++;
        if (!op.write) attempts.reads++;
        else if (canAct) attempts.readOnlyWrites++;
        else attempts.writes++;
      }
      expect(await contentHash(t.db), "the database changed").toBe(before);
    });
    // How many picks are cross-organisation depends on the generated world, so batches run until
    // the attempts reach the 2,000.
    for (let batch = 0; batch < 20 && attempts.total < 2_000; batch++) {
      await fc.assert(property, { numRuns: 10, endOnFailure: true });
    }

    expect(failures).toEqual([]);
    expect(attempts.total).toBeGreaterThanOrEqual(2_000);
    expect(attempts.reads).toBeGreaterThan(300);
    expect(attempts.writes).toBeGreaterThan(1_000);
    expect(attempts.allowedChecked).toBeGreaterThan(0);
    console.info(`object-level access (models): ${JSON.stringify(attempts)}`);
  }, 180_000);
});
