import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database, OrganisationKind } from "~/database/types";
import { KINDS, sectorFromLabel, slugify } from "~/models/organisation.schema";
import { ensureReportingYear } from "~/models/reporting-year.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { enableMfaWithSecret, getMfaStatus } from "~/models/mfa.server";
import { parseCsvRecords } from "~/utils/csv";
import { seedCatalogue } from "~/models/indicator.server";
import { catalogueFor } from "./catalogue";
import { seedDemoPlans } from "./demo-plans";
import { seedDemoReports } from "./demo-reports";
import { nowIso } from "~/utils/time";
import { demoReportingYears } from "./demo-calendar";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SIGNATORIES_CSV = path.join(here, "signatories.csv");

export const DEMO_PASSWORD = "demo-mvoi-2025";

/**
 * The public sources give no signing date per organisation. The demo data uses the first
 * signing moment (24 November 2022) for most, the second one (8 June 2023) for a few, and a
 * later accession in 2024 (a demo date: gemeenten still joined then) for two, so the figures
 * show that an organisation is expected to report only from the year it signed (MVOI.md).
 * Administrators correct the dates per organisation.
 */
const DEMO_SIGNED_AT = "2022-11-24";
export const DEMO_LATER_SIGNING: Record<string, string> = {
  "Gemeente Ermelo": "2023-06-08",
  "Luchtverkeersleiding Nederland (LVNL)": "2023-06-08",
  "Gemeente Heerlen": "2024-05-14",
  "Gemeente Landgraaf": "2024-05-14",
};

export const DEMO_USERS = [
  { email: "inkoper@helmond.example", name: "Fatima El Amrani", organisation: "Gemeente Helmond", role: "editor" },
  { email: "inkoper@uvw.example", name: "Jeroen Bakker", organisation: "Unie van Waterschappen", role: "editor" },
  { email: "analist@ienw.example", name: "Sanne de Wit", organisation: "Ministerie van Infrastructuur en Waterstaat", role: "reviewer" },
  { email: "beheer@ienw.example", name: "Pieter Jansen", organisation: "Ministerie van Infrastructuur en Waterstaat", role: "admin" },
] as const;

/**
 * DEMO DATA ONLY: fixed TOTP secrets for the demo ministry and admin logins, listed in the README
 * so a newcomer can add them to an authenticator app. Stored encrypted like any other secret (so
 * the seed needs SESSION_SECRET). The signatory demo logins have no MFA.
 */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  "analist@ienw.example": "5RFHR6TQFW42V3W7GKPIPZKPSQ3T4DTF",
  "beheer@ienw.example": "SZFPQJXI7W45OAIAOYM36AFI2IRVQ7S2",
};

/** Loads db/signatories.csv: inserts missing organisations, then links signed_via. Idempotent. */
export async function seedOrganisations(db: Kysely<Database>): Promise<void> {
  const records = parseCsvRecords(fs.readFileSync(SIGNATORIES_CSV, "utf8"));
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const r of records) {
      const sector = sectorFromLabel(r.sector ?? "");
      const kind = (KINDS as readonly string[]).includes(r.kind ?? "") ? (r.kind as OrganisationKind) : undefined;
      if (!r.name || !sector || !kind) throw new Error(`signatories.csv: invalid row for "${r.name}"`);
      await trx
        .insertInto("organisation")
        .values({
          slug: slugify(r.name),
          name: r.name,
          kind,
          sector,
          signed_at: DEMO_LATER_SIGNING[r.name] ?? DEMO_SIGNED_AT,
          source_url: r.source || null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
    }
    for (const r of records) {
      if (!r.signed_via) continue;
      const via = await trx.selectFrom("organisation").select("id").where("name", "=", r.signed_via).executeTakeFirst();
      if (!via) throw new Error(`signatories.csv: "${r.name}" is signed via unknown "${r.signed_via}"`);
      await trx
        .updateTable("organisation")
        .set({ signed_via_id: via.id })
        .where("name", "=", r.name!)
        .where("signed_via_id", "is", null)
        .execute();
    }
  });
}

export async function seedReportingYears(db: Kysely<Database>, today: string, options: { demo?: boolean } = {}): Promise<void> {
  for (const y of demoReportingYears(today, options)) await ensureReportingYear(db, y);
}

/**
 * One login per role, all with DEMO_PASSWORD; the ministry and admin logins with the fixed TOTP
 * secret of DEMO_TOTP_SECRETS (encrypted with `sessionSecret`; without one they get no MFA and
 * must set it up at their first login). Refused for a production database.
 */
export async function seedDemoUsers(db: Kysely<Database>, options: { sessionSecret?: string } = {}): Promise<void> {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to create demo users with NODE_ENV=production");
  }
  for (const u of DEMO_USERS) {
    const organisation = await db.selectFrom("organisation").select("id").where("name", "=", u.organisation).executeTakeFirstOrThrow();
    const userId = await ensureUser(db, { email: u.email, name: u.name, password: DEMO_PASSWORD });
    await addMembership(db, { userId, organisationId: organisation.id, role: u.role });
    const secret = DEMO_TOTP_SECRETS[u.email];
    if (secret && options.sessionSecret && !(await getMfaStatus(db, { userId })).enabled) {
      await enableMfaWithSecret(db, { userId, secret, keys: options.sessionSecret.split(",") });
    }
  }
}

/** The report's questions for every seeded reporting year (db/catalogue.ts). */
export async function seedCatalogues(db: Kysely<Database>, today: string, options: { demo?: boolean } = {}): Promise<void> {
  for (const y of demoReportingYears(today, options)) await seedCatalogue(db, { year: y.year, entries: catalogueFor(y.year) });
}

/**
 * `today` (YYYY-MM-DD) places the reporting years and the demo's plans and reports in time: `npm
 * start` and `npm run seed` pass the real date, the tests TEST_TODAY. sessionSecret (default: the
 * SESSION_SECRET variable) encrypts the demo logins' TOTP secrets.
 */
export async function seed(db: Kysely<Database>, options: { demo: boolean; today: string; sessionSecret?: string }): Promise<void> {
  const { today } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seed: today must be YYYY-MM-DD, not ${today}`);
  await seedOrganisations(db);
  await seedReportingYears(db, today, { demo: options.demo });
  // The same years for both: in January a demo's open year differs from a real database's.
  await seedCatalogues(db, today, { demo: options.demo });
  if (options.demo) {
    await seedDemoUsers(db, { sessionSecret: options.sessionSecret ?? process.env.SESSION_SECRET });
    const actor = async (email: string) => {
      const u = await db.selectFrom("user").select(["id", "email"]).where("email", "=", email).executeTakeFirstOrThrow();
      return { userId: u.id, email: u.email, ip: "seed", channel: "script" as const };
    };
    // Demo plans and reports only once: when there are none yet.
    const anyPlan = await db.selectFrom("action_plan").select("id").limit(1).executeTakeFirst();
    if (!anyPlan) {
      await seedDemoPlans(db, { today, unie: await actor("inkoper@uvw.example"), reviewer: await actor("analist@ienw.example") });
    }
    const anyReport = await db.selectFrom("report").select("id").limit(1).executeTakeFirst();
    if (!anyReport) {
      await seedDemoReports(db, {
        today,
        helmond: await actor("inkoper@helmond.example"),
        unie: await actor("inkoper@uvw.example"),
        reviewer: await actor("analist@ienw.example"),
      });
    }
  }
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("organisation").select("id").limit(1).executeTakeFirst();
  return !row;
}
