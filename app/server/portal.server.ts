// The entry of the server build (vite.config.ts makes it the input of the SSR build, as React
// Router's custom-server template does): build/server/index.js holds the routes and the HTTP server
// around them, so every module, and so every context key (app/context.ts), exists once. In
// development scripts/dev.mjs loads this same file through Vite.
import http from "node:http";
import type { ServerBuild } from "react-router";
import * as virtualBuild from "virtual:react-router/server-build";
import { getDb } from "~/database/instance.server";
import { drainAfterResponse } from "~/flows/after-response.server";
import { env } from "~/env.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { deleteExpiredKeptInput } from "~/models/kept-input.server";
import { deleteExpiredRateLimits } from "~/models/rate-limit.server";
import { createApp } from "~/server/app.server";

export { requestInfoContext } from "~/context";
// For in-process tests that compare two requests' work by their SQL statements.
export { observeQueries } from "~/database/connection.server";
export { drainAfterResponse } from "~/flows/after-response.server";

/** React Router's server build: routes, entry and assets manifest. */
export const build = virtualBuild as unknown as ServerBuild;

/** The portal's Express app (app/server/app.server.ts) around this build. */
const portalApp = (clientDir: string) => createApp({ build, clientDir, env: env(), log: env().LOG_REQUESTS === "1" });

/** The portal's HTTP app for `scripts/dev.mjs`: made once per version of this module (Vite loads it again after a change). */
let devApp: ReturnType<typeof createApp> | undefined;
export function developmentApp(clientDir: string) {
  devApp ??= portalApp(clientDir);
  return devApp;
}

/**
 * Serves the built portal (`npm start`, through scripts/start.mjs): listens on HOST:PORT, removes
 * expired sessions, kept input and rate-limit windows every hour, and stops gracefully on SIGTERM and SIGINT.
 */
export function serve(args: { clientDir: string }): void {
  const config = env();
  const app = portalApp(args.clientDir);
  // A deep accept queue: when many browsers connect at once (a deadline day's first minute), a
  // full queue drops their connection attempts, which they repeat only after 1, 3, 7 seconds. The
  // kernel caps it (net.core.somaxconn, 4096 on current Linux). Admission control decides what
  // happens to the requests once accepted.
  const server = http.createServer(app).listen({ port: config.PORT, host: config.HOST, backlog: 4096 }, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    console.log(`MVOI-portaal draait op http://localhost:${port} (${config.NODE_ENV}, database ${config.DATABASE_URL})`);
  });

  // Idle keep-alive connections stay open longer than a client or proxy keeps them (Node's 5 s
  // default races with clients that reuse a connection just as the server closes it: a reset).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const cleanup = setInterval(() => {
    void deleteExpiredSessions(getDb()).catch(console.error);
    void deleteExpiredKeptInput(getDb()).catch(console.error);
    void deleteExpiredRateLimits(getDb()).catch(console.error);
  }, 60 * 60_000);
  cleanup.unref();

  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping`);
    server.close(() => {
      // Work handed over by requests (a password reset's link and e-mail) is finished first.
      void drainAfterResponse()
        .then(() => getDb().destroy())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
