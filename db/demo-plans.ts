import type { Kysely } from "kysely";
import type { Database, ThemeCode } from "~/database/types";
import {
  addAction,
  reviewPlan,
  revisePlan,
  saveGeneral,
  saveResources,
  saveThemes,
  startPlan,
  submitPlan,
  type Actor,
} from "~/models/action-plan.server";
import type { ThemesInput } from "~/models/action-plan.schema";
import { atMoment } from "~/utils/clock.server";
import { addDays, onDay } from "./demo-calendar";

type Db = Kysely<Database>;

async function lockOf(db: Db, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom("action_plan_version as v")
    .innerJoin("action_plan as p", "p.id", "v.plan_id")
    .select("v.lock_version")
    .where("p.organisation_id", "=", organisationId)
    .where("v.status", "=", "draft")
    .executeTakeFirstOrThrow();
  return row.lock_version;
}

const AMBITIONS: Record<ThemeCode, string> = {
  milieu: "Bij alle relevante aanbestedingen passen wij de MVI-criteria voor milieu toe.",
  klimaat: "In 2030 koopt de organisatie klimaatneutraal in; de CO2-Prestatieladder is standaard bij werken.",
  circulair: "Wij halveren het gebruik van primaire grondstoffen in 2030 en kopen biobased waar dat kan.",
  keten: "Bij opdrachten in risicocategorieën vragen wij internationale sociale voorwaarden en een due-diligenceplan.",
  diversiteit: "Wij gunnen vaker aan sociale ondernemingen en letten op inclusie bij leveranciers.",
  "social-return": "Bij opdrachten boven € 100.000 geldt een social-returnverplichting van 5%.",
};

/**
 * Fills an organisation's draft with a complete, realistic plan (through the same model
 * functions the editor uses). Used by the demo seed and by tests.
 */
export async function fillCompletePlan(
  db: Db,
  actor: Actor,
  organisationId: number,
  options: { themes?: ThemeCode[]; start?: number } = {},
) {
  const start = options.start ?? 2024;
  const chosen: ThemeCode[] = options.themes ?? ["klimaat", "circulair", "social-return", "keten"];
  await saveGeneral(db, {
    actor,
    organisationId,
    lockVersion: await lockOf(db, organisationId),
    values: {
      lockVersion: 0,
      periodStartYear: start,
      periodEndYear: start + 3,
      adoptedState: "adopted",
      adoptedOn: `${start}-03-12`,
      publishedUrl: "https://www.example.nl/actieplan-mvoi.pdf",
    },
  });
  const themes = Object.fromEntries(
    chosen.map((code, i) => [
      code,
      {
        chosen: true,
        currentStep: 1 + (i % 2),
        criteriaLevel: i % 3 === 0 ? "ambitieus" : "significant",
        ambition: AMBITIONS[code],
        targets: [2 + (i % 2), 2 + (i % 2), 3, 3 + (i % 2)],
      },
    ]),
  ) as ThemesInput["themes"];
  await saveThemes(db, { actor, organisationId, lockVersion: await lockOf(db, organisationId), values: { lockVersion: 0, themes } });
  const actions = [
    {
      title: "CO2-Prestatieladder standaard toepassen bij werken",
      themes: ["klimaat"],
      owner: "Team inkoop",
      plannedYear: start,
      plannedQuarter: 2,
    },
    {
      title: "Inkoopbeleid herzien op circulariteit",
      themes: ["circulair"],
      owner: "MVI-coördinator",
      plannedYear: start,
      plannedQuarter: 4,
    },
    {
      title: "Social return monitoren in alle contracten",
      themes: ["social-return"],
      owner: "Contractmanagement",
      plannedYear: start + 1,
      plannedQuarter: 1,
    },
    {
      title: "Risicoanalyse internationale sociale voorwaarden",
      themes: ["keten"],
      owner: "Team inkoop",
      plannedYear: start + 1,
      plannedQuarter: 3,
    },
  ].filter((a) => a.themes.every((t) => chosen.includes(t as ThemeCode)));
  for (const a of actions.length
    ? actions
    : [{ title: "Training MVI voor budgethouders", themes: [chosen[0]!], owner: "HR", plannedYear: start, plannedQuarter: 3 }]) {
    await addAction(db, {
      actor,
      organisationId,
      lockVersion: await lockOf(db, organisationId),
      values: { lockVersion: 0, ...a, themes: a.themes as ThemeCode[], status: "planned" },
    });
  }
  await saveResources(db, {
    actor,
    organisationId,
    lockVersion: await lockOf(db, organisationId),
    values: { lockVersion: 0, budgetEur: 250_000, staffFte: 1.5 },
  });
}

