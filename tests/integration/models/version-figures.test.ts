import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { computeSectorThemeGrid, computeSectorThemeGridInSql, sectorThemeGrid } from "~/models/aggregates.server";
import { dataStamp } from "~/models/data-change.server";
import { listCountedVersions } from "~/models/counted-version.server";
import { figureQuestions, keepMissingVersionFigures, versionFigures } from "~/models/version-figures.server";
import { generateDataset, type Dataset } from "../../../scripts/bench/dataset";
import { createTestDb } from "../../helpers/db";

// The packed rows of version_figures are a copy of submitted versions' answers that the sector
// overview reads after a start (instead of every answer). A copy may never disagree with the
// answers: these tests read the figures through a fresh handle (as a restarted server, nothing in
// memory) and compare them with the answers themselves, also after other writers changed them.

const STATE = { value: 1, unknown: 2, not_applicable: 3 } as const;

describe("kept version figures", () => {
  let dir: string;
  let file: string;
  let data: Dataset;
  let db: DB;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-version-figures-"));
    file = path.join(dir, "figures.sqlite");
    data = await generateDataset({ file, orgs: 120, years: 2 });
    db = createDb(file);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A new handle on the same file: nothing kept in memory, as after a restart. */
  async function fresh<T>(work: (db: DB) => Promise<T>): Promise<T> {
    const other = createDb(file);
    try {
      return await work(other);
    } finally {
      await other.destroy();
    }
  }

  const keptRows = async (year?: number) =>
    Number(
      (
        await db
          .selectFrom("version_figures")
          .select((eb) => eb.fn.countAll().as("n"))
          .$if(year !== undefined, (q) => q.where("year", "=", year!))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function expectGridsAgree() {
    await fresh(async (other) => {
      for (const year of data.years) {
        for (const basis of ["geaccepteerd", "ingediend"] as const) {
          const sql = await computeSectorThemeGridInSql(other, { year, basis });
          expect(Object.keys(sql).length).toBeGreaterThan(1);
          expect(await computeSectorThemeGrid(other, { year, basis })).toEqual(sql);
        }
      }
    });
  }

  it("are kept for every submitted version, and read back as the answers themselves, one by one and per year", async () => {
    const submitted = await db
      .selectFrom("report_version")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("status", "<>", "draft")
      .executeTakeFirstOrThrow();
    expect(await keptRows()).toBe(Number(submitted.n));
    const year = data.years.at(-1)!;
    const questions = await figureQuestions(db, year);
    const ids = (await listCountedVersions(db, { year, basis: "ingediend" })).map((v) => v.version_id);
    expect(ids.length).toBeGreaterThan(50);
    // The answers, straight from report_value.
    const answers = await db
      .selectFrom("report_value")
      .select(["version_id", "indicator_id", "state", "number_value"])
      .where("version_id", "in", ids)
      .execute();
    const expected = new Map(ids.map((id) => [id, questions.ids.map(() => ({ state: 0, number: 0 }))]));
    for (const a of answers) {
      const at = questions.ids.indexOf(a.indicator_id);
      if (at >= 0) expected.get(a.version_id)![at] = { state: STATE[a.state], number: a.number_value ?? 0 };
    }
    // Both ways of reading the kept rows: by id (a few versions) and the year's range (many).
    for (const rangeFrom of [Infinity, 0]) {
      await fresh(async (other) => {
        const figures = await versionFigures(other, await figureQuestions(other, year), ids, { rangeFrom });
        for (const id of ids) {
          const f = figures.get(id)!;
          const got = questions.ids.map((_, i) => ({ state: f.states[f.stateAt + i], number: f.numbers[f.numberAt + i] }));
          expect(got, `version ${id}, rangeFrom ${rangeFrom}`).toEqual(expected.get(id));
        }
      });
    }
    await expectGridsAgree();
  });

  it("lose a version's row when another writer changes its answers, and the figures follow the answers, also in a running server", async () => {
    const year = data.years.at(-1)!;
    const [version] = await listCountedVersions(db, { year, basis: "geaccepteerd" });
    const questions = await figureQuestions(db, year);
    // This handle, as a running server, has the year's figures in memory.
    const before = await computeSectorThemeGrid(db, { year, basis: "geaccepteerd" });
    expect(before).toEqual(await computeSectorThemeGridInSql(db, { year, basis: "geaccepteerd" }));
    expect(await sectorThemeGrid(db, { year, basis: "geaccepteerd" })).toEqual(before);
    const stamp = await dataStamp(db, ["figures"]);
    // A draft's answer changing (the portal's everyday save) leaves the counter of submitted answers alone.
    const draft = await db
      .selectFrom("report_value as a")
      .innerJoin("report_version as v", "v.id", "a.version_id")
      .select(["a.version_id", "a.indicator_id"])
      .where("v.status", "=", "draft")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("report_value")
      .set({ number_value: 5 })
      .where("version_id", "=", draft.version_id)
      .where("indicator_id", "=", draft.indicator_id)
      .execute();
    expect(await dataStamp(db, ["figures"])).toBe(stamp);
    // A script (another connection) changes an accepted version's answer; the portal itself only changes drafts.
    await fresh((other) =>
      other
        .updateTable("report_value")
        .set({ state: "value", number_value: 987_654 })
        .where("version_id", "=", version!.version_id)
        .where("indicator_id", "=", questions.ids[0]!)
        .execute(),
    );
    expect(
      await db.selectFrom("version_figures").select("version_id").where("version_id", "=", version!.version_id).executeTakeFirst(),
    ).toBeUndefined();
    const after = await computeSectorThemeGrid(db, { year, basis: "geaccepteerd" });
    expect(after).not.toEqual(before);
    expect(after).toEqual(await computeSectorThemeGridInSql(db, { year, basis: "geaccepteerd" }));
    expect(await dataStamp(db, ["figures"])).not.toBe(stamp);
    // The cached overview that the pages read follows too.
    expect(await sectorThemeGrid(db, { year, basis: "geaccepteerd" })).toEqual(after);
    await expectGridsAgree();
    // Reading is no reason to write: the row is kept again at the next start.
    expect(
      await db.selectFrom("version_figures").select("version_id").where("version_id", "=", version!.version_id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await keepMissingVersionFigures(db)).toBe(1);
    expect(
      await db.selectFrom("version_figures").select("version_id").where("version_id", "=", version!.version_id).executeTakeFirst(),
    ).toBeDefined();
    expect(await keepMissingVersionFigures(db)).toBe(0);
  });

  it("raise the change counters for every writer: a version renumbered, a report moved, a version written as submitted", async () => {
    const stamp = (scope: "reports" | "figures") => dataStamp(db, [scope]);
    const version = await db
      .selectFrom("report_version")
      .select(["id", "report_id", "number"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    let before = await stamp("reports");
    await db
      .updateTable("report_version")
      .set({ number: version.number + 100 })
      .where("id", "=", version.id)
      .execute();
    expect(await stamp("reports")).not.toBe(before);
    await db.updateTable("report_version").set({ number: version.number }).where("id", "=", version.id).execute();
    before = await stamp("reports");
    const report = await db.selectFrom("report").select(["id", "year"]).where("id", "=", version.report_id).executeTakeFirstOrThrow();
    await db.updateTable("report").set({ year: report.year }).where("id", "=", report.id).execute();
    expect(await stamp("reports")).not.toBe(before);
    before = await stamp("figures");
    const copy = await db.selectFrom("report_version").selectAll().where("id", "=", version.id).executeTakeFirstOrThrow();
    const { id: _id, ...rest } = copy;
    await db
      .insertInto("report_version")
      .values({ ...rest, number: copy.number + 200, status: "submitted" })
      .execute();
    expect(await stamp("figures")).not.toBe(before);
    await db
      .deleteFrom("report_version")
      .where("report_id", "=", copy.report_id)
      .where("number", "=", copy.number + 200)
      .execute();
  });

  it("lose the year's rows when the year's figure questions change, and only that year's", async () => {
    const [first, last] = [data.years[0]!, data.years.at(-1)!];
    const before = await keptRows(first);
    expect(before).toBeGreaterThan(0);
    // A question of the last year that is no figure question yet starts counting as a share (an
    // admin's catalogue change): the year's figure questions change.
    const questionsBefore = await figureQuestions(db, last);
    const totals = questionsBefore.shares.flatMap((q) => (q.totalIndex === null ? [] : [questionsBefore.ids[q.totalIndex]!]));
    const question = await db
      .selectFrom("indicator")
      .select("id")
      .where("year", "=", last)
      .where("unit", "=", "count")
      .where("show_share", "=", 0)
      .where("id", "not in", [...questionsBefore.ids, ...totals, -1])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await db.updateTable("indicator").set({ show_share: 1 }).where("id", "=", question.id).execute();
    expect((await figureQuestions(db, last)).ids).not.toEqual(questionsBefore.ids);
    expect(await keptRows(last)).toBe(0);
    expect(await keptRows(first)).toBe(before);
    await expectGridsAgree();
    expect(await keptRows(last)).toBe(0);
    expect(await keepMissingVersionFigures(db)).toBeGreaterThan(0);
    expect(await keptRows(last)).toBeGreaterThan(0);
    await expectGridsAgree();
  });

  it("read a row packed for other questions from the answers again, and repair it at the next start", async () => {
    const year = data.years[0]!;
    const row = await db
      .selectFrom("version_figures")
      .select(["version_id", "layout", "figures"])
      .where("year", "=", year)
      .limit(1)
      .executeTakeFirstOrThrow();
    // As if the catalogue changed without the triggers knowing (a table rebuilt by a script).
    await db.updateTable("version_figures").set({ layout: "other-questions" }).where("version_id", "=", row.version_id).execute();
    await expectGridsAgree();
    expect(await keepMissingVersionFigures(db)).toBe(1);
    expect(
      await db
        .selectFrom("version_figures")
        .select(["layout", "figures"])
        .where("version_id", "=", row.version_id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ layout: row.layout, figures: row.figures });
  });

  it("give the figures of the questions asked for, and keep nothing, when the catalogue changes meanwhile", async () => {
    const year = data.years[0]!;
    await fresh(async (other) => {
      const questions = await figureQuestions(other, year);
      const ids = (await listCountedVersions(other, { year, basis: "ingediend" })).map((v) => v.version_id);
      // Another writer changes the year's figure questions after this computation read them.
      const share = questions.shares[0]!;
      await db.updateTable("indicator").set({ show_share: 0 }).where("id", "=", questions.ids[share.index]!).execute();
      expect(await keptRows(year)).toBe(0);
      const figures = await versionFigures(other, questions, ids);
      // The answers to the questions asked for, straight from report_value.
      const answers = await db
        .selectFrom("report_value")
        .select(["version_id", "indicator_id", "state", "number_value"])
        .where("version_id", "in", ids)
        .where("indicator_id", "in", questions.ids)
        .execute();
      for (const a of answers) {
        const f = figures.get(a.version_id)!;
        const at = questions.ids.indexOf(a.indicator_id);
        expect({ state: f.states[f.stateAt + at], number: f.numbers[f.numberAt + at] }).toEqual({
          state: STATE[a.state],
          number: a.number_value ?? 0,
        });
      }
      // Packed for questions that are no longer the year's: not kept.
      expect(await keptRows(year)).toBe(0);
    });
    await expectGridsAgree();
  });
});

describe("kept version figures in the portal's own flow", () => {
  it("are written when a report is submitted (the demo data submits through the models)", async () => {
    const t = await createTestDb({ seed: "demo" });
    try {
      const versions = await t.db.selectFrom("report_version").select("id").where("status", "<>", "draft").execute();
      expect(versions.length).toBeGreaterThan(5);
      const kept = await t.db.selectFrom("version_figures").select("version_id").execute();
      expect(new Set(kept.map((k) => k.version_id))).toEqual(new Set(versions.map((v) => v.id)));
    } finally {
      await t.cleanup();
    }
  });
});
