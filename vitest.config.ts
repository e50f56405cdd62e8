import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import LongestFirst from "./tests/sequencer";
import { E2E_WORKERS, UNIT_WORKERS } from "./tests/e2e/workers";

// Aliases only: no React Router plugin, so tests start fast and quietly.
// Every test process, and the servers they start, read dates as in the Netherlands whatever the
// machine's zone (deadlines and "today" are Dutch calendar days): the workers inherit this.
process.env.TZ = "Europe/Amsterdam";

const alias = [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }];

export default defineConfig({
  resolve: { alias },
  test: {
    // The longest files of each group first (tests/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        // Unit and integration files first, two at a time on these 2-core machines: the forms'
        // hostile-input test is split in two files that each keep a core busy. (Running the
        // browser files beside them was measured slower: 624 s against about 500 s.)
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", maxWorkers: UNIT_WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          // Set-up that seeds a database or loads the build can take long while the other worker
          // keeps the second core busy.
          hookTimeout: 120_000,
          maxWorkers: UNIT_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.spec.ts"],
          exclude: ["tests/e2e/reliability/**"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          // After every test: no CSP violation or page error in any browser context (tests/e2e/setup.ts).
          setupFiles: ["tests/e2e/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser per file, E2E_WORKERS files at a time, each with a built server and a
          // database of its own while it runs (tests/e2e/global-setup.ts).
          maxWorkers: E2E_WORKERS,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Crash and concurrency tests against servers of their own. They saturate the CPU on
          // purpose, so they run one file at a time after everything else (groupOrder), where
          // they cannot slow the other tests down.
          name: "e2e-reliability",
          include: ["tests/e2e/reliability/**/*.spec.ts"],
          environment: "node",
          testTimeout: 300_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
