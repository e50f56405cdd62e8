import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Aliases only: no React Router plugin, so tests start fast and quietly.
// Every test process, and the servers they start, read dates as in the Netherlands whatever the
// machine's zone (deadlines and "today" are Dutch calendar days): the workers inherit this.
process.env.TZ = "Europe/Amsterdam";

/** Workers for the unit and integration files: at least two. */
const PARALLEL = Math.max(2, os.availableParallelism());
const alias = [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        // Unit and integration files first, two at a time on these 2-core machines: the forms'
        // hostile-input test is split in two files that each keep a core busy.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", maxWorkers: PARALLEL, sequence: { groupOrder: 0 } },
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
          maxWorkers: PARALLEL,
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
          // One browser per file, one file at a time, after the unit and integration files: the
          // files share one built server and its database (two at once made one file see what
          // another was changing).
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Crash and concurrency tests against servers of their own. They saturate the CPU on
          // purpose, so they run one file at a time after everything else (groupOrder), where
          // they cannot slow the browser tests down.
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
