import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Aliases only: no React Router plugin, so tests start fast and quietly.
const alias = [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
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
          // One browser per file; files run in parallel against one built server (one worker
          // less than the CPUs: on a 2-core machine, one file at a time; two at once measured
          // slower, the hostile-input file's servers then lose the CPU to Chromium).
          fileParallelism: true,
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
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
