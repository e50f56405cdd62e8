import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiscrepancy, reconcile, type Discrepancy } from "../../helpers/figures-oracle";
import { describeWorld, startHarness, worldArb, writeWorld, type Harness, type WorldSpec } from "../../helpers/figures-world";

/**
 * Issue 17, item 6: the ministry's figures, reconciled cell by cell with an independent oracle
 * (tests/helpers/figures-oracle.ts: the definitions restated, nothing imported from app/) over
 * random worlds (tests/helpers/figures-world.ts: up to 15 organisations in every sector and
 * umbrellas, 2023-2025, reports in every state of the review flow, extensions, late and inactive
 * signatories). Each world is rendered by the built server (`npm run build` first) through its
 * request handler in this process, for both data bases: the raw values export (against the
 * counted versions' stored answers; every figure is recomputed from it), the overview, letter,
 * trends, completeness and drill-down pages, and the CSV and XLSX exports (see reconcile()).
 *
 * The worlds are split over SHARDS files (reconciliation.shard-N.property.test.ts), each with its
 * own random seed, so the longest file of the unit and integration group is half as long.
 *
 * A failing world reports fast-check's seed and path, the world in short, and each discrepancy
 * with its page or export, year, basis, row, theme and figure. To replay it, in the file that failed:
 *   FIGURES_SEED=<seed> [FIGURES_PATH=<path>] npx vitest run tests/integration/figures/reconciliation.shard-N.property.test.ts
 * FIGURES_ONLY=<regular expression> keeps only the discrepancies whose text matches (one bug at a
 * time, so shrinking finds that bug's smallest world); FIGURES_SERIAL=1 sends a world's requests
 * one at a time instead of together (to tell a bug of concurrent requests from any other);
 * FIGURES_RUNS changes the number of worlds (over all shards); MVOI_FIGURES_BUILD points at another
 * server build.
 */

export const SHARDS = 2;
const RUNS = Number(process.env.FIGURES_RUNS ?? 200);
const ONLY = process.env.FIGURES_ONLY ? new RegExp(process.env.FIGURES_ONLY) : null;

class WorldFailed extends Error {
  constructor(
    readonly spec: WorldSpec,
    readonly found: Discrepancy[],
  ) {
    super(
      `${found.length} afwijking(en) tussen portaal en orakel:\n${found.slice(0, 40).map(formatDiscrepancy).join("\n")}${found.length > 40 ? `\n… en ${found.length - 40} meer` : ""}`,
    );
  }
}

/** The test of one shard: its share of the RUNS worlds, with a seed of its own. */
export function reconciliationShard(shard: number) {
  const runs = Math.ceil(RUNS / SHARDS);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe(`the ministry's figures reconcile with an independent oracle (property-based, issue 17; part ${shard + 1} of ${SHARDS})`, () => {
    it("is one of SHARDS files, which together reconcile every world", () => {
      const files = fs.readdirSync(import.meta.dirname).filter((f) => /^reconciliation\.shard-\d+\.property\.test\.ts$/.test(f));
      expect(files.sort()).toEqual(Array.from({ length: SHARDS }, (_, i) => `reconciliation.shard-${i + 1}.property.test.ts`));
    });

    it(`every figure of ${runs} random worlds, on every page and in every export, both data bases`, async () => {
      const property = fc.asyncProperty(fc.limitShrink(worldArb, 400), async (spec) => {
        writeWorld(h, spec);
        const found = (await reconcile(h, spec)).filter((d) => !ONLY || ONLY.test(formatDiscrepancy(d)));
        if (found.length) throw new WorldFailed(spec, found);
      });
      const replay = process.env.FIGURES_SEED ? { seed: Number(process.env.FIGURES_SEED), path: process.env.FIGURES_PATH } : {};
      const details = await fc.check(property, {
        numRuns: runs,
        // Shrinking a failure is bounded (each world costs a fifth of a second); a run that has not
        // finished by then fails rather than passing on fewer worlds.
        interruptAfterTimeLimit: 200_000,
        markInterruptAsFailure: true,
        ...replay,
      });
      if (!details.failed) return;
      const error = details.errorInstance;
      if (!(error instanceof WorldFailed)) throw new Error(`${fc.defaultReportMessage(details)}`, { cause: error });
      // The world in full (for a closer look) goes to a file; the report names it.
      const file = path.join(os.tmpdir(), `figures-world-${details.seed}.json`);
      fs.writeFileSync(file, JSON.stringify(error.spec, null, 1));
      throw new Error(
        [
          `The portal's figures differ from the oracle's after ${details.numRuns} world(s) (shrunk ${details.numShrinks} time(s)).`,
          `Replay in tests/integration/figures/reconciliation.shard-${shard + 1}.property.test.ts: FIGURES_SEED=${details.seed} (the run as it went, with the worlds before it) or also FIGURES_PATH="${details.counterexamplePath}" (only the smallest world, in a fresh process: a bug of concurrent requests may then not show)`,
          `World: ${describeWorld(error.spec)} (in full: ${file})`,
          error.message,
        ].join("\n"),
      );
    }, 300_000);
  });
}
