import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import type { ThemeCode } from "~/database/types";
import { addAction, removeAction, revisePlan, reviewPlan, submitPlan, updateAction } from "~/models/action-plan.server";
import { loadProgress, reviseReport, saveProgress } from "~/models/report.server";
import { migrateTo, migrateToLatest } from "../../../db/migrate";
import { loginAs } from "../../e2e/login-as";
import { mainOf, serveDemoInProcess, type serveInProcess } from "../../helpers/in-process";

// Plan lineage (issue #21): a revision of the plan, accepted after two years of reports, leaves
// every year's progress and targets as they were; an open draft keeps its progress on the actions
// that continue; the migration carries the progress rows of a database made before it over.

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** The last commit before the lineage migration: its demo database is what a running portal has. */
const BEFORE_LINEAGE = "8878f73";

export function planLineageTest() {
  describe("plan lineage", () => {
    let cleanup: (() => Promise<void>) | undefined;
    let db: DB;
    let portal: Awaited<ReturnType<typeof serveInProcess>>;

    beforeAll(async () => {
      ({ portal, db, cleanup } = await serveDemoInProcess("lineage"));
    }, 120_000);
    afterAll(() => cleanup?.());

    /** Waterschap Limburg and the Unie's officer, who acts for it. */
    const limburg = async () => ({
      org: await db.selectFrom("organisation").select(["id", "slug"]).where("slug", "=", "waterschap-limburg").executeTakeFirstOrThrow(),
      unie: await db.selectFrom("user").select(["id", "email"]).where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow(),
    });

    it("keeps each year's progress and targets after a revised plan is accepted; a draft keeps progress on the actions that continue", async () => {
      // Waterschap Limburg: plan version 1 accepted, version 2 in draft; reports 2023 and 2024
      // accepted, 2025 returned (all entered against version 1).
      const { org, unie } = await limburg();
      const reviewer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "analist@ienw.example")
        .executeTakeFirstOrThrow();
      const actor = { userId: unie.id, email: unie.email, ip: "192.0.2.1" };
      const ministry = await loginAs(db, { id: reviewer.id });
      const page = async (year: string) =>
        mainOf(await portal.fetch(`/ministerie/rapportages/${org.slug}/${year}`, { headers: { Cookie: ministry } }));
      // 2023 and 2024 accepted, and the returned version 1 of 2025: all read against plan version 1.
      const pastYears = ["2023", "2024", "2025?versie=1"];
      const before = await Promise.all(pastYears.map(page));
      // The pages show progress and targets at all (else the comparison proves nothing).
      for (const html of before) expect(html).toMatch(/Voortgang van het actieplan/);
      expect(before[1]).toMatch(/Doelstap volgens het actieplan voor (<!-- -->)?2024/);
      expect(before[2]).toMatch(/Doelstap volgens het actieplan voor (<!-- -->)?2025/);

      // The returned 2025 report gets a new draft; its progress was entered against version 1.
      await reviseReport(db, { actor, organisationId: org.id, year: 2025 });
      const draft = await db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .select(["v.id", "v.lock_version"])
        .where("r.organisation_id", "=", org.id)
        .where("r.year", "=", 2025)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow();
      const progressBefore = (await loadProgress(db, { organisationId: org.id, versionId: draft.id })).items;
      expect(progressBefore.length).toBeGreaterThanOrEqual(2);
      // Give every action a status, so each one's progress can be followed.
      await saveProgress(db, {
        actor,
        organisationId: org.id,
        year: 2025,
        lockVersion: draft.lock_version,
        progress: progressBefore.map((p, i) => ({ lineageId: p.lineage_id, status: i % 2 ? "done" : "running", note: `Stand ${i}` })),
      });
      const entered = (await loadProgress(db, { organisationId: org.id, versionId: draft.id })).items;
      // The progress on an action has its history too, for the signatory and (submitted versions) the ministry.
      const officer = await loginAs(db, { id: unie.id });
      const progressHistory = (
        await (
          await portal.fetch(`/organisatie/${org.slug}/rapportage/2025/geschiedenis/actie/${entered[0]!.lineage_id}`, {
            headers: { Cookie: officer },
          })
        ).text()
      ).replace(/<!-- -->/g, "");
      expect(progressHistory).toContain("Werd</dt><dd>Stand: Loopt");
      expect(progressHistory).toContain("Werd</dt><dd>Toelichting: Stand 0");
      expect(progressHistory).toContain("namens Waterschap Limburg, via het formulier (versie 2)");
      expect(before[1]).toContain(`/ministerie/rapportages/${org.slug}/2024/geschiedenis/actie/`);
      const reviewed = await portal.fetch(`/ministerie/rapportages/${org.slug}/2024/geschiedenis/actie/${entered[0]!.lineage_id}`, {
        headers: { Cookie: ministry },
      });
      expect(reviewed.status).toBe(200);
      expect(
        (await portal.fetch(`/ministerie/rapportages/${org.slug}/2024/geschiedenis/actie/x1`, { headers: { Cookie: ministry } })).status,
      ).toBe(404);

      // The plan's draft (version 2): rename the first action, remove the second, add one, raise targets.
      const planDraft = await db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select(["v.id", "v.lock_version"])
        .where("p.organisation_id", "=", org.id)
        .where("v.status", "=", "draft")
        .executeTakeFirstOrThrow();
      const actions = await db
        .selectFrom("action_plan_action")
        .select(["id", "lineage_id", "title", "status", "themes", "owner", "planned_year", "planned_quarter"])
        .where("version_id", "=", planDraft.id)
        .orderBy("position")
        .execute();
      const [first, second] = actions;
      const rest = (a: (typeof actions)[number]) => ({
        themes: JSON.parse(a.themes) as ThemeCode[],
        owner: a.owner ?? undefined,
        plannedYear: a.planned_year ?? undefined,
        plannedQuarter: a.planned_quarter ?? undefined,
      });
      let lock = planDraft.lock_version;
      lock = await updateAction(db, {
        actor,
        organisationId: org.id,
        lockVersion: lock,
        actionId: first!.id,
        values: { lockVersion: lock, title: `${first!.title} (herzien)`, status: "running", ...rest(first!) },
      });
      lock = await removeAction(db, { actor, organisationId: org.id, lockVersion: lock, actionId: second!.id });
      lock = await addAction(db, {
        actor,
        organisationId: org.id,
        lockVersion: lock,
        values: { lockVersion: lock, title: "Nieuwe actie", status: "planned", ...rest(second!) },
      });
      const targets = await db.selectFrom("action_plan_target").selectAll().where("version_id", "=", planDraft.id).execute();
      expect(targets.length).toBeGreaterThan(0);
      await sql`update action_plan_target set target_step = case when target_step < 5 then target_step + 1 else 5 end where version_id = ${planDraft.id}`.execute(
        db,
      );
      await submitPlan(db, { actor, organisationId: org.id, lockVersion: lock });
      await reviewPlan(db, {
        actor: { userId: reviewer.id, email: reviewer.email, ip: "192.0.2.2" },
        organisationId: org.id,
        versionNumber: 2,
        decision: "accept",
      });

      // Past years read exactly as before.
      const after = await Promise.all(pastYears.map(page));
      expect(after).toEqual(before);

      // The draft now reads against version 2: the renamed action keeps its progress, the removed
      // one is gone, the new one has none yet.
      const now = (await loadProgress(db, { organisationId: org.id, versionId: draft.id })).items;
      const renamed = now.find((i) => i.lineage_id === first!.lineage_id)!;
      const was = entered.find((i) => i.lineage_id === first!.lineage_id)!;
      expect(renamed.title).toBe(`${first!.title} (herzien)`);
      expect([renamed.status, renamed.note]).toEqual([was.status, was.note]);
      expect(now.some((i) => i.lineage_id === second!.lineage_id)).toBe(false);
      expect(now.find((i) => i.title === "Nieuwe actie")?.status ?? null).toBeNull();
      for (const item of now.filter((i) => i.title !== "Nieuwe actie")) {
        const earlier = entered.find((e) => e.lineage_id === item.lineage_id)!;
        expect([item.status, item.note]).toEqual([earlier.status, earlier.note]);
      }
      // And the signatory's progress page shows the renamed action with its status.
      const signatory = await loginAs(db, { id: unie.id });
      const progressPage = await mainOf(
        await portal.fetch(`/organisatie/${org.slug}/rapportage/2025/voortgang`, { headers: { Cookie: signatory } }),
      );
      expect(progressPage).toContain(`${first!.title} (herzien)`.replace(/&/g, "&amp;"));
      expect(progressPage).toContain(was.note!);
    });

    it("a newly revised plan left in draft changes nothing a report shows", async () => {
      const { org, unie } = await limburg();
      const reviewer = await db.selectFrom("user").select("id").where("email", "=", "analist@ienw.example").executeTakeFirstOrThrow();
      const ministry = await loginAs(db, { id: reviewer.id });
      const before = await mainOf(await portal.fetch(`/ministerie/rapportages/${org.slug}/2024`, { headers: { Cookie: ministry } }));
      await revisePlan(db, { actor: { userId: unie.id, email: unie.email, ip: "192.0.2.1" }, organisationId: org.id });
      const after = await mainOf(await portal.fetch(`/ministerie/rapportages/${org.slug}/2024`, { headers: { Cookie: ministry } }));
      expect(after).toEqual(before);
    });
  });

  describe("the plan lineage migration", () => {
    let dir: string;
    let db: DB | undefined;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "mvoi-lineage-migration-"));
    });
    afterAll(async () => {
      await db?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("keeps one progress row per action when a draft's progress was entered against two plan versions", async () => {
      const file = path.join(dir, "mixed.sqlite");
      const mixed = createDb(file);
      try {
        await migrateTo(mixed, "20261207T120000_create_value_change");
        const t = "2025-01-01T00:00:00.000Z";
        await sql`insert into organisation (id, slug, name, kind, sector, created_at, updated_at) values (1, 'o', 'O', 'gemeente', 'gemeenten', ${t}, ${t})`.execute(
          mixed,
        );
        await sql`insert into reporting_year (year, opens_at, due_at, created_at, updated_at) values (2025, '2026-01-01', '2026-04-01', ${t}, ${t})`.execute(
          mixed,
        );
        await sql`insert into action_plan (id, organisation_id, created_at) values (1, 1, ${t})`.execute(mixed);
        for (const [id, number, reviewed] of [
          [1, 1, "2025-02-01T00:00:00.000Z"],
          [2, 2, "2025-06-01T00:00:00.000Z"],
        ] as const)
          await sql`insert into action_plan_version (id, plan_id, number, status, created_at, updated_at, submitted_at, reviewed_at)
            values (${id}, 1, ${number}, 'accepted', ${t}, ${t}, ${t}, ${reviewed})`.execute(mixed);
        // The same action in both versions (ids 10 and 20), and one only in version 2.
        await sql`insert into action_plan_action (id, version_id, position, title) values (10, 1, 1, 'Inkoopbeleid'), (20, 2, 1, 'Inkoopbeleid'), (21, 2, 2, 'Nieuw')`.execute(
          mixed,
        );
        await sql`insert into report (id, organisation_id, year, created_at) values (1, 1, 2025, ${t})`.execute(mixed);
        await sql`insert into report_version (id, report_id, number, status, created_at, updated_at, submitted_at)
          values (1, 1, 1, 'submitted', ${t}, ${t}, '2025-07-01T00:00:00.000Z')`.execute(mixed);
        await sql`insert into report_action_progress (version_id, plan_action_id, status, note, entered_at)
          values (1, 10, 'running', 'tegen versie 1', ${t}), (1, 20, 'done', 'tegen versie 2', ${t}), (1, 21, 'running', null, ${t})`.execute(
          mixed,
        );

        await migrateToLatest(mixed);

        const rows = await mixed.selectFrom("report_action_progress").selectAll().orderBy("action_lineage_id").execute();
        expect(rows.map((r) => [r.action_lineage_id, r.status, r.note])).toEqual([
          [10, "done", "tegen versie 2"],
          [21, "running", null],
        ]);
        const pinned = await mixed.selectFrom("report_version").select("plan_version_id").where("id", "=", 1).executeTakeFirstOrThrow();
        expect(pinned.plan_version_id).toBe(2);
        const { items } = await loadProgress(mixed, { organisationId: 1, versionId: 1 });
        expect(items.map((i) => [i.title, i.status])).toEqual([
          ["Inkoopbeleid", "done"],
          ["Nieuw", "running"],
        ]);
      } finally {
        await mixed.destroy();
      }
    });

    // The commit is in every clone of the repository (CI clones it whole); an export without its
    // history cannot make the old demo database, and says so.
    const haveCommit = (() => {
      try {
        execFileSync("git", ["cat-file", "-e", `${BEFORE_LINEAGE}^{commit}`], { cwd: ROOT, stdio: "ignore" });
        return true;
      } catch {
        console.warn(`plan lineage migration: commit ${BEFORE_LINEAGE} is not in this checkout; the demo-database test is skipped`);
        return false;
      }
    })();

    it.skipIf(!haveCommit)(
      "keeps every progress row of a demo database made before it attached to its action",
      async () => {
        // The demo database as the code before the migration made it: that commit's seed, run from
        // its own tree (with this checkout's packages).
        const tree = path.join(dir, "tree");
        fs.mkdirSync(tree);
        execFileSync("sh", ["-c", `git archive ${BEFORE_LINEAGE} | tar -x -C "${tree}"`], { cwd: ROOT });
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
        const file = path.join(dir, "demo.sqlite");
        execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/seed.ts"], {
          cwd: tree,
          env: { ...process.env, DATABASE_URL: file, NODE_ENV: "test", SESSION_SECRET: "a-test-secret-of-at-least-thirty-two-characters" },
          stdio: "pipe",
        });
        db = createDb(file);
        // Before: each progress row with the action it names, and the report it belongs to.
        const { rows: old } = await sql<{
          version_id: number;
          organisation_id: number;
          title: string;
          status: string | null;
          note: string | null;
        }>`
        select p.version_id, r.organisation_id, a.title, p.status, p.note
        from report_action_progress p
        join action_plan_action a on a.id = p.plan_action_id
        join report_version v on v.id = p.version_id
        join report r on r.id = v.report_id
        order by p.version_id, a.title`.execute(db);
        expect(old.length).toBeGreaterThan(10);

        await migrateToLatest(db);

        const after: typeof old = [];
        for (const versionId of [...new Set(old.map((o) => o.version_id))]) {
          const organisationId = old.find((o) => o.version_id === versionId)!.organisation_id;
          const { items } = await loadProgress(db, { organisationId, versionId });
          for (const i of items)
            if (i.status !== null || i.note !== null)
              after.push({ version_id: versionId, organisation_id: organisationId, title: i.title, status: i.status, note: i.note });
        }
        after.sort((a, b) => a.version_id - b.version_id || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
        expect(after).toEqual(old);
        // Every submitted report version names the plan it is read against.
        const unpinned = await db
          .selectFrom("report_version as v")
          .innerJoin("report as r", "r.id", "v.report_id")
          .innerJoin("action_plan as p", "p.organisation_id", "r.organisation_id")
          .select("v.id")
          .where("v.status", "<>", "draft")
          .where("v.plan_version_id", "is", null)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("action_plan_version as pv")
                .select("pv.id")
                .whereRef("pv.plan_id", "=", "p.id")
                .where("pv.submitted_at", "<=", eb.ref("v.submitted_at")),
            ),
          )
          .execute();
        expect(unpinned).toEqual([]);
      },
      120_000,
    );
  });
}
