import type { Kysely } from "kysely";
import type { Database } from "~/database/types";
import type { Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import { warningsFor, type Answer } from "~/models/report.rules";
import {
  loadPreviousAccepted,
  loadProgress,
  reviewReport,
  saveAnswers,
  saveProgress,
  startReport,
  submitReport,
} from "~/models/report.server";

type Db = Kysely<Database>;

/** A small deterministic random generator, so the demo data is the same on every machine. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function lockOf(db: Db, organisationId: number, year: number) {
  const row = await db
    .selectFrom("report_version as v")
    .innerJoin("report as r", "r.id", "v.report_id")
    .select("v.lock_version")
    .where("r.organisation_id", "=", organisationId)
    .where("r.year", "=", year)
    .where("v.status", "=", "draft")
    .executeTakeFirstOrThrow();
  return row.lock_version;
}

/**
 * Realistic answers for one organisation and year (MVOI.md, "Realistic figures"): totals scaled
 * to the organisation, parts within their wholes, about 8% "unknown" or "not applicable", and
 * modest growth from year to year (so the demo reports have no warnings to explain).
 */
export async function demoAnswers(db: Db, organisationId: number, year: number, scale = 1): Promise<Map<number, Answer | null>> {
  const indicators = await listIndicators(db, { year });
  const rnd = random(organisationId * 7919);
  const growth = 1 + 0.08 * (year - 2023);
  const jitter = random(organisationId * 31 + year);
  const values = new Map<string, Answer | null>();
  const value = (n: number): Answer => ({ state: "value", number: Math.round(n), text: null, explanation: null, prefilled: false });
  const spend = 40_000_000 * scale * (0.6 + rnd()) * growth;
  const tenders = Math.round(30 * scale * (0.6 + rnd()) * growth);
  const contract = spend * 0.55;
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  for (const i of indicators) {
    const r = rnd();
    const noise = 0.95 + jitter() * 0.1;
    if (i.unit === "text") {
      values.set(
        i.code,
        i.section === "kwalitatief"
          ? {
              state: "value",
              number: null,
              text:
                i.code === "goede_voorbeelden"
                  ? "Aanbesteding schoonmaak met social return en emissievrij materieel."
                  : "Beperkte capaciteit bij kleine teams; leveranciers kunnen ISV-gegevens moeilijk aanleveren.",
              explanation: null,
              prefilled: false,
            }
          : null,
      );
      continue;
    }
    if (i.unit === "choice") {
      values.set(i.code, { state: "value", number: null, text: "ja", explanation: null, prefilled: false });
      continue;
    }
    if (r < 0.04 && i.part_of_code) {
      values.set(i.code, { state: "unknown", number: null, text: null, explanation: null, prefilled: false });
      continue;
    }
    if (r > 0.96 && i.part_of_code) {
      values.set(i.code, { state: "not_applicable", number: null, text: null, explanation: null, prefilled: false });
      continue;
    }
    switch (i.code) {
      case "inkoopvolume":
        values.set(i.code, value(spend));
        continue;
      case "aanbestedingen_totaal":
      case "percelen_totaal":
        values.set(i.code, value(tenders));
        continue;
      case "contractwaarde_totaal":
        values.set(i.code, value(contract));
        continue;
    }
    if (i.unit === "step") {
      values.set(i.code, value(1 + Math.floor(rnd() * 3) + (year > 2023 ? 1 : 0)));
      continue;
    }
    const whole = i.part_of_code ? values.get(i.part_of_code) : undefined;
    if (whole?.state === "value") {
      const fraction = byCode.get(i.part_of_code!)?.part_of_code ? 0.4 + rnd() * 0.5 : 0.15 + rnd() * 0.5;
      values.set(i.code, value(Math.floor(whole.number! * fraction)));
    } else if (i.part_of_code) {
      values.set(i.code, { state: "unknown", number: null, text: null, explanation: null, prefilled: false });
    } else {
      const base =
        i.unit === "eur"
          ? 400_000
          : i.unit === "tonnes_co2"
            ? 2_000
            : i.unit === "tonnes"
              ? 800
              : i.unit === "fte"
                ? 12
                : i.unit === "people"
                  ? 20
                  : 6;
      values.set(i.code, value(base * scale * (0.5 + rnd()) * growth * noise));
    }
  }
  return new Map(indicators.map((i) => [i.id, values.get(i.code) ?? null]));
}

export async function fillDemoReport(db: Db, actor: Actor, organisationId: number, year: number, scale = 1) {
  await startReport(db, { actor, organisationId, year, today: `${year + 1}-02-01` });
  const answers = await demoAnswers(db, organisationId, year, scale);
  // Small counts swing by more than 50% from one year to the next: explain, as an officer would.
  const previous = await loadPreviousAccepted(db, { organisationId, year });
  for (const indicator of await listIndicators(db, { year })) {
    const answer = answers.get(indicator.id);
    if (answer && warningsFor(indicator, answer, previous.get(indicator.code)).length) {
      answers.set(indicator.id, {
        ...answer,
        explanation: "Kleine aantallen: een paar aanbestedingen meer of minder geeft al een groot verschil.",
      });
    }
  }
  await saveAnswers(db, { actor, organisationId, year, lockVersion: await lockOf(db, organisationId, year), answers, section: "alles" });
  const draft = await db
    .selectFrom("report_version as v")
    .innerJoin("report as r", "r.id", "v.report_id")
    .select("v.id")
    .where("r.organisation_id", "=", organisationId)
    .where("r.year", "=", year)
    .where("v.status", "=", "draft")
    .executeTakeFirstOrThrow();
  const { items } = await loadProgress(db, { organisationId, versionId: draft.id });
  if (items.length) {
    await saveProgress(db, {
      actor,
      organisationId,
      year,
      lockVersion: await lockOf(db, organisationId, year),
      progress: items.map((item, i) => ({
        lineageId: item.lineage_id,
        status: (["done", "running", "running", "not_started"] as const)[i % 4]!,
        note: null,
      })),
    });
  }
}

export async function submitDemoReport(db: Db, actor: Actor, organisationId: number, year: number, today = `${year + 1}-03-15`) {
  await submitReport(db, { actor, organisationId, year, lockVersion: await lockOf(db, organisationId, year), today });
}

/** Demo reports: 2023 and 2024 accepted for most, 2025 in every status. */
export async function seedDemoReports(db: Db, users: { helmond: Actor; unie: Actor; reviewer: Actor }) {
  const { helmond, unie, reviewer } = users;
  const orgs = await db.selectFrom("organisation").select(["id", "name", "kind"]).execute();
  const id = (name: string) => orgs.find((o) => o.name === name)!.id;
  const accept = (organisationId: number, year: number) =>
    reviewReport(db, { actor: reviewer, organisationId, year, versionNumber: 1, decision: "accept" });

  const helmondId = id("Gemeente Helmond");
  for (const year of [2023, 2024]) {
    await fillDemoReport(db, helmond, helmondId, year, 1.2);
    await submitDemoReport(db, helmond, helmondId, year);
    await accept(helmondId, year);
  }

  const waterschappen = orgs.filter((o) => o.kind === "waterschap").sort((a, b) => a.name.localeCompare(b.name));
  for (const [i, ws] of waterschappen.entries()) {
    for (const year of [2023, 2024]) {
      if (i % 7 === 6 && year === 2023) continue; // a few started reporting later
      await fillDemoReport(db, unie, ws.id, year, 0.8);
      await submitDemoReport(db, unie, ws.id, year, i % 5 === 4 ? `${year + 1}-04-20` : undefined);
      await accept(ws.id, year);
    }
  }
  // 2025: every status, leaving Aa en Maas and Helmond to be filled in by the demo users.
  const year = 2025;
  const inStatus: [string, "draft" | "submitted" | "accepted" | "returned"][] = [
    ["Waterschap Brabantse Delta", "submitted"],
    ["Waterschap De Dommel", "draft"],
    ["Waterschap Limburg", "returned"],
    ["Waterschap Vallei en Veluwe", "accepted"],
    ["Waterschap Rivierenland", "submitted"],
    ["Wetterskip Fryslân", "accepted"],
  ];
  for (const [name, status] of inStatus) {
    const organisationId = id(name);
    await fillDemoReport(db, unie, organisationId, year, 0.8);
    if (status === "draft") continue;
    await submitDemoReport(db, unie, organisationId, year);
    if (status === "accepted") await accept(organisationId, year);
    if (status === "returned") {
      await reviewReport(db, {
        actor: reviewer,
        organisationId,
        year,
        versionNumber: 1,
        decision: "return",
        reason: "Het aantal aanbestedingen met social return lijkt laag. Controleer de telling.",
      });
    }
  }
}
