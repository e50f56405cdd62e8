// npm run dev: the portal with hot reload. Prepares the database as `npm start` does (migrate, seed
// demo data), then serves app/server/portal.server.ts through Vite in middleware mode: the same
// Express app as in production (security headers with a CSP nonce, the CSRF check, body limits), with
// the routes loaded from source. A changed component updates in the browser without a reload; a
// changed server module is loaded again at the next request. Plain JavaScript, like start.mjs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
if (fs.existsSync(".env")) process.loadEnvFile(".env");
process.env.NODE_ENV = "development";

const prepared = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/prepare-start.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, MVOI_SKIP_BUILD: "1" },
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);
if (!process.env.SESSION_SECRET) {
  const dir = path.dirname(path.resolve(ROOT, process.env.DATABASE_URL ?? "data/mvoi.sqlite"));
  process.env.SESSION_SECRET = fs.readFileSync(path.join(dir, ".session-secret"), "utf8").trim();
}

const { createServer } = await import("vite");
const express = (await import("express")).default;

const server = http.createServer();
// The hot-reload connection (a WebSocket) shares the page's port, so the CSP's connect-src 'self' allows it.
const vite = await createServer({ root: ROOT, server: { middlewareMode: true, hmr: { server } }, appType: "custom" });
const app = express();
app.disable("x-powered-by");
app.use(vite.middlewares);
app.use(async (req, res, next) => {
  try {
    const portal = await vite.ssrLoadModule("/app/server/portal.server.ts");
    portal.developmentApp(path.join(ROOT, "public"))(req, res, next);
  } catch (error) {
    if (error instanceof Error) vite.ssrFixStacktrace(error);
    next(error);
  }
});
server.on("request", app);

const port = Number(process.env.PORT ?? 3000);
server.listen(port, process.env.HOST ?? "0.0.0.0", () => {
  const address = server.address();
  console.log(
    `MVOI-portaal (ontwikkeling, met hot reload) draait op http://localhost:${typeof address === "object" && address ? address.port : port}`,
  );
});
const stop = () => {
  server.close();
  void vite.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
