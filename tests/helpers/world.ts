import fc from "fast-check";
import type { DB } from "~/database/connection.server";
import type { MembershipRole } from "~/database/types";
import { addAction, startPlan, type Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import { saveAnswers, startReport } from "~/models/report.server";
import { nowIso } from "~/utils/time";

/**
 * A generated world for the object-level access tests: organisations (some signed via another
 * one of them, as the waterschappen are via the Unie), users with editor or viewer memberships,
 * and per organisation a plan draft with actions and/or a report draft with answers.
 */
export type WorldSpec = {
  organisations: { signedVia: number | null; plan: boolean; actions: number; report: boolean }[];
  users: { memberships: { organisation: number; role: Extract<MembershipRole, "editor" | "viewer"> }[] }[];
};

export const worldArb: fc.Arbitrary<WorldSpec> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    organisations: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          signedVia: i === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: i - 1 }), { freq: 2 }),
          plan: fc.boolean(),
          actions: fc.integer({ min: 0, max: 2 }),
          report: fc.boolean(),
        }),
      ),
    ),
    users: fc.array(
      fc.record({
        memberships: fc.uniqueArray(
          fc.record({ organisation: fc.integer({ min: 0, max: n - 1 }), role: fc.constantFrom("editor" as const, "viewer" as const) }),
          { maxLength: 2, selector: (m) => m.organisation },
        ),
      }),
      { minLength: 2, maxLength: 4 },
    ),
  }),
);

export type World = {
  organisations: { id: number; slug: string; signedViaId: number | null; actionIds: number[] }[];
  users: { id: number; email: string; memberships: WorldSpec["users"][number]["memberships"] }[];
};

export const REPORT_YEAR = 2025;
let worlds = 0;

/** Writes a world into the database through the models (an owner who edits every organisation sets up the content). */
export async function createWorld(db: DB, spec: WorldSpec, tag: string): Promise<World> {
  const n = ++worlds;
  const now = nowIso();
  const prefix = `pbt-${tag}-${process.pid}-${n}`;
  const organisations: World["organisations"] = [];
  for (const [i, o] of spec.organisations.entries()) {
    const slug = `${prefix}-org-${i}`;
    const signedViaId = o.signedVia === null ? null : organisations[o.signedVia]!.id;
    const row = await db
      .insertInto("organisation")
      .values({
        slug,
        name: `Testorganisatie ${prefix} ${i}`,
        kind: "gemeente",
        sector: "gemeenten",
        signed_via_id: signedViaId,
        signed_at: "2022-11-24",
        source_url: null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    organisations.push({ id: row.id, slug, signedViaId, actionIds: [] });
  }
  const addUser = async (email: string) =>
    (
      await db
        .insertInto("user")
        .values({ email, name: email, password_hash: null, created_at: now, last_login_at: null })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;

  const ownerEmail = `${prefix}-owner@example.org`;
  const owner: Actor = { userId: await addUser(ownerEmail), email: ownerEmail, ip: "192.0.2.1" };
  for (const o of organisations) {
    await db.insertInto("membership").values({ user_id: owner.userId, organisation_id: o.id, role: "editor", created_at: now }).execute();
  }
  const users: World["users"] = [];
  for (const [i, u] of spec.users.entries()) {
    const email = `${prefix}-user-${i}@example.org`;
    const id = await addUser(email);
    for (const m of u.memberships) {
      await db
        .insertInto("membership")
        .values({ user_id: id, organisation_id: organisations[m.organisation]!.id, role: m.role, created_at: now })
        .execute();
    }
    users.push({ id, email, memberships: u.memberships });
  }

  const indicator = (await listIndicators(db, { year: REPORT_YEAR })).find((i) => i.unit === "count");
  for (const [i, o] of spec.organisations.entries()) {
    const org = organisations[i]!;
    if (o.plan) {
      await startPlan(db, { actor: owner, organisationId: org.id });
      for (let a = 0; a < o.actions; a++) {
        await addAction(db, {
          actor: owner,
          organisationId: org.id,
          lockVersion: 1 + a,
          values: { lockVersion: 1 + a, title: `Actie ${a + 1}`, status: "planned" },
        });
      }
      const rows = await db
        .selectFrom("action_plan_action as a")
        .innerJoin("action_plan_version as v", "v.id", "a.version_id")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("a.id")
        .where("p.organisation_id", "=", org.id)
        .execute();
      org.actionIds = rows.map((r) => r.id);
    }
    if (o.report && indicator) {
      await startReport(db, { actor: owner, organisationId: org.id, year: REPORT_YEAR, today: `${REPORT_YEAR + 1}-06-01` });
      const answer = { state: "value" as const, number: 7, text: null, explanation: null, prefilled: false };
      await saveAnswers(db, {
        actor: owner,
        organisationId: org.id,
        year: REPORT_YEAR,
        lockVersion: 1,
        answers: new Map([[indicator.id, answer]]),
        section: indicator.section,
      });
    }
  }
  return { organisations, users };
}

/**
 * The act-for rule, restated independently of app/models/access.server.ts as the tests' oracle:
 * a member (editor or viewer) of O, or an editor of the organisation O is signed via.
 */
export function mayActFor(world: World, user: World["users"][number], organisationId: number): boolean {
  const org = world.organisations.find((o) => o.id === organisationId);
  if (!org) return false;
  const roleIn = (id: number | null) => user.memberships.find((m) => world.organisations[m.organisation]!.id === id)?.role;
  return roleIn(org.id) !== undefined || (org.signedViaId !== null && roleIn(org.signedViaId) === "editor");
}

/** Writing: an editor of O, or an editor of the organisation O is signed via. */
export function mayWriteFor(world: World, user: World["users"][number], organisationId: number): boolean {
  const org = world.organisations.find((o) => o.id === organisationId);
  if (!org) return false;
  const roleIn = (id: number | null) => user.memberships.find((m) => world.organisations[m.organisation]!.id === id)?.role;
  return roleIn(org.id) === "editor" || (org.signedViaId !== null && roleIn(org.signedViaId) === "editor");
}
