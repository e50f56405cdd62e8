// The first half of `npm start` (scripts/start.mjs runs it through tsx, then serves without it):
// build if needed, migrate, seed an empty database. Exits non-zero when the portal cannot start.
// A .env file and the NODE_ENV default are settled by start.mjs and passed on in the environment.
async function main() {
  const { ensureBuild, ensureDevelopmentSecret, prepareDatabase } = await import("./lib/prepare");
  ensureDevelopmentSecret();
  const { env } = await import("~/env.server");
  const config = env();
  // npm run dev serves from source (scripts/dev.mjs): no build needed.
  if (process.env.MVOI_SKIP_BUILD !== "1") ensureBuild();

  const { migrated, seeded } = await prepareDatabase(config.DATABASE_URL);
  if (migrated.length) console.log(`Migrated: ${migrated.join(", ")}`);
  if (seeded) {
    console.log(
      config.NODE_ENV === "production"
        ? "Seeded organisations and reporting years. Create the first administrator with scripts/create-admin.ts."
        : "Seeded demo data; demo logins are listed in README.md (password demo-mvoi-2025).",
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
