import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import {
  applyOrganisationImport,
  ImportRefusedError,
  OrganisationFieldError,
  OrganisationNotFoundError,
  previewOrganisationImport,
  updateOrganisation,
} from "~/models/organisation-admin.server";
import { enableMfaWithSecret, resetMfaByAdmin } from "~/models/mfa.server";
import { createSession, getActiveSession, hashSessionId, setActingOrganisation } from "~/models/session.server";
import { addMembership, changeMembershipRole, ensureUser, removeMembership, setUserActive, UserAdminError } from "~/models/user.server";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";
import { startSmtpServer } from "../../helpers/smtp";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const HEADER = "name,kind,sector,signed_via,source\n";

async function tableHash(t: TestDb) {
  const rows = await t.db.selectFrom("organisation").selectAll().orderBy("id").execute();
  return JSON.stringify(rows);
}

describe("administration models", () => {
  let t: TestDb;
  let admin: { userId: number; email: string; ip: string };
  beforeEach(async () => {
    t = await createTestDb({ seed: "demo" });
    admin = { userId: await userIdOf(t.db, "beheer@ienw.example"), email: "beheer@ienw.example", ip: "127.0.0.1" };
  });
  afterEach(() => t.cleanup());

  it("previews a CSV import row by row without changing anything", async () => {
    const before = await tableHash(t);
    const csv =
      HEADER +
      "Gemeente Nieuwstad,gemeente,Gemeenten,,https://example.nl/a\n" +
      "Gemeente Helmond,gemeente,Gemeenten,,https://www.helmond.nl/manifest-maatschappelijk-verantwoord-opdrachtgeven-en-inkopen-2022-2025\n" +
      "Waterschap Aa en Maas,waterschap,Overige organisaties,Unie van Waterschappen,\n" +
      "Gemeente Foutief,stad,Gemeenten,,\n" +
      ",gemeente,Gemeenten,,\n" +
      "Gemeente Nieuwstad,gemeente,Gemeenten,,\n" +
      "Gemeente Via,gemeente,Gemeenten,Bestaat Niet,\n" +
      "Gemeente Bron,gemeente,Gemeenten,,javascript:alert(1)\n";
    const preview = await previewOrganisationImport(t.db, { csv });
    expect(preview.fileError).toBeNull();
    expect(preview.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, "added"],
      [3, "unchanged"],
      [4, "changed"],
      [5, "invalid"],
      [6, "invalid"],
      [7, "invalid"],
      [8, "invalid"],
      [9, "invalid"],
    ]);
    const reasons = Object.fromEntries(
      preview.rows.map((r) => [r.line, r.outcome === "invalid" ? r.reasons.join(" ") : r.changes.join(" ")]),
    );
    expect(reasons[4]).toContain("sector: Waterschappen → Overige organisaties");
    expect(reasons[5]).toContain('Onbekend soort "stad"');
    expect(reasons[6]).toContain("naam: Vul de naam in.");
    expect(reasons[7]).toContain("Deze naam staat ook op regel 2.");
    expect(reasons[8]).toContain('"Bestaat Niet": die organisatie bestaat niet');
    expect(reasons[9]).toContain("bron:");
    expect(await tableHash(t)).toBe(before);

    // All or nothing: with bad rows nothing is applied.
    await expect(applyOrganisationImport(t.db, { actor: admin, csv })).rejects.toThrow(ImportRefusedError);
    expect(await tableHash(t)).toBe(before);
  });

  it('reads "Zelf getekend" in the signed-via column as the pages and the export write it: signed itself', async () => {
    const csv =
      HEADER +
      "Gemeente Helmond,gemeente,Gemeenten,zelf getekend,https://www.helmond.nl/manifest-maatschappelijk-verantwoord-opdrachtgeven-en-inkopen-2022-2025\n";
    const preview = await previewOrganisationImport(t.db, { csv });
    expect(preview.rows.map((r) => [r.line, r.outcome])).toEqual([[2, "unchanged"]]);
  });

  it("applies a valid import in one go, signatures via organisations in the same file included", async () => {
    const csv =
      HEADER +
      "Gemeente Kern,gemeente,Gemeenten,,\nGemeente Partner,gemeente,Gemeenten,Gemeente Kern,\nWaterschap Aa en Maas,waterschap,Waterschappen,Unie van Waterschappen,https://example.nl/nieuw\n";
    const done = await applyOrganisationImport(t.db, { actor: admin, csv });
    expect(done.counts).toEqual({ added: 2, changed: 1, unchanged: 0, invalid: 0 });
    const partner = await t.db
      .selectFrom("organisation as o")
      .innerJoin("organisation as via", "via.id", "o.signed_via_id")
      .select(["o.slug", "via.name"])
      .where("o.name", "=", "Gemeente Partner")
      .executeTakeFirstOrThrow();
    expect(partner).toEqual({ slug: "gemeente-partner", name: "Gemeente Kern" });
    expect(
      (await t.db.selectFrom("organisation").select("source_url").where("name", "=", "Waterschap Aa en Maas").executeTakeFirstOrThrow())
        .source_url,
    ).toBe("https://example.nl/nieuw");
    const event = await t.db
      .selectFrom("audit_event")
      .select(["action", "detail"])
      .where("action", "=", "organisation.imported")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail!)).toMatchObject({ added: 2, changed: 1 });
  });

  it("previews exactly what applying writes: a name in other letter case is a change, a signer in other letter case is not", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const aaEnMaas = await idOf(t.db, "Waterschap Aa en Maas");
    const row = (id: number) => t.db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const aaEnMaasBefore = await row(aaEnMaas);
    const csv = HEADER + "gemeente helmond,gemeente,Gemeenten,,\nWaterschap Aa en Maas,waterschap,Waterschappen,unie van waterschappen,\n";
    const preview = await previewOrganisationImport(t.db, { csv });
    expect(preview.rows).toEqual([
      { line: 2, name: "gemeente helmond", outcome: "changed", changes: ["naam: Gemeente Helmond → gemeente helmond"] },
      { line: 3, name: "Waterschap Aa en Maas", outcome: "unchanged", changes: [] },
    ]);

    const done = await applyOrganisationImport(t.db, { actor: admin, csv });
    expect(done.counts).toEqual({ added: 0, changed: 1, unchanged: 1, invalid: 0 });
    // The rename happened as previewed; the slug (and so every link) stays.
    expect(await row(helmond)).toMatchObject({ name: "gemeente helmond", slug: "gemeente-helmond" });
    // "Unchanged" means untouched: the same row, updated_at included.
    expect(await row(aaEnMaas)).toEqual(aaEnMaasBefore);
  });

  it("refuses a file that is not a CSV of signatories, with a reason", async () => {
    expect((await previewOrganisationImport(t.db, { csv: "titel;type\nx;y\n" })).fileError).toContain("Ontbreekt: naam, soort, sector.");
    expect((await previewOrganisationImport(t.db, { csv: HEADER })).fileError).toContain("geen organisaties");
    expect((await previewOrganisationImport(t.db, { csv: HEADER + '"open,gemeente,Gemeenten\n' })).fileError).toContain("aanhalingsteken");
  });

  it("ends every session of a deactivated user at once, and keeps one administrator", async () => {
    const userId = await userIdOf(t.db, "inkoper@helmond.example");
    const ids = [
      await createSession(t.db, { userId, ip: "a", userAgent: "a" }),
      await createSession(t.db, { userId, ip: "b", userAgent: "b" }),
    ];
    await setUserActive(t.db, { actor: admin, userId, active: false });
    for (const id of ids) expect(await getActiveSession(t.db, { id })).toBeNull();
    expect(await t.db.selectFrom("session").select("id_hash").where("user_id", "=", userId).execute()).toEqual([]);
    const event = await t.db.selectFrom("audit_event").selectAll().where("action", "=", "user.deactivated").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_email: "beheer@ienw.example", object_id: String(userId), ip: "127.0.0.1", result: "success" });

    await expect(setUserActive(t.db, { actor: admin, userId: admin.userId, active: false })).rejects.toThrow(UserAdminError);
    const adminMembership = await t.db
      .selectFrom("membership")
      .select("id")
      .where("user_id", "=", admin.userId)
      .where("role", "=", "admin")
      .executeTakeFirstOrThrow();
    await expect(
      changeMembershipRole(t.db, { actor: admin, userId: admin.userId, membershipId: adminMembership.id, role: "viewer" }),
    ).rejects.toThrow("laatste actieve beheerder");
    await expect(removeMembership(t.db, { actor: admin, userId: admin.userId, membershipId: adminMembership.id })).rejects.toThrow(
      "laatste actieve beheerder",
    );
  });

  it("lets an administrator reset someone's MFA, which ends their sessions and is audited", async () => {
    const userId = await userIdOf(t.db, "analist@ienw.example");
    const sessionId = await createSession(t.db, { userId, ip: "a", userAgent: "a" });
    await enableMfaWithSecret(t.db, { userId, secret: "JBSWY3DPEHPK3PXP", keys: ["test-secret-of-at-least-32-characters!"] });
    expect(await t.db.selectFrom("user_mfa").select("user_id").where("user_id", "=", userId).executeTakeFirst()).toBeDefined();
    expect(await resetMfaByAdmin(t.db, { actor: admin, userId })).toBe(true);
    expect(await t.db.selectFrom("user_mfa").select("user_id").where("user_id", "=", userId).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("mfa_recovery_code").select("id").where("user_id", "=", userId).execute()).toEqual([]);
    expect(await getActiveSession(t.db, { id: sessionId })).toBeNull();
    const event = await t.db.selectFrom("audit_event").selectAll().where("action", "=", "mfa.reset_by_admin").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_email: "beheer@ienw.example", object_id: String(userId) });
    expect(await resetMfaByAdmin(t.db, { actor: admin, userId })).toBe(false);
  });

  it("edits an organisation: the fields change, the slug stays, the audit trail holds only what changed", async () => {
    const landgraaf = await idOf(t.db, "Gemeente Landgraaf");
    const heerlen = await idOf(t.db, "Gemeente Heerlen");
    const row = (id: number) => t.db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const before = await row(landgraaf);
    expect(before).toMatchObject({ kind: "gemeente", sector: "gemeenten", signed_via_id: null });

    await updateOrganisation(t.db, {
      actor: admin,
      id: landgraaf,
      input: {
        name: "Gemeente Landgraaf (Parkstad)",
        kind: "gemeente",
        sector: "gemeenten",
        signedViaId: heerlen,
        signedAt: "2023-03-01",
        sourceUrl: "https://example.nl/landgraaf",
      },
    });
    const after = await row(landgraaf);
    expect(after).toMatchObject({
      slug: "gemeente-landgraaf",
      name: "Gemeente Landgraaf (Parkstad)",
      kind: "gemeente",
      sector: "gemeenten",
      signed_via_id: heerlen,
      signed_at: "2023-03-01",
      source_url: "https://example.nl/landgraaf",
      created_at: before.created_at,
    });
    expect(after.updated_at > before.updated_at).toBe(true);
    const events = await t.db.selectFrom("audit_event").selectAll().where("action", "=", "organisation.updated").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      user_email: "beheer@ienw.example",
      object_type: "organisation",
      object_id: String(landgraaf),
      ip: "127.0.0.1",
      result: "success",
    });
    expect(JSON.parse(events[0]!.detail!)).toEqual({
      name: { from: "Gemeente Landgraaf", to: "Gemeente Landgraaf (Parkstad)" },
      signed_via_id: { from: null, to: heerlen },
      signed_at: { from: before.signed_at, to: "2023-03-01" },
      source_url: { from: before.source_url, to: "https://example.nl/landgraaf" },
    });

    // Refused edits change nothing and leave no audit event.
    const snapshot = await tableHash(t);
    const refused = (input: Parameters<typeof updateOrganisation>[1]["input"], id = landgraaf) =>
      updateOrganisation(t.db, { actor: admin, id, input });
    await expect(refused({ name: "gemeente helmond", kind: "gemeente", sector: "gemeenten" })).rejects.toThrow(OrganisationFieldError);
    // Castricum signed for Bergen, Uitgeest and Heiloo: it cannot sign via another itself.
    await expect(
      refused(
        { name: "Gemeente Castricum", kind: "gemeente", sector: "gemeenten", signedViaId: heerlen },
        await idOf(t.db, "Gemeente Castricum"),
      ),
    ).rejects.toThrow("tekende zelf voor andere");
    await expect(refused({ name: "Gemeente Landgraaf", kind: "gemeente", sector: "gemeenten", signedViaId: landgraaf })).rejects.toThrow(
      "niet via zichzelf",
    );
    await expect(refused({ name: "Nergens", kind: "gemeente", sector: "gemeenten" }, 999_999)).rejects.toThrow(OrganisationNotFoundError);
    expect(await tableHash(t)).toBe(snapshot);
    expect(await t.db.selectFrom("audit_event").select("id").where("action", "=", "organisation.updated").execute()).toHaveLength(1);
  });

  it("removes one membership: the row goes, sessions acting for that organisation stop doing so, and it is audited", async () => {
    const userId = await userIdOf(t.db, "inkoper@helmond.example");
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const heerlen = await idOf(t.db, "Gemeente Heerlen");
    await addMembership(t.db, { userId, organisationId: heerlen, role: "viewer" });
    const colleague = await ensureUser(t.db, { email: "collega@helmond.example", name: "Collega", password: null });
    await addMembership(t.db, { userId: colleague, organisationId: helmond, role: "editor" });
    const session = async (user: number, acting: number) => {
      const id = await createSession(t.db, { userId: user, ip: "a", userAgent: "a" });
      await setActingOrganisation(t.db, { idHash: hashSessionId(id), organisationId: acting });
      return id;
    };
    const actingForHelmond = await session(userId, helmond);
    const actingForHeerlen = await session(userId, heerlen);
    const colleagueForHelmond = await session(colleague, helmond);
    const membership = await t.db
      .selectFrom("membership")
      .select(["id", "role"])
      .where("user_id", "=", userId)
      .where("organisation_id", "=", helmond)
      .executeTakeFirstOrThrow();

    // A membership of someone else is refused, and nothing changes.
    const colleagueMembership = await t.db.selectFrom("membership").select("id").where("user_id", "=", colleague).executeTakeFirstOrThrow();
    await expect(removeMembership(t.db, { actor: admin, userId, membershipId: colleagueMembership.id })).rejects.toThrow(UserAdminError);
    expect(await t.db.selectFrom("membership").select("id").where("id", "=", colleagueMembership.id).executeTakeFirst()).toBeDefined();

    await removeMembership(t.db, { actor: admin, userId, membershipId: membership.id });
    expect(await t.db.selectFrom("membership").select(["organisation_id", "role"]).where("user_id", "=", userId).execute()).toEqual([
      { organisation_id: heerlen, role: "viewer" },
    ]);
    // The sessions stay (the user may still act for Heerlen), but none acts for Helmond any more.
    expect(await getActiveSession(t.db, { id: actingForHelmond })).toMatchObject({ actingOrganisationId: null });
    expect(await getActiveSession(t.db, { id: actingForHeerlen })).toMatchObject({ actingOrganisationId: heerlen });
    // Someone else's session is not touched.
    expect(await getActiveSession(t.db, { id: colleagueForHelmond })).toMatchObject({ actingOrganisationId: helmond });
    const events = await t.db.selectFrom("audit_event").selectAll().where("action", "=", "membership.removed").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      user_email: "beheer@ienw.example",
      object_type: "user",
      object_id: String(userId),
      ip: "127.0.0.1",
      result: "success",
    });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ organisation_id: helmond, role: "editor" });

    // Removed is removed: a second attempt is refused and not audited again.
    await expect(removeMembership(t.db, { actor: admin, userId, membershipId: membership.id })).rejects.toThrow("bestaat niet");
    expect(await t.db.selectFrom("audit_event").select("id").where("action", "=", "membership.removed").execute()).toHaveLength(1);
  });

  it("records a role change with actor, object, from and to", async () => {
    const userId = await userIdOf(t.db, "inkoper@helmond.example");
    const membership = await t.db.selectFrom("membership").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
    await changeMembershipRole(t.db, { actor: admin, userId, membershipId: membership.id, role: "viewer" });
    const event = await t.db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "=", "membership.role_changed")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail!)).toEqual({ organisation_id: await idOf(t.db, "Gemeente Helmond"), from: "editor", to: "viewer" });
    expect(event).toMatchObject({ user_email: "beheer@ienw.example", object_type: "user", object_id: String(userId) });
  });
});

