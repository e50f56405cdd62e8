// Serves the built portal. Compiled by `npm run build` into build/serve.js and run from there by
// plain Node (scripts/start.mjs), without tsx: tsx's module hooks run in a loader thread with a
// heap of its own, which cost the server about 90 MB of resident memory (see README → Performance).
// Preparing (build, migrate, seed) happens before, in scripts/prepare-start.ts.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { createApp } from "~/server/app.server";

// This file runs as build/serve.js, beside build/server and build/client.
const BUILD_DIR = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const config = env();
  const build = await import(pathToFileURL(path.join(BUILD_DIR, "server/index.js")).href);
  const app = createApp({ build, clientDir: path.join(BUILD_DIR, "client"), env: config, log: config.LOG_REQUESTS === "1" });
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    console.log(`MVOI-portaal draait op http://localhost:${port} (${config.NODE_ENV}, database ${config.DATABASE_URL})`);
  });

  // Idle keep-alive connections stay open longer than a client or proxy keeps them (Node's 5 s
  // default races with clients that reuse a connection just as the server closes it: a reset).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const cleanup = setInterval(() => void deleteExpiredSessions(getDb()).catch(console.error), 60 * 60_000);
  cleanup.unref();

  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    server.close(() => {
      void getDb()
        .destroy()
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
