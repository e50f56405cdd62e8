import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillCompletePlan, submitDraft } from "../../../db/demo-plans";
import { diffPlans } from "~/models/action-plan.diff";
import {
  addAction,
  getPlanOverview,
  listPlansForReview,
  loadPlanDocument,
  moveAction,
  PlanConflictError,
  PlanIncompleteError,
  PlanNotFoundError,
  PlanTransitionError,
  removeAction,
  reviewPlan,
  revisePlan,
  saveGeneral,
  saveResources,
  startPlan,
  submitPlan,
  type Actor,
} from "~/models/action-plan.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";
import { transitionsWorld } from "../../helpers/transitions-world";

describe("action plans", () => {
  let t: TestDb;
  let helmond: Actor;
  let unie: Actor;
  let reviewer: Actor;
  let helmondId: number;

  const lock = async (organisationId: number) =>
    (
      await t.db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("v.lock_version")
        .where("p.organisation_id", "=", organisationId)
        .orderBy("v.number", "desc")
        .executeTakeFirstOrThrow()
    ).lock_version;
  const snapshot = async () => ({
    versions: await t.db.selectFrom("action_plan_version").selectAll().orderBy("id").execute(),
    actions: await t.db.selectFrom("action_plan_action").selectAll().orderBy("id").execute(),
    themes: await t.db.selectFrom("action_plan_theme").selectAll().orderBy("version_id").orderBy("theme").execute(),
  });

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    const actor = async (email: string): Promise<Actor> => ({ userId: await userIdOf(t.db, email), email, ip: "203.0.113.7" });
    helmond = await actor("inkoper@helmond.example");
    unie = await actor("inkoper@uvw.example");
    reviewer = await actor("analist@ienw.example");
    helmondId = await idOf(t.db, "Gemeente Helmond");
  });
  afterAll(() => t.cleanup());

  it("the demo seed has plans in every status", async () => {
    const items = await listPlansForReview(t.db, {});
    const statuses = new Set(items.map((i) => i.status));
    for (const s of ["none", "draft", "submitted", "accepted", "returned"]) expect(statuses, s).toContain(s);
    expect(items.find((i) => i.name === "Waterschap Limburg")).toMatchObject({ status: "draft", version: 2, ever_submitted: true });
    expect(items.find((i) => i.name === "Gemeente Helmond")).toMatchObject({ status: "none", overdue: true, due_date: "2023-11-24" });
  });

  it("starts a draft version 1 with the six themes not chosen", async () => {
    await startPlan(t.db, { actor: helmond, organisationId: helmondId });
    const overview = await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId });
    expect(overview?.latest).toMatchObject({ number: 1, status: "draft", lock_version: 1 });
    const doc = await loadPlanDocument(t.db, { versionId: overview!.latest.id });
    expect(doc.themes).toHaveLength(6);
    expect(doc.themes.every((th) => !th.chosen)).toBe(true);
    await expect(startPlan(t.db, { actor: helmond, organisationId: helmondId })).rejects.toBeInstanceOf(PlanTransitionError);
  });

  it("refuses a save based on an older version and keeps the newer one (optimistic lock)", async () => {
    const base = await lock(helmondId);
    const first = await saveGeneral(t.db, {
      actor: helmond,
      organisationId: helmondId,
      lockVersion: base,
      values: { lockVersion: base, periodStartYear: 2024, periodEndYear: 2027 },
    });
    expect(first).toBe(base + 1);
    const before = await snapshot();
    await expect(
      saveGeneral(t.db, {
        actor: helmond,
        organisationId: helmondId,
        lockVersion: base,
        values: { lockVersion: base, periodStartYear: 2030, periodEndYear: 2031 },
      }),
    ).rejects.toBeInstanceOf(PlanConflictError);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to submit an incomplete plan, naming every problem", async () => {
    const error = await submitPlan(t.db, { actor: helmond, organisationId: helmondId, lockVersion: await lock(helmondId) }).catch((e) => e);
    expect(error).toBeInstanceOf(PlanIncompleteError);
    const fields = (error as PlanIncompleteError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["adoptedState", "themes", "actions", "budgetEur", "staffFte"]));
  });

  it("adds, reorders and removes actions", async () => {
    const add = async (title: string) =>
      addAction(t.db, {
        actor: helmond,
        organisationId: helmondId,
        lockVersion: await lock(helmondId),
        values: { lockVersion: 0, title, status: "planned" },
      });
    await add("Eerste");
    await add("Tweede");
    await add("Derde");
    const version = (await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId }))!.latest.id;
    const titles = async () => (await loadPlanDocument(t.db, { versionId: version })).actions.map((a) => a.title);
    expect(await titles()).toEqual(["Eerste", "Tweede", "Derde"]);
    const [, second, third] = (await loadPlanDocument(t.db, { versionId: version })).actions;
    await moveAction(t.db, {
      actor: helmond,
      organisationId: helmondId,
      lockVersion: await lock(helmondId),
      actionId: third!.id,
      direction: "up",
    });
    expect(await titles()).toEqual(["Eerste", "Derde", "Tweede"]);
    await moveAction(t.db, {
      actor: helmond,
      organisationId: helmondId,
      lockVersion: await lock(helmondId),
      actionId: second!.id,
      direction: "down",
    });
    expect(await titles()).toEqual(["Eerste", "Derde", "Tweede"]);
    for (const a of (await loadPlanDocument(t.db, { versionId: version })).actions) {
      await removeAction(t.db, { actor: helmond, organisationId: helmondId, lockVersion: await lock(helmondId), actionId: a.id });
    }
    expect(await titles()).toEqual([]);
  });

  it("submits a complete plan, freezes it, and allows only the listed transitions", async () => {
    await fillCompletePlan(t.db, helmond, helmondId);
    const submittedLock = await lock(helmondId);
    await submitPlan(t.db, { actor: helmond, organisationId: helmondId, lockVersion: submittedLock });
    const overview = (await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId }))!;
    expect(overview.latest).toMatchObject({ number: 1, status: "submitted" });
    expect(overview.draft).toBeNull();
    // Frozen: no more saves, no second submission.
    await expect(
      saveResources(t.db, {
        actor: helmond,
        organisationId: helmondId,
        lockVersion: submittedLock + 1,
        values: { lockVersion: 0, budgetEur: 1 },
      }),
    ).rejects.toBeInstanceOf(PlanNotFoundError);
    await expect(submitPlan(t.db, { actor: helmond, organisationId: helmondId, lockVersion: submittedLock + 1 })).rejects.toBeInstanceOf(
      PlanTransitionError,
    );
    // Return needs the submitted status; then accept is no longer possible on that version.
    await reviewPlan(t.db, {
      actor: reviewer,
      organisationId: helmondId,
      versionNumber: 1,
      decision: "return",
      reason: "Het budget ontbreekt per thema.",
    });
    await expect(
      reviewPlan(t.db, { actor: reviewer, organisationId: helmondId, versionNumber: 1, decision: "accept" }),
    ).rejects.toBeInstanceOf(PlanTransitionError);
    await expect(
      reviewPlan(t.db, { actor: reviewer, organisationId: helmondId, versionNumber: 1, decision: "return", reason: "Nog een keer terug." }),
    ).rejects.toBeInstanceOf(PlanTransitionError);
    const returned = (await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId }))!.latest;
    expect(returned).toMatchObject({
      status: "returned",
      return_reason: "Het budget ontbreekt per thema.",
      reviewed_by_name: "Sanne de Wit",
    });
  });

  it("revises into a new draft version copied from the last one, and diffs the two", async () => {
    expect(await revisePlan(t.db, { actor: helmond, organisationId: helmondId })).toBe(2);
    await expect(revisePlan(t.db, { actor: helmond, organisationId: helmondId })).rejects.toBeInstanceOf(PlanTransitionError);
    const overview = (await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId }))!;
    const [v2, v1] = overview.versions;
    const doc1 = await loadPlanDocument(t.db, { versionId: v1!.id });
    const doc2 = await loadPlanDocument(t.db, { versionId: v2!.id });
    expect({ ...doc2, actions: doc2.actions.map(({ id: _id, ...a }) => a) }).toEqual({
      ...doc1,
      actions: doc1.actions.map(({ id: _id, ...a }) => a),
    });
    expect(diffPlans(doc1, doc2)).toEqual([]);

    await saveResources(t.db, {
      actor: helmond,
      organisationId: helmondId,
      lockVersion: await lock(helmondId),
      values: { lockVersion: 0, budgetEur: 400_000, staffFte: 2.5 },
    });
    const changed = await loadPlanDocument(t.db, { versionId: v2!.id });
    expect(diffPlans(doc1, changed)).toEqual([
      { section: "middelen", label: "Budget", before: "€ 250.000", after: "€ 400.000" },
      { section: "middelen", label: "Personele inzet (fte)", before: "1,5", after: "2,5" },
    ]);
    // The returned version 1 is unchanged.
    expect((await loadPlanDocument(t.db, { versionId: v1!.id })).budgetEur).toBe(250_000);

    await submitDraft(t.db, helmond, helmondId);
    await reviewPlan(t.db, { actor: reviewer, organisationId: helmondId, versionNumber: 2, decision: "accept" });
    expect((await getPlanOverview(t.db, { userId: helmond.userId, organisationId: helmondId }))!.latest).toMatchObject({
      number: 2,
      status: "accepted",
    });
  });

  it("records the Unie acting for a waterschap as 'by X on behalf of Y'", async () => {
    const dommel = await idOf(t.db, "Waterschap De Dommel");
    await saveResources(t.db, {
      actor: unie,
      organisationId: dommel,
      lockVersion: await lock(dommel),
      values: { lockVersion: 0, budgetEur: 90_000 },
    });
    const event = await t.db.selectFrom("audit_event").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      action: "action_plan.saved",
      user_id: unie.userId,
      user_email: "inkoper@uvw.example",
      acting_organisation_id: dommel,
      ip: "203.0.113.7",
    });
  });

  it("does not let the Helmond officer read or write any other organisation's plan", async () => {
    const others = await t.db.selectFrom("action_plan").select("organisation_id").where("organisation_id", "<>", helmondId).execute();
    expect(others.length).toBeGreaterThanOrEqual(5);
    const before = await snapshot();
    for (const { organisation_id: organisationId } of others) {
      expect(await getPlanOverview(t.db, { userId: helmond.userId, organisationId })).toBeNull();
      const lockVersion = await lock(organisationId);
      const attempts = [
        saveResources(t.db, { actor: helmond, organisationId, lockVersion, values: { lockVersion, budgetEur: 1 } }),
        saveGeneral(t.db, { actor: helmond, organisationId, lockVersion, values: { lockVersion, periodStartYear: 2030 } }),
        addAction(t.db, { actor: helmond, organisationId, lockVersion, values: { lockVersion, title: "x", status: "planned" } }),
        submitPlan(t.db, { actor: helmond, organisationId, lockVersion }),
        revisePlan(t.db, { actor: helmond, organisationId }),
        startPlan(t.db, { actor: helmond, organisationId }),
      ];
      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(PlanNotFoundError);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("action plan status transitions, exhaustively", () => {
  let t: TestDb;
  let officer: Actor;
  let reviewer: Actor;
  let waterschappen: () => Promise<number[]>;
  beforeAll(async () => {
    ({ t, officer, reviewer, waterschappen } = await transitionsWorld());
  });
  afterAll(() => t.cleanup());

  /** Brings a fresh organisation's plan (version 1) into the given status. */
  async function planIn(status: "draft" | "submitted" | "accepted" | "returned", organisationId: number) {
    await startPlan(t.db, { actor: officer, organisationId });
    await fillCompletePlan(t.db, officer, organisationId);
    if (status === "draft") return;
    await submitDraft(t.db, officer, organisationId);
    if (status === "accepted") await reviewPlan(t.db, { actor: reviewer, organisationId, versionNumber: 1, decision: "accept" });
    if (status === "returned")
      await reviewPlan(t.db, {
        actor: reviewer,
        organisationId,
        versionNumber: 1,
        decision: "return",
        reason: "Nog niet compleet genoeg.",
      });
  }

  const operations = {
    submit: async (organisationId: number) => {
      const v = await t.db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("v.lock_version")
        .where("p.organisation_id", "=", organisationId)
        .executeTakeFirstOrThrow();
      await submitPlan(t.db, { actor: officer, organisationId, lockVersion: v.lock_version });
    },
    accept: (organisationId: number) => reviewPlan(t.db, { actor: reviewer, organisationId, versionNumber: 1, decision: "accept" }),
    return: (organisationId: number) =>
      reviewPlan(t.db, { actor: reviewer, organisationId, versionNumber: 1, decision: "return", reason: "Graag aanvullen." }),
    revise: (organisationId: number) => revisePlan(t.db, { actor: officer, organisationId }).then(() => undefined),
  };
  // The expected outcome of each operation from each status: the status afterwards, or "refused".
  const expected: Record<string, Record<keyof typeof operations, string>> = {
    draft: { submit: "submitted", accept: "refused", return: "refused", revise: "refused" },
    submitted: { submit: "refused", accept: "accepted", return: "returned", revise: "draft (v2)" },
    accepted: { submit: "refused", accept: "refused", return: "refused", revise: "draft (v2)" },
    returned: { submit: "refused", accept: "refused", return: "refused", revise: "draft (v2)" },
  };

  it("allows exactly the listed transitions, and a refused one changes nothing", async () => {
    const ids = await waterschappen();
    const outcomes: Record<string, Record<string, string>> = {};
    for (const from of Object.keys(expected)) {
      outcomes[from] = {};
      for (const op of Object.keys(operations) as (keyof typeof operations)[]) {
        const organisationId = ids.shift()!;
        await planIn(from as "draft", organisationId);
        const before = await t.db
          .selectFrom("action_plan_version as v")
          .innerJoin("action_plan as p", "p.id", "v.plan_id")
          .selectAll("v")
          .where("p.organisation_id", "=", organisationId)
          .execute();
        const outcome = await operations[op](organisationId).then(
          () => "ok",
          (error: unknown) => (error instanceof PlanTransitionError ? "refused" : `error: ${String(error)}`),
        );
        const after = await t.db
          .selectFrom("action_plan_version as v")
          .innerJoin("action_plan as p", "p.id", "v.plan_id")
          .selectAll("v")
          .where("p.organisation_id", "=", organisationId)
          .orderBy("v.number", "desc")
          .execute();
        if (outcome === "refused") {
          expect(after, `${from} ${op}`).toEqual(before);
          outcomes[from][op] = "refused";
        } else {
          outcomes[from][op] = after.length > 1 ? `${after[0]!.status} (v${after[0]!.number})` : after[0]!.status;
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
