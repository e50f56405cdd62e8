import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { smtpTransport } from "~/mail/transport.server";
import { reviewPlan } from "~/models/action-plan.server";
import { acceptInvitation, createInvitation, getInvitation, InvitationError } from "~/models/invitation.server";
import { deliverPendingMail } from "~/models/mail.server";
import { requestPasswordReset, resetPassword, PasswordResetError } from "~/models/password-reset.server";
import { queueDueReminders, reminderStage } from "~/models/reminder.server";
import { grantExtension } from "~/models/reporting-year.server";
import { reviewReport } from "~/models/report.server";
import { createSession } from "~/models/session.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";
import { startSmtpServer } from "../../helpers/smtp";

const ORIGIN = "https://mvoi.example.nl";

describe("e-mail through a real SMTP server", () => {
  let t: TestDb;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: { userId: number; email: string; ip: string };
  let reviewer: { userId: number; email: string; ip: string };
  const deliver = () => deliverPendingMail(t.db, smtpTransport(smtp.url, "MVOI-portaal <noreply@mvoi.example>"));

  beforeAll(async () => {
    smtp = await startSmtpServer({ rejectTo: (a) => a.startsWith("weigert") });
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    t = await createTestDb({ seed: "demo" });
    smtp.received.length = 0;
    admin = { userId: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example", ip: "127.0.0.1" };
    reviewer = { userId: await userIdOf(t.db, "analist@ienw.example"), email: "analist@ienw.example", ip: "127.0.0.1" };
  });
  afterEach(() => t.cleanup());

  it("sends an invitation with a single-use link that works for an account created later, then refuses it", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const { token } = await createInvitation(t.db, {
      actor: admin,
      email: "Nieuw@Helmond.example",
      organisationId: helmond,
      role: "editor",
      origin: ORIGIN,
    });
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = smtp.to("nieuw@helmond.example");
    expect(mail!.subject).toBe("Uitnodiging voor het MVOI-portaal (Gemeente Helmond)");
    expect(mail!.text).toContain(`${ORIGIN}/uitnodiging/${token}`);
    expect(mail!.html).toContain(`href="${ORIGIN}/uitnodiging/${token}"`);
    expect(mail!.from?.text).toContain("noreply@mvoi.example");

    // The account is created after the invitation (by a second invitation); the first still works.
    const second = await createInvitation(t.db, {
      actor: admin,
      email: "nieuw@helmond.example",
      organisationId: await idOf(t.db, "Unie van Waterschappen"),
      role: "viewer",
      origin: ORIGIN,
    });
    await acceptInvitation(t.db, {
      token: second.token,
      name: "Nieuwe Collega",
      password: "een lang wachtwoord",
      ip: "1.2.3.4",
      verifyPassword,
    });
    expect(await getInvitation(t.db, { token })).toMatchObject({ state: "open", hasAccount: true });
    await expect(acceptInvitation(t.db, { token, password: "fout wachtwoord!!", ip: "1.2.3.4", verifyPassword })).rejects.toThrow(
      "Het wachtwoord klopt niet",
    );
    const accepted = await acceptInvitation(t.db, { token, password: "een lang wachtwoord", ip: "1.2.3.4", verifyPassword });
    const roles = await t.db
      .selectFrom("membership")
      .select(["organisation_id", "role"])
      .where("user_id", "=", accepted.userId)
      .orderBy("organisation_id")
      .execute();
    expect(roles).toEqual(
      expect.arrayContaining([{ organisation_id: helmond, role: "editor" }, expect.objectContaining({ role: "viewer" })]),
    );

    // Used: refused.
    await expect(acceptInvitation(t.db, { token, password: "een lang wachtwoord", ip: "1.2.3.4", verifyPassword })).rejects.toThrow(
      InvitationError,
    );
    expect(await getInvitation(t.db, { token })).toMatchObject({ state: "used" });
  });

  it("refuses an expired invitation and a token that was never issued", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const { token } = await createInvitation(t.db, {
      actor: admin,
      email: "laat@helmond.example",
      organisationId: helmond,
      role: "editor",
      origin: ORIGIN,
      now: eightDaysAgo,
    });
    expect(await getInvitation(t.db, { token })).toMatchObject({ state: "expired" });
    await expect(
      acceptInvitation(t.db, { token, name: "Te Laat", password: "een lang wachtwoord", ip: "x", verifyPassword }),
    ).rejects.toThrow("verlopen");
    expect(await t.db.selectFrom("user").select("id").where("email", "=", "laat@helmond.example").executeTakeFirst()).toBeUndefined();
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    const fresh = await createInvitation(t.db, {
      actor: admin,
      email: "op-tijd@helmond.example",
      organisationId: helmond,
      role: "editor",
      origin: ORIGIN,
      now: sixDaysAgo,
    });
    expect(await getInvitation(t.db, { token: fresh.token })).toMatchObject({ state: "open" });
    expect(await getInvitation(t.db, { token: "A".repeat(43) })).toEqual({ state: "invalid" });
    expect(await getInvitation(t.db, { token: "../../etc/passwd" })).toEqual({ state: "invalid" });
  });

  it("sends a password reset only for a known address; the link works once, for an hour, and ends every session", async () => {
    const userId = await userIdOf(t.db, "inkoper@helmond.example");
    await createSession(t.db, { userId, ip: "a", userAgent: "a" });
    await createSession(t.db, { userId, ip: "b", userAgent: "b" });
    await requestPasswordReset(t.db, { email: "onbekend@nergens.example", origin: ORIGIN, ip: "x" });
    await requestPasswordReset(t.db, { email: " INKOPER@helmond.example ", origin: ORIGIN, ip: "x" });
    await deliver();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.to("inkoper@helmond.example")[0]!;
    expect(mail.subject).toBe("Nieuw wachtwoord voor het MVOI-portaal");
    const token = mail.text!.match(/\/wachtwoord-herstellen\/([A-Za-z0-9_-]{43})/)![1]!;
    await resetPassword(t.db, { token, password: "een heel nieuw wachtwoord", ip: "x" });
    expect(await t.db.selectFrom("session").select("id_hash").where("user_id", "=", userId).execute()).toEqual([]);
    const user = await t.db.selectFrom("user").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(await verifyPassword("een heel nieuw wachtwoord", user.password_hash!)).toBe(true);
    await expect(resetPassword(t.db, { token, password: "nog een ander wachtwoord", ip: "x" })).rejects.toThrow(PasswordResetError);

    // A link older than an hour is refused.
    await requestPasswordReset(t.db, {
      email: "inkoper@helmond.example",
      origin: ORIGIN,
      ip: "x",
      now: new Date(Date.now() - 61 * 60_000),
    });
    await deliver();
    const old = smtp
      .to("inkoper@helmond.example")
      .at(-1)!
      .text!.match(/\/wachtwoord-herstellen\/([A-Za-z0-9_-]{43})/)![1]!;
    await expect(resetPassword(t.db, { token: old, password: "nog een ander wachtwoord", ip: "x" })).rejects.toThrow("1 uur");
  });

  it("tells the organisation (and, for a waterschap, the Unie) that a plan or report was returned with the reason, or accepted", async () => {
    const aaEnMaas = await idOf(t.db, "Waterschap Aa en Maas");
    await reviewPlan(t.db, {
      actor: reviewer,
      organisationId: aaEnMaas,
      versionNumber: 1,
      decision: "return",
      reason: "De budgetten per thema ontbreken.",
      origin: ORIGIN,
    });
    const brabantseDelta = await idOf(t.db, "Waterschap Brabantse Delta");
    await reviewReport(t.db, {
      actor: reviewer,
      organisationId: brabantseDelta,
      year: 2025,
      versionNumber: 1,
      decision: "accept",
      origin: ORIGIN,
    });
    await deliver();
    const mails = smtp.to("inkoper@uvw.example");
    const returned = mails.find((m) => m.subject === "Teruggestuurd: het MVOI-actieplan van Waterschap Aa en Maas")!;
    expect(returned.text).toContain("De budgetten per thema ontbreken.");
    expect(returned.text).toContain(`${ORIGIN}/organisatie/waterschap-aa-en-maas/actieplan`);
    const accepted = mails.find((m) => m.subject === "Geaccepteerd: de MVOI-rapportage over 2025 van Waterschap Brabantse Delta")!;
    expect(accepted.text).toContain(`${ORIGIN}/organisatie/waterschap-brabantse-delta/rapportage/2025`);
    // Nobody else: Helmond's inkoper hears nothing about a waterschap.
    expect(smtp.to("inkoper@helmond.example")).toEqual([]);
    expect(new Set(smtp.received.flatMap((m) => m.envelopeTo))).toEqual(new Set(["inkoper@uvw.example"]));
  });

  it("tells of an accepted plan, and of a returned report with the reason, each active inkoper in a message of their own", async () => {
    // Rivierenland gets people of its own: an inkoper, a reader and an inkoper who left.
    const rivierenland = await idOf(t.db, "Waterschap Rivierenland");
    const person = async (email: string, role: "editor" | "viewer", active = true) => {
      const userId = await ensureUser(t.db, { email, name: email, password: null });
      await addMembership(t.db, { userId, organisationId: rivierenland, role });
      if (!active) await t.db.updateTable("user").set({ active: 0 }).where("id", "=", userId).execute();
    };
    await person("inkoper@rivierenland.example", "editor");
    await person("lezer@rivierenland.example", "viewer");
    await person("vertrokken@rivierenland.example", "editor", false);

    const aaEnMaas = await idOf(t.db, "Waterschap Aa en Maas");
    await reviewPlan(t.db, { actor: reviewer, organisationId: aaEnMaas, versionNumber: 1, decision: "accept", origin: ORIGIN });
    const reason = "Het aantal aanbestedingen met social return ontbreekt.\nVul het aan bij vraag 4.";
    await reviewReport(t.db, {
      actor: reviewer,
      organisationId: rivierenland,
      year: 2025,
      versionNumber: 1,
      decision: "return",
      reason,
      origin: ORIGIN,
    });
    expect(await deliver()).toMatchObject({ sent: 3, failed: 0 });

    const planLink = `${ORIGIN}/organisatie/waterschap-aa-en-maas/actieplan`;
    const accepted = smtp.received.filter((m) => m.subject === "Geaccepteerd: het MVOI-actieplan van Waterschap Aa en Maas");
    expect(accepted.map((m) => m.envelopeTo)).toEqual([["inkoper@uvw.example"]]);
    expect(accepted[0]!.text).toContain(`Bekijken in het portaal:\n${planLink}`);
    expect(accepted[0]!.html).toContain(`href="${planLink}"`);
    expect(accepted[0]!.text).not.toContain("De reden");

    const reportLink = `${ORIGIN}/organisatie/waterschap-rivierenland/rapportage/2025`;
    const returned = smtp.received.filter((m) => m.subject === "Teruggestuurd: de MVOI-rapportage over 2025 van Waterschap Rivierenland");
    // Its own inkoper and the Unie's, one message each; not the reader, not the one who left.
    expect(returned.map((m) => m.envelopeTo).sort()).toEqual([["inkoper@rivierenland.example"], ["inkoper@uvw.example"]]);
    for (const mail of returned) {
      expect(mail.text).toContain("> Het aantal aanbestedingen met social return ontbreekt.\n> Vul het aan bij vraag 4.");
      expect(mail.html).toContain("Het aantal aanbestedingen met social return ontbreekt.<br>Vul het aan bij vraag 4.");
      expect(mail.text).toContain(`Aanpassen in het portaal:\n${reportLink}`);
      expect(mail.html).toContain(`href="${reportLink}"`);
    }
    expect(smtp.to("lezer@rivierenland.example")).toEqual([]);
    expect(smtp.to("vertrokken@rivierenland.example")).toEqual([]);
  });

  it("sends each deadline reminder once, also when the run repeats, to those who have not submitted", async () => {
    expect([
      reminderStage("2026-03-17", "2026-04-01"),
      reminderStage("2026-03-18", "2026-04-01"),
      reminderStage("2026-03-29", "2026-04-01"),
      reminderStage("2026-04-02", "2026-04-01"),
      reminderStage("2026-04-09", "2026-04-01"),
    ]).toEqual([null, "reminder-14", "reminder-3", "overdue", null]);
    const first = await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-03-18" });
    expect(first.queued).toBeGreaterThan(0);
    await deliver();
    const again = await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-03-18" });
    const later = await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-03-20" });
    expect(again.queued).toBe(0);
    expect(later.queued).toBe(0);
    expect(await deliver()).toMatchObject({ sent: 0 });
    const helmond = smtp.to("inkoper@helmond.example");
    expect(helmond.map((m) => m.subject)).toEqual(["Herinnering: MVOI-rapportage 2025 van Gemeente Helmond uiterlijk 1 april 2026"]);
    expect(helmond[0]!.text).toContain(`${ORIGIN}/organisatie/gemeente-helmond/rapportage/2025`);
    // The Unie hears about the waterschappen that have not submitted, not about those that did.
    const unie = smtp.to("inkoper@uvw.example").map((m) => m.subject);
    expect(unie).toContain("Herinnering: MVOI-rapportage 2025 van Waterschap Aa en Maas uiterlijk 1 april 2026");
    expect(unie).toContain("Herinnering: MVOI-rapportage 2025 van Waterschap Limburg uiterlijk 1 april 2026"); // returned: not done
    expect(unie.some((s) => s?.includes("Brabantse Delta") || s?.includes("Vallei en Veluwe"))).toBe(false); // submitted / accepted
    expect(smtp.to("analist@ienw.example")).toEqual([]);

    // 3 days before, and the day after: one more each.
    await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-03-29" });
    await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-04-02" });
    await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-04-02" });
    await deliver();
    expect(smtp.to("inkoper@helmond.example").map((m) => m.subject)).toEqual([
      "Herinnering: MVOI-rapportage 2025 van Gemeente Helmond uiterlijk 1 april 2026",
      "Herinnering: MVOI-rapportage 2025 van Gemeente Helmond uiterlijk 1 april 2026",
      "Te laat: MVOI-rapportage 2025 van Gemeente Helmond",
    ]);
    expect(smtp.to("inkoper@helmond.example")[1]!.text).toContain("Over 3 dagen");

    // Every stage links to the organisation's own report for the year, in text and in HTML.
    const link = (slug: string) => `${ORIGIN}/organisatie/${slug}/rapportage/2025`;
    const [, threeDays, overdue] = smtp.to("inkoper@helmond.example");
    for (const mail of [threeDays!, overdue!]) {
      expect(mail.envelopeTo).toEqual(["inkoper@helmond.example"]);
      expect(mail.text).toContain(`Naar de rapportage:\n${link("gemeente-helmond")}`);
      expect(mail.html).toContain(`href="${link("gemeente-helmond")}"`);
    }
    expect(overdue!.text).toContain("De uiterste datum voor de MVOI-rapportage over 2025 van Gemeente Helmond was 1 april 2026.");
    const unieMail = (subject: string) => smtp.to("inkoper@uvw.example").filter((m) => m.subject === subject);
    const aaEnMaasThreeDays = unieMail("Herinnering: MVOI-rapportage 2025 van Waterschap Aa en Maas uiterlijk 1 april 2026");
    const aaEnMaasOverdue = unieMail("Te laat: MVOI-rapportage 2025 van Waterschap Aa en Maas");
    expect(aaEnMaasThreeDays).toHaveLength(2); // 14 and 3 days before
    expect(aaEnMaasThreeDays[1]!.text).toContain("Over 3 dagen");
    expect(aaEnMaasOverdue).toHaveLength(1);
    for (const mail of [aaEnMaasThreeDays[1]!, aaEnMaasOverdue[0]!]) {
      expect(mail.envelopeTo).toEqual(["inkoper@uvw.example"]);
      expect(mail.text).toContain(`Naar de rapportage:\n${link("waterschap-aa-en-maas")}`);
      expect(mail.html).toContain(`href="${link("waterschap-aa-en-maas")}"`);
    }
  });

  it("follows an extension: no overdue notice on the old date, reminders for the new one", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    await grantExtension(t.db, { year: 2025, organisationId: helmond, dueAt: "2026-05-01", reason: "Herindeling", actor: admin });
    await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-04-02" });
    await deliver();
    expect(smtp.to("inkoper@helmond.example")).toEqual([]);
    await queueDueReminders(t.db, { origin: ORIGIN, today: "2026-04-17" });
    await deliver();
    expect(smtp.to("inkoper@helmond.example").map((m) => m.subject)).toEqual([
      "Herinnering: MVOI-rapportage 2025 van Gemeente Helmond uiterlijk 1 mei 2026",
    ]);
  });

  it("keeps a message that cannot be delivered, logs why, and sends it on a later run", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    await createInvitation(t.db, {
      actor: admin,
      email: "weigert@helmond.example",
      organisationId: helmond,
      role: "editor",
      origin: ORIGIN,
    });
    const refused = await deliver();
    expect(refused).toMatchObject({ sent: 0, failed: 1 });
    expect(refused.errors[0]).toContain("weigert@helmond.example");
    const row = await t.db.selectFrom("mail_message").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    // The mail server is down altogether: still kept.
    const down = await deliverPendingMail(t.db, smtpTransport("smtp://127.0.0.1:1", "x <x@x.example>"));
    expect(down.failed).toBe(1);
    await t.db.updateTable("mail_message").set({ recipient: "nieuw@helmond.example" }).execute();
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.to("nieuw@helmond.example")).toHaveLength(1);
    expect(await t.db.selectFrom("mail_message").select(["status", "attempts"]).executeTakeFirstOrThrow()).toEqual({
      status: "sent",
      attempts: 3,
    });
  });
});
