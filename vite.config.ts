import { fileURLToPath } from "node:url";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig, type UserConfig } from "vite";
import { onlyUsedCss } from "./scripts/lib/used-css";

/**
 * The browser bundle of a production build gets three extras (not the server build, not a dev
 * server), which together pay for the full route manifest (routeDiscovery in
 * react-router.config.ts) under the report form's 120 KB budget
 * (tests/e2e/report/javascript-budget.spec.ts; docs/decisions/023-route-manifest-and-terser.md):
 * - Terser instead of esbuild as minifier: 3 KB less gzip on every page;
 * - React Router's production build: its package exports only the development build, which keeps
 *   its warnings (same code otherwise): 0.6 KB less;
 * - the small UI components (links, buttons, typography, alerts) every page uses in one file with
 *   the router they import, and the small shared helpers in another, instead of a dozen files of
 *   a few hundred bytes: fewer requests, and 1.7 KB less.
 */
function clientBuild(): UserConfig {
  const productionBuildOf = (file: string) =>
    fileURLToPath(new URL(`./node_modules/react-router/dist/production/${file}`, import.meta.url));
  return {
    resolve: {
      alias: [
        { find: /^react-router$/, replacement: productionBuildOf("index.mjs") },
        { find: /^react-router\/dom$/, replacement: productionBuildOf("dom-export.mjs") },
      ],
    },
    build: {
      minify: "terser",
      terserOptions: { compress: { passes: 2 } },
      rollupOptions: {
        output: {
          manualChunks(id: string) {
            // Tables, pagination and description lists stay with the pages that show them (the
            // report form shows none): 0.9 KB less on the form.
            if (/\/app\/components\/ui\/(table|pagination|data-list)\.tsx$/.test(id)) return "lists";
            if (/\/app\/components\/(ui\/|forms\/(error-summary|restored-input|save-status)\.tsx$)/.test(id)) return "ui";
            if (/\/app\/(utils\/(number|time|url)|models\/(theme|report\.rules))\.ts$/.test(id)) return "shared";
            return undefined;
          },
        },
      },
    },
  };
}

export default defineConfig(({ command, isSsrBuild }) => {
  const client = command === "build" && !isSsrBuild ? clientBuild() : {};
  return {
    // The design system's stylesheets cut down to what the portal uses, in the build and in
    // development alike (docs/decisions/033-only-the-css-the-portal-uses.md).
    plugins: [onlyUsedCss(), reactRouter()],
    resolve: {
      alias: [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }, ...((client.resolve?.alias as []) ?? [])],
    },
    build: {
      // Server-only code must never reach the browser bundle; React Router enforces *.server.ts.
      sourcemap: false,
      // The server build starts at the HTTP server, which imports React Router's server build
      // (React Router's custom-server template): build/server/index.js is the whole server.
      ...(isSsrBuild ? { rollupOptions: { input: "./app/server/portal.server.ts" } } : {}),
      ...client.build,
    },
  };
});
