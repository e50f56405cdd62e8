// Starts the portal: build if needed, migrate, seed an empty database, then serve.
// NODE_ENV must be settled before React is imported (see ../shared/STACK.md), hence the dynamic imports.
import fs from "node:fs";

// A .env file (see .env.example) fills in what the environment does not set.
if (fs.existsSync(".env")) process.loadEnvFile(".env");
process.env.NODE_ENV ??= "development";

async function main() {
  const { ensureBuild, ensureDevelopmentSecret, prepareDatabase, SERVER_BUILD, CLIENT_DIR } = await import("./lib/prepare");
  ensureDevelopmentSecret();
  const { env } = await import("~/env.server");
  const config = env();
  ensureBuild();

  const { migrated, seeded } = await prepareDatabase(config.DATABASE_URL);
  if (migrated.length) console.log(`Migrated: ${migrated.join(", ")}`);
  if (seeded) {
    console.log(
      config.NODE_ENV === "production"
        ? "Seeded organisations and reporting years. Create the first administrator with scripts/create-admin.ts."
        : "Seeded demo data; demo logins are listed in README.md (password demo-mvoi-2025).",
    );
  }

  const { pathToFileURL } = await import("node:url");
  const build = await import(pathToFileURL(SERVER_BUILD).href);
  const { createApp } = await import("~/server/app.server");
  const { getDb } = await import("~/db.server");
  const { deleteExpiredSessions } = await import("~/models/session.server");

  const app = createApp({ build, clientDir: CLIENT_DIR, env: config, log: config.LOG_REQUESTS === "1" });
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
