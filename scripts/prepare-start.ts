// The first half of `npm start` and `npm run dev` (scripts/start.mjs and scripts/dev.mjs run it
// through tsx, then serve without it): build if needed (not for dev: MVOI_SKIP_BUILD=1), migrate,
// seed an empty database. Exits non-zero when the portal cannot start. A .env file and NODE_ENV
// are settled by the caller and passed on in the environment.
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
