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
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser per file; files run in parallel against one built server.
          fileParallelism: true,
        },
      },
    ],
  },
});
