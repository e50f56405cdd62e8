// Generates a synthetic national-scale dataset into its own SQLite file, fast: plain prepared
// statements in one transaction (the model functions are for people, not for millions of rows).
import SQLite from "better-sqlite3";
import { createDb } from "~/database/connection.server";
import { migrateToLatest } from "../../db/migrate";
import { catalogueFor } from "../../db/catalogue";
import { seedCatalogue } from "~/models/indicator.server";
import { keepMissingVersionFigures } from "~/models/version-figures.server";
import { hashPassword } from "~/auth/password.server";

const SECTORS: [string, string, number][] = [
  ["gemeenten", "gemeente", 0.6],
  ["waterschappen", "waterschap", 0.05],
  ["provincies", "provincie", 0.04],
  ["rijksoverheid", "ministerie", 0.08],
  ["overig", "uitvoeringsorganisatie", 0.23],
];

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export type Dataset = {
  file: string;
  years: number[];
  orgs: number;
  values: number;
  ministryEmail: string;
  officerEmail: string;
  officerSlug: string;
  draftYear: number;
};

export async function generateDataset(args: { file: string; orgs: number; years: number }): Promise<Dataset> {
  const db = createDb(args.file);
  await migrateToLatest(db);
  // Reporting years start in 2020 (a CHECK constraint): ten years run 2020-2029.
  const lastYear = Math.max(2025, 2019 + args.years);
  const years = Array.from({ length: args.years }, (_, i) => lastYear - args.years + 1 + i);
  const now = new Date().toISOString();
  for (const year of years) {
    await db
      .insertInto("reporting_year")
      .values({ year, opens_at: `${year + 1}-01-15`, due_at: `${year + 1}-04-01`, created_at: now, updated_at: now })
      .execute();
    await seedCatalogue(db, { year, entries: catalogueFor(Math.max(year, 2023)) });
  }
  const passwordHash = await hashPassword("bench-password");
  await db.destroy();

  const sqlite = new SQLite(args.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF"); // generation only; the server opens it with FULL
  const rnd = random(42);
  const insertOrg = sqlite.prepare(
    "insert into organisation (slug, name, kind, sector, signed_at, active, created_at, updated_at) values (?, ?, ?, ?, '2022-11-24', 1, ?, ?)",
  );
  const insertReport = sqlite.prepare("insert into report (organisation_id, year, created_at) values (?, ?, ?)");
  const insertVersion = sqlite.prepare(
    "insert into report_version (report_id, number, status, lock_version, late, created_at, updated_at, submitted_at, reviewed_at) values (?, 1, ?, 1, ?, ?, ?, ?, ?)",
  );
  const insertValue = sqlite.prepare(
    "insert into report_value (version_id, indicator_id, state, number_value, text_value, explanation, prefilled, entered_by, entered_at) values (?, ?, ?, ?, ?, null, 0, null, ?)",
  );
  const indicatorsByYear = new Map(
    years.map((y) => [
      y,
      sqlite.prepare("select id, code, unit, part_of_code, choices from indicator where year = ? order by position").all(y) as {
        id: number;
        code: string;
        unit: string;
        part_of_code: string | null;
        choices: string | null;
      }[],
    ]),
  );
  let values = 0;
  let officerSlug = "";
  sqlite.transaction(() => {
    for (let o = 0; o < args.orgs; o++) {
      const r = rnd();
      let acc = 0;
      const [sector, kind] = SECTORS.find(([, , share]) => (acc += share) >= r) ?? SECTORS[0]!;
      const slug = `organisatie-${o + 1}`;
      const orgId = Number(
        insertOrg.run(slug, `${kind[0]!.toUpperCase()}${kind.slice(1)} ${o + 1}`, kind, sector, now, now).lastInsertRowid,
      );
      if (o === 0) officerSlug = slug;
      const size = 0.3 + rnd() * 3;
      for (const year of years) {
        const s = rnd();
        // ~5% no report, ~5% draft, ~5% submitted, the rest accepted
        if (s < 0.05 && !(o === 0)) continue;
        const status = o === 0 && year === lastYear ? "draft" : s < 0.1 ? "draft" : s < 0.15 ? "submitted" : "accepted";
        const reportId = Number(insertReport.run(orgId, year, now).lastInsertRowid);
        const submitted = status === "draft" ? null : `${year + 1}-03-0${1 + Math.floor(rnd() * 9)}T10:00:00Z`;
        const versionId = Number(
          insertVersion.run(reportId, status, rnd() < 0.1 ? 1 : 0, now, now, submitted, status === "accepted" ? submitted : null)
            .lastInsertRowid,
        );
        const answers = new Map<string, number | null>();
        for (const i of indicatorsByYear.get(year)!) {
          const q = rnd();
          if (i.unit === "text") {
            if (q < 0.3) {
              insertValue.run(versionId, i.id, "value", null, "Toelichting", now);
              values++;
            }
            continue;
          }
          if (i.unit === "choice") {
            insertValue.run(versionId, i.id, "value", null, "ja", now);
            values++;
            continue;
          }
          // a realistic share of unknown (6%) and not applicable (4%)
          if (q < 0.06) {
            insertValue.run(versionId, i.id, "unknown", null, null, now);
            answers.set(i.code, null);
          } else if (q < 0.1) {
            insertValue.run(versionId, i.id, "not_applicable", null, null, now);
            answers.set(i.code, null);
          } else {
            const whole = i.part_of_code ? answers.get(i.part_of_code) : undefined;
            const n =
              i.unit === "step"
                ? 1 + Math.floor(rnd() * 5)
                : whole != null
                  ? Math.floor(whole * (0.1 + rnd() * 0.6))
                  : Math.round((i.unit === "eur" ? 30_000_000 : i.unit === "count" ? 40 : 500) * size * (0.5 + rnd()));
            insertValue.run(versionId, i.id, "value", n, null, now);
            answers.set(i.code, n);
          }
          values++;
        }
      }
    }
    // Users for the load: a ministry reviewer, and an officer of organisation 1.
    const ienw = Number(
      insertOrg.run("ministerie-ienw", "Ministerie van Infrastructuur en Waterstaat (bench)", "ministerie", "rijksoverheid", now, now)
        .lastInsertRowid,
    );
    const addUser = sqlite.prepare("insert into user (email, name, password_hash, active, created_at) values (?, ?, ?, 1, ?)");
    const addMember = sqlite.prepare("insert into membership (user_id, organisation_id, role, created_at) values (?, ?, ?, ?)");
    const reviewer = Number(addUser.run("analist@bench.example", "Bench Analist", passwordHash, now).lastInsertRowid);
    addMember.run(reviewer, ienw, "reviewer", now);
    const officer = Number(addUser.run("inkoper@bench.example", "Bench Inkoper", passwordHash, now).lastInsertRowid);
    addMember.run(officer, 1, "editor", now);
  })();
  sqlite.close();
  await keepMissingFigures(args.file);
  const done = new SQLite(args.file);
  done.pragma("wal_checkpoint(TRUNCATE)");
  done.exec("analyze");
  done.close();
  return {
    file: args.file,
    years,
    orgs: args.orgs,
    values,
    ministryEmail: "analist@bench.example",
    officerEmail: "inkoper@bench.example",
    officerSlug,
    draftYear: lastYear,
  };
}

/**
 * Keeps the packed figures of every submitted version that has none, as submitting each report
 * through the portal would have (the rows above are written directly, not through submitReport).
 */
export async function keepMissingFigures(file: string) {
  const db = createDb(file);
  try {
    await keepMissingVersionFigures(db);
  } finally {
    await db.destroy();
  }
}

/** The description of a dataset generated earlier (`npm run bench -- --dataset FILE` reuses one). */
export function describeDataset(file: string): Dataset {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const years = (sqlite.prepare("select year from reporting_year order by year").all() as { year: number }[]).map((y) => y.year);
    const orgs = (sqlite.prepare("select count(*) as n from organisation where slug like 'organisatie-%'").get() as { n: number }).n;
    const values = (sqlite.prepare("select count(*) as n from report_value").get() as { n: number }).n;
    return {
      file,
      years,
      orgs,
      values,
      ministryEmail: "analist@bench.example",
      officerEmail: "inkoper@bench.example",
      officerSlug: "organisatie-1",
      draftYear: years.at(-1)!,
    };
  } finally {
    sqlite.close();
  }
}
