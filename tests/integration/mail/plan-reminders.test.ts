import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planReminderStage, queueDuePlanReminders } from "~/models/reminder.server";
import { createTestDb, type TestDb } from "../../helpers/db";
import { createWorld, type World } from "../../helpers/world";

// Issue #24: the reminder job also reminds signatories of their action plan, due a year after
// signing: 30 and 7 days before, and once when overdue; each stage once, whatever the runs.

const ORIGIN = "https://mvoi.example.nl";

describe("action-plan reminders", () => {
  let t: TestDb;
  let world: World;
  let email: string;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    world = await createWorld(
      t.db,
      {
        organisations: [
          // A signer with a plan draft, a partner signed via it without a plan, one that has
          // submitted its plan, and one that is no longer active.
          { signedVia: null, plan: true, actions: 1, report: false },
          { signedVia: 0, plan: false, actions: 0, report: false },
          { signedVia: 0, plan: false, actions: 0, report: false },
          { signedVia: 0, plan: false, actions: 0, report: false },
        ],
        // The second inkoper has left (deactivated).
        users: [{ memberships: [{ organisation: 0, role: "editor" }] }, { memberships: [{ organisation: 0, role: "editor" }] }],
      },
      "plan-reminders",
    );
    email = world.users[0]!.email;
    await t.db.updateTable("user").set({ active: 0 }).where("id", "=", world.users[1]!.id).execute();
    const ids = world.organisations.map((o) => o.id);
    await t.db.updateTable("organisation").set({ signed_at: "2026-01-31" }).where("id", "in", ids).execute();
    await t.db.updateTable("organisation").set({ active: 0 }).where("id", "=", ids[3]!).execute();
    // The third has a submitted plan version (written here, apart from the workflow's code).
    const now = new Date().toISOString();
    const plan = await t.db
      .insertInto("action_plan")
      .values({ organisation_id: ids[2]!, created_at: now } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("action_plan_version")
      .values({ plan_id: plan.id, number: 1, status: "submitted", created_at: now, updated_at: now, submitted_at: now } as never)
      .execute();
  });
  afterAll(() => t.cleanup());

  /** The messages for the world's user, per organisation name and kind, from the outbox. */
  const outbox = async () =>
    (
      await t.db.selectFrom("mail_message").select(["kind", "subject", "text_body"]).where("recipient", "=", email).orderBy("id").execute()
    ).map((m) => ({ kind: m.kind, subject: m.subject, text: m.text_body }));

  it("knows the stages", () => {
    expect(
      ["2026-12-31", "2027-01-01", "2027-01-23", "2027-01-24", "2027-01-31", "2027-02-01", "2028-06-01"].map((d) =>
        planReminderStage(d, "2027-01-31"),
      ),
    ).toEqual([null, "plan-reminder-30", "plan-reminder-30", "plan-reminder-7", "plan-reminder-7", "plan-overdue", "plan-overdue"]);
  });

  it("sends each stage once across repeated runs, to the signer's inkopers for it and its partner, not for a submitted plan or an inactive organisation", async () => {
    const run = (today: string) => queueDuePlanReminders(t.db, { origin: ORIGIN, today });
    await run("2026-12-31");
    expect(await outbox()).toEqual([]);

    await run("2027-01-01");
    await run("2027-01-01");
    await run("2027-01-10");
    let mails = await outbox();
    expect(mails.map((m) => m.kind)).toEqual(["plan-reminder-30", "plan-reminder-30"]);
    const [signer, partner] = world.organisations;
    const name = async (id: number) =>
      (await t.db.selectFrom("organisation").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `Herinnering: MVOI-actieplan van ${await name(signer!.id)} uiterlijk 31 januari 2027`,
        `Herinnering: MVOI-actieplan van ${await name(partner!.id)} uiterlijk 31 januari 2027`,
      ].sort(),
    );
    expect(mails[0]!.text).toContain("Over 30 dagen, op 31 januari 2027,");
    expect(mails.some((m) => m.text.includes(`${ORIGIN}/organisatie/${signer!.slug}/actieplan`))).toBe(true);

    await run("2027-01-24");
    await run("2027-01-30");
    mails = await outbox();
    expect(mails.map((m) => m.kind)).toEqual(["plan-reminder-30", "plan-reminder-30", "plan-reminder-7", "plan-reminder-7"]);
    expect(mails[2]!.text).toContain("Over 7 dagen");

    await run("2027-02-01");
    await run("2027-02-01");
    await run("2027-06-01");
    mails = await outbox();
    expect(
      mails
        .filter((m) => m.kind === "plan-overdue")
        .map((m) => m.subject)
        .sort(),
    ).toEqual([`Te laat: MVOI-actieplan van ${await name(signer!.id)}`, `Te laat: MVOI-actieplan van ${await name(partner!.id)}`].sort());
    expect(mails).toHaveLength(6);
    // Nothing for a deactivated inkoper.
    expect(await t.db.selectFrom("mail_message").select("id").where("recipient", "=", world.users[1]!.email).execute()).toEqual([]);
    // Nothing for the organisation with a submitted plan, nor for the inactive one.
    for (const o of world.organisations.slice(2)) {
      const other = await name(o.id);
      expect(mails.some((m) => m.subject.includes(other))).toBe(false);
    }
  });
});