export async function startAndFill(db: Db, actor: Actor, organisationId: number) {
  await startPlan(db, { actor, organisationId });
  await fillCompletePlan(db, actor, organisationId);
}

export async function submitDraft(db: Db, actor: Actor, organisationId: number) {
  await submitPlan(db, { actor, organisationId, lockVersion: await lockOf(db, organisationId) });
}

/**
 * Demo plans in every status, made by the demo users through the model (so the audit trail is
 * real), each step at a plausible moment (clock.server.ts): the accepted plans in the spring of
 * 2024, after the plan was adopted (fillCompletePlan); the others in the weeks before `today`.
 */
export async function seedDemoPlans(db: Db, users: { today: string; unie: Actor; reviewer: Actor }) {
  const org = async (name: string) =>
    (await db.selectFrom("organisation").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const { today, unie, reviewer } = users;
  const daysAgo = (days: number, hour: number) => onDay(addDays(today, -days), hour);

  // Unie van Waterschappen: accepted.
  const unieId = await org("Unie van Waterschappen");
  await atMoment(onDay("2024-03-20"), () => startAndFill(db, unie, unieId));
  await atMoment(onDay("2024-04-02", 15), () => submitDraft(db, unie, unieId));
  await atMoment(onDay("2024-04-16", 11), () =>
    reviewPlan(db, { actor: reviewer, organisationId: unieId, versionNumber: 1, decision: "accept" }),
  );

  // Aa en Maas: submitted, waiting for review.
  const aaEnMaas = await org("Waterschap Aa en Maas");
  await atMoment(daysAgo(40, 10), () => startAndFill(db, unie, aaEnMaas));
  await atMoment(daysAgo(12, 15), () => submitDraft(db, unie, aaEnMaas));

  // Brabantse Delta: returned with a reason.
  const brabantseDelta = await org("Waterschap Brabantse Delta");
  await atMoment(daysAgo(45, 10), () => startAndFill(db, unie, brabantseDelta));
  await atMoment(daysAgo(30, 15), () => submitDraft(db, unie, brabantseDelta));
  await atMoment(daysAgo(21, 11), () =>
    reviewPlan(db, {
      actor: reviewer,
      organisationId: brabantseDelta,
      versionNumber: 1,
      decision: "return",
      reason: "De doelstappen voor klimaat zijn niet onderbouwd. Licht toe hoe u stap 3 in 2026 bereikt.",
    }),
  );

  // De Dommel: a draft, half filled.
  const dommel = await org("Waterschap De Dommel");
  await atMoment(daysAgo(6, 10), async () => {
    await startPlan(db, { actor: unie, organisationId: dommel });
    await saveGeneral(db, {
      actor: unie,
      organisationId: dommel,
      lockVersion: await lockOf(db, dommel),
      values: { lockVersion: 0, periodStartYear: 2025, periodEndYear: 2028, adoptedState: "not_yet" },
    });
  });

  // Limburg: accepted version 1, and a revision (version 2) in draft.
  const limburg = await org("Waterschap Limburg");
  await atMoment(onDay("2024-03-25"), () => startAndFill(db, unie, limburg));
  await atMoment(onDay("2024-04-05", 15), () => submitDraft(db, unie, limburg));
  await atMoment(onDay("2024-04-19", 11), () =>
    reviewPlan(db, { actor: reviewer, organisationId: limburg, versionNumber: 1, decision: "accept" }),
  );
  await atMoment(daysAgo(15, 10), async () => {
    await revisePlan(db, { actor: unie, organisationId: limburg });
    await saveResources(db, {
      actor: unie,
      organisationId: limburg,
      lockVersion: await lockOf(db, limburg),
      values: { lockVersion: 0, budgetEur: 320_000, staffFte: 2 },
    });
  });
}
