// The second step of `npm run build`: compiles scripts/serve.ts (and the server code it imports
// from app/) into build/serve.js, so the server runs on plain Node. npm packages stay external.
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
await build({
  entryPoints: [path.join(ROOT, "scripts/serve.ts")],
  outfile: path.join(ROOT, "build/serve.js"),
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node24",
  tsconfig: path.join(ROOT, "tsconfig.json"),
  sourcemap: true,
  logLevel: "warning",
});