function run(script: string, args: string[], env: Record<string, string>, input?: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.stdin.end(input ?? "");
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("the operator scripts", () => {
  let t: TestDb;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    t = await createTestDb({ seed: "demo" });
  });
  afterEach(() => t.cleanup());

  it("scripts/send-reminders.ts sends what is due once, however often it runs", async () => {
    const env = { DATABASE_URL: t.file, SMTP_URL: smtp.url, PUBLIC_ORIGIN: "https://mvoi.example.nl", NODE_ENV: "production" };
    const first = await run("scripts/send-reminders.ts", ["--today", "2026-03-29"], env);
    expect(first.code, first.out).toBe(0);
    const count = smtp.received.length;
    expect(count).toBeGreaterThan(0);
    const second = await run("scripts/send-reminders.ts", ["--today", "2026-03-29"], env);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain("0 new messages");
    expect(smtp.received.length).toBe(count);
    expect(smtp.received.every((m) => m.text!.includes("https://mvoi.example.nl/organisatie/"))).toBe(true);
    const bad = await run("scripts/send-reminders.ts", ["--today", "morgen"], env);
    expect(bad.code).toBe(2);
  });

  it("scripts/create-admin.ts creates an administrator from answers on standard input, never from arguments", async () => {
    const result = await run(
      "scripts/create-admin.ts",
      [],
      { DATABASE_URL: t.file },
      "eerste.beheerder@ienw.example\nEerste Beheerder\neen sterk beheerwachtwoord\n",
    );
    expect(result.code, result.out).toBe(0);
    expect(result.out).not.toContain("een sterk beheerwachtwoord");
    const user = await t.db.selectFrom("user").selectAll().where("email", "=", "eerste.beheerder@ienw.example").executeTakeFirstOrThrow();
    expect(await verifyPassword("een sterk beheerwachtwoord", user.password_hash!)).toBe(true);
    const roles = await t.db.selectFrom("membership").select("role").where("user_id", "=", user.id).execute();
    expect(roles).toEqual([{ role: "admin" }]);
    const weak = await run("scripts/create-admin.ts", [], { DATABASE_URL: t.file }, "tweede@ienw.example\nTweede\nkort\n");
    expect(weak.code).toBe(1);
    expect(weak.out).toContain("minstens 12 tekens");
  });
});
