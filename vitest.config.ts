import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import LongestFirst from "./tests/sequencer";
import { BROWSER_GROUP_WORKERS, UNIT_WORKERS } from "./tests/workers";

// Aliases only: no React Router plugin, so tests start fast and quietly.
// Every test process, and the servers they start, read dates as in the Netherlands whatever the
// machine's zone (deadlines and "today" are Dutch calendar days): the workers inherit this.
process.env.TZ = "Europe/Amsterdam";

const HOSTILE_SHARDS = "tests/integration/security/hostile-input.shard-*.test.ts";
const alias = [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }];

export default defineConfig({
  resolve: { alias },
  test: {
    // The longest files of each group first (tests/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        // Unit and integration files first, two at a time (tests/workers.ts).
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          maxWorkers: UNIT_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [HOSTILE_SHARDS],
          environment: "node",
          // The template databases every file copies, made once per run (tests/helpers/db.ts).
          globalSetup: ["tests/helpers/db-templates.global.ts"],
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
          // The forms' hostile-input test (two CPU-bound files of about two minutes each) runs
          // beside the browser files, at the lowest CPU priority (the files lower their own): it
          // takes the CPU the browser files leave while they wait for the browser.
          name: "hostile-input",
          include: [HOSTILE_SHARDS],
          environment: "node",
          hookTimeout: 120_000,
          maxWorkers: BROWSER_GROUP_WORKERS,
          sequence: { groupOrder: 1 },
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
          // A whole journey (invite, accept, log in, reset) takes 35 s here while four other files
          // run; 60 s was once exceeded when the hostile-input files got a higher priority.
          // Screenshots (E2E_SCREENSHOTS=1; every page at two widths in the every-page test) add more.
          testTimeout: process.env.E2E_SCREENSHOTS ? 300_000 : 120_000,
          hookTimeout: 120_000,
          // One browser per file, each with a built server and a database of its own while it
          // runs (tests/e2e/global-setup.ts), beside the hostile-input files (tests/workers.ts).
          maxWorkers: BROWSER_GROUP_WORKERS,
          // A worker runs file after file in one process: the test modules (Playwright, axe, the
          // database helpers) load once per worker instead of once per file (tests/e2e/setup.ts
          // keeps what each file checks of its own).
          isolate: false,
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
