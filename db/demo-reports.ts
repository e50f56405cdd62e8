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
import { atMoment } from "~/utils/clock.server";
import { addDays, demoReportingYears, onDay } from "./demo-calendar";

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

/** Starts and fills the draft; `today` (YYYY-MM-DD) is the day it is started (whatever the calendar says). */
export async function fillDemoReport(db: Db, actor: Actor, organisationId: number, year: number, scale = 1, today = `${year + 1}-02-01`) {
  await startReport(db, { actor, organisationId, year, today });
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

/** Submits the draft as if on `today` (YYYY-MM-DD): that day decides lateness and the submission date. */
export async function submitDemoReport(db: Db, actor: Actor, organisationId: number, year: number, today = `${year + 1}-03-15`) {
  await submitReport(db, { actor, organisationId, year, lockVersion: await lockOf(db, organisationId, year), today });
}

/**
 * Demo reports, placed in time around `today` (YYYY-MM-DD; db/seed.ts): the two closed years
 * accepted for most, filled in February, submitted mid-March (a few late, in April) and accepted
 * two weeks later; the open year in every status, on dates between its opening and today. Each
 * step runs at its own moment (clock.server.ts), so versions, answers and the audit trail agree.
 */
export async function seedDemoReports(db: Db, users: { today: string; helmond: Actor; unie: Actor; reviewer: Actor }) {
  const { today, helmond, unie, reviewer } = users;
  const [first, second, open] = demoReportingYears(today);
  const orgs = await db.selectFrom("organisation").select(["id", "name", "kind"]).execute();
  const id = (name: string) => orgs.find((o) => o.name === name)!.id;
  const accept = (organisationId: number, year: number) =>
    reviewReport(db, { actor: reviewer, organisationId, year, versionNumber: 1, decision: "accept" });

  /** One closed year's report: filled, submitted (late when `late`) and accepted. */
  const closed = async (actor: Actor, organisationId: number, year: number, scale: number, late = false) => {
    const submitted = late ? `${year + 1}-04-20` : `${year + 1}-03-15`;
    await atMoment(onDay(`${year + 1}-02-01`), () => fillDemoReport(db, actor, organisationId, year, scale));
    await atMoment(onDay(submitted, 12), () => submitDemoReport(db, actor, organisationId, year, submitted));
    await atMoment(onDay(addDays(submitted, 14), 11), () => accept(organisationId, year));
  };

  const helmondId = id("Gemeente Helmond");
  for (const { year } of [first!, second!]) await closed(helmond, helmondId, year, 1.2);

  const waterschappen = orgs.filter((o) => o.kind === "waterschap").sort((a, b) => a.name.localeCompare(b.name));
  for (const [i, ws] of waterschappen.entries()) {
    for (const { year } of [first!, second!]) {
      if (i % 7 === 6 && year === first!.year) continue; // a few started reporting later
      await closed(unie, ws.id, year, 0.8, i % 5 === 4);
    }
  }
  // The open year: every status, leaving Aa en Maas and Helmond to be filled in by the demo users.
  // Its steps fall between the day it opened and today, in this order.
  const { year, opensAt } = open!;
  const span = Math.max(0, (Date.parse(today) - Date.parse(opensAt)) / 86_400_000);
  const dayAt = (fraction: number) => addDays(opensAt, Math.floor(span * fraction));
  const step = (fraction: number, hour: number) => onDay(dayAt(fraction), hour);
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
    await atMoment(step(0.2, 9), () => fillDemoReport(db, unie, organisationId, year, 0.8, dayAt(0.2)));
    if (status === "draft") continue;
    await atMoment(step(0.5, 12), () => submitDemoReport(db, unie, organisationId, year, dayAt(0.5)));
    if (status === "accepted") await atMoment(step(0.8, 15), () => accept(organisationId, year));
    if (status === "returned") {
      await atMoment(step(0.8, 15), () =>
        reviewReport(db, {
          actor: reviewer,
          organisationId,
          year,
          versionNumber: 1,
          decision: "return",
          reason: "Het aantal aanbestedingen met social return lijkt laag. Controleer de telling.",
        }),
      );
    }
  }
}
