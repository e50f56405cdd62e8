import { fileURLToPath } from "node:url";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  resolve: {
    alias: [
      { find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) },
      // React Router's package exports only its development build, which keeps its warnings; the
      // browser gets the production build (same code, warnings off: 0.6 KB less gzip).
      ...(isSsrBuild
        ? []
        : [
            { find: /^react-router$/, replacement: fileURLToPath(new URL("./node_modules/react-router/dist/production/index.mjs", import.meta.url)) },
            { find: /^react-router\/dom$/, replacement: fileURLToPath(new URL("./node_modules/react-router/dist/production/dom-export.mjs", import.meta.url)) },
          ]),
    ],
  },
  build: {
    // Server-only code must never reach the browser bundle; React Router enforces *.server.ts.
    sourcemap: false,
    // The browser's JavaScript is minified with Terser instead of esbuild: 3 KB less gzip on every
    // page, which pays for the full route manifest (routeDiscovery in react-router.config.ts).
    ...(isSsrBuild ? {} : { minify: "terser" as const, terserOptions: { compress: { passes: 2 } } }),
    rollupOptions: isSsrBuild
      ? {}
      : {
          output: {
            // The small UI components (links, buttons, typography, alerts) every page uses go in one
            // file with the router they import, and the small shared helpers in another, instead of
            // a dozen files of a few hundred bytes: fewer requests, and 1.7 KB less gzip for the
            // report form (budget 120 KB, tests/e2e/report/javascript-budget.spec.ts).
            manualChunks(id: string) {
              if (/\/app\/components\/ui\//.test(id)) return "ui";
              if (/\/app\/(utils\/(number|time|url)|models\/(theme|report\.rules))\.ts$/.test(id)) return "shared";
              return undefined;
            },
          },
        },
  },
}));
