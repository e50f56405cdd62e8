import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOTP_SECRETS, DEMO_USERS, seedDemoUsers, seedOrganisations } from "../../../db/seed";
import { decryptTotpSecret, timeStep, totpCodeAt } from "~/auth/totp.server";
import {
  checkMfaCode,
  confirmMfaSetup,
  disableMfa,
  enableMfaWithSecret,
  getMfaStatus,
  regenerateRecoveryCodes,
  startMfaSetup,
  useRecoveryCode,
} from "~/models/mfa.server";
import { ensureUser } from "~/models/user.server";
import { createTestDb, type TestDb } from "../../helpers/db";

const KEYS = ["integration-session-secret-of-at-least-32-chars"];

describe("MFA model", () => {
  let t: TestDb;
  let n = 0;
  const newActor = async () => {
    const email = `mfa-${++n}@example.nl`;
    const userId = await ensureUser(t.db, { email, name: `MFA ${n}`, password: null });
    return { userId, email, ip: "192.0.2.1" };
  };
  const audit = (userId: number) =>
    t.db.selectFrom("audit_event").select(["action", "result", "ip", "detail"]).where("user_id", "=", userId).orderBy("id").execute();

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it("sets up with a first code: the secret is stored encrypted, ten recovery codes are stored hashed", async () => {
    const actor = await newActor();
    const setup = await startMfaSetup(t.db, { userId: actor.userId, keys: KEYS });
    expect(setup).not.toBeNull();
    // The same secret while the set-up waits (a QR code scanned a minute ago keeps working).
    expect(await startMfaSetup(t.db, { userId: actor.userId, keys: KEYS })).toEqual(setup);
    expect((await getMfaStatus(t.db, { userId: actor.userId })).enabled).toBe(false);

    const now = new Date();
    const result = await confirmMfaSetup(t.db, { actor, keys: KEYS, code: totpCodeAt(setup!.secret, timeStep(now)), now });
    expect(result.ok).toBe(true);
    const codes = result.ok ? result.recoveryCodes : [];
    expect(codes).toHaveLength(10);
    expect(await getMfaStatus(t.db, { userId: actor.userId })).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    const row = await t.db.selectFrom("user_mfa").selectAll().where("user_id", "=", actor.userId).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(setup!.secret);
    expect(decryptTotpSecret({ stored: row.secret_enc, userId: actor.userId, keys: KEYS })).toBe(setup!.secret);
    const hashes = await t.db.selectFrom("mfa_recovery_code").select("code_hash").where("user_id", "=", actor.userId).execute();
    expect(hashes).toHaveLength(10);
    for (const code of codes) expect(JSON.stringify(hashes)).not.toContain(code.replace(/-/g, ""));

    // A working secret is never replaced by a new set-up.
    expect(await startMfaSetup(t.db, { userId: actor.userId, keys: KEYS })).toBeNull();
    expect((await audit(actor.userId)).map((e) => e.action)).toEqual(["mfa.enabled"]);
  });

  it("refuses a wrong first code and keeps MFA off", async () => {
    const actor = await newActor();
    const setup = (await startMfaSetup(t.db, { userId: actor.userId, keys: KEYS }))!;
    const now = new Date();
    const wrong = totpCodeAt(setup.secret, timeStep(now) + 5);
    expect(await confirmMfaSetup(t.db, { actor, keys: KEYS, code: wrong, now })).toEqual({ ok: false, reason: "invalid" });
    expect((await getMfaStatus(t.db, { userId: actor.userId })).enabled).toBe(false);
    expect(await t.db.selectFrom("mfa_recovery_code").select("id").where("user_id", "=", actor.userId).execute()).toEqual([]);
  });

  it("accepts each code once, also when two requests race with the same code", async () => {
    const actor = await newActor();
    const secret = DEMO_TOTP_SECRETS["analist@ienw.example"]!;
    await enableMfaWithSecret(t.db, { userId: actor.userId, secret, keys: KEYS });
    const now = new Date();
    const code = totpCodeAt(secret, timeStep(now));
    const results = await Promise.all([1, 2, 3].map(() => checkMfaCode(t.db, { actor, keys: KEYS, code, now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["reused", "reused"]);
    // The previous step is now too old as well; the next one works.
    expect(await checkMfaCode(t.db, { actor, keys: KEYS, code: totpCodeAt(secret, timeStep(now) - 1), now })).toEqual({
      ok: false,
      reason: "reused",
    });
    expect(await checkMfaCode(t.db, { actor, keys: KEYS, code: totpCodeAt(secret, timeStep(now) + 1), now })).toEqual({ ok: true });
  });

  it("uses each recovery code once, and renewing makes the old ones useless", async () => {
    const actor = await newActor();
    const codes = await enableMfaWithSecret(t.db, { userId: actor.userId, secret: DEMO_TOTP_SECRETS["beheer@ienw.example"]!, keys: KEYS });
    expect(await useRecoveryCode(t.db, { actor, code: codes[0]!.toUpperCase() })).toBe(true);
    expect(await useRecoveryCode(t.db, { actor, code: codes[0]! })).toBe(false);
    expect((await getMfaStatus(t.db, { userId: actor.userId })).recoveryCodesLeft).toBe(9);

    // Another user's code does not work for this one.
    const other = await newActor();
    const otherCodes = await enableMfaWithSecret(t.db, {
      userId: other.userId,
      secret: DEMO_TOTP_SECRETS["beheer@ienw.example"]!,
      keys: KEYS,
    });
    expect(await useRecoveryCode(t.db, { actor, code: otherCodes[0]! })).toBe(false);

    const renewed = await regenerateRecoveryCodes(t.db, { actor });
    expect(await useRecoveryCode(t.db, { actor, code: codes[1]! })).toBe(false);
    expect(await useRecoveryCode(t.db, { actor, code: renewed[1]! })).toBe(true);
    expect((await getMfaStatus(t.db, { userId: actor.userId })).recoveryCodesLeft).toBe(9);
  });

  it("turns off: secret and recovery codes gone, codes no longer accepted", async () => {
    const actor = await newActor();
    const secret = DEMO_TOTP_SECRETS["beheer@ienw.example"]!;
    const codes = await enableMfaWithSecret(t.db, { userId: actor.userId, secret, keys: KEYS });
    await disableMfa(t.db, { actor, reason: "turned-off" });
    expect(await getMfaStatus(t.db, { userId: actor.userId })).toEqual({ enabled: false, confirmedAt: null, recoveryCodesLeft: 0 });
    expect(await useRecoveryCode(t.db, { actor, code: codes[2]! })).toBe(false);
    expect(await checkMfaCode(t.db, { actor, keys: KEYS, code: totpCodeAt(secret, timeStep()) })).toEqual({
      ok: false,
      reason: "not-enabled",
    });
  });

  it("audits set-up, failures, recovery codes used and turning off, with IP, never a code or secret", async () => {
    const actor = await newActor();
    const setup = (await startMfaSetup(t.db, { userId: actor.userId, keys: KEYS }))!;
    const now = new Date();
    const first = totpCodeAt(setup.secret, timeStep(now));
    const result = await confirmMfaSetup(t.db, { actor, keys: KEYS, code: first, now });
    const codes = result.ok ? result.recoveryCodes : [];
    const wrong = totpCodeAt(setup.secret, timeStep(now) + 7);
    await checkMfaCode(t.db, { actor, keys: KEYS, code: wrong, now });
    await checkMfaCode(t.db, { actor, keys: KEYS, code: first, now });
    await useRecoveryCode(t.db, { actor, code: codes[0]! });
    await useRecoveryCode(t.db, { actor, code: "zzzz-zzzz-zzzz" });
    await disableMfa(t.db, { actor, reason: "turned-off" });

    const events = await audit(actor.userId);
    expect(events.map((e) => `${e.action}:${e.result}`)).toEqual([
      "mfa.enabled:success",
      "mfa.failure:failure",
      "mfa.failure:failure",
      "mfa.recovery_code_used:success",
      "mfa.failure:failure",
      "mfa.disabled:success",
    ]);
    expect(events.every((e) => e.ip === "192.0.2.1")).toBe(true);
    const all = JSON.stringify(await t.db.selectFrom("audit_event").selectAll().execute());
    for (const secretText of [setup.secret, first, wrong, codes[0]!, codes[0]!.replace(/-/g, "")]) expect(all).not.toContain(secretText);
  });

  it("gives the demo ministry and admin logins the README's fixed secret, encrypted; signatories none", async () => {
    const demo = await createTestDb();
    try {
      await seedOrganisations(demo.db);
      await seedDemoUsers(demo.db, { sessionSecret: KEYS[0] });
      await seedDemoUsers(demo.db, { sessionSecret: KEYS[0] }); // idempotent
      for (const u of DEMO_USERS) {
        const user = await demo.db.selectFrom("user").select("id").where("email", "=", u.email).executeTakeFirstOrThrow();
        const row = await demo.db.selectFrom("user_mfa").selectAll().where("user_id", "=", user.id).executeTakeFirst();
        const secret = DEMO_TOTP_SECRETS[u.email];
        if (u.role === "reviewer" || u.role === "admin") {
          expect(secret, u.email).toBeDefined();
          expect(row?.confirmed_at, u.email).toBeTruthy();
          expect(row!.secret_enc).not.toContain(secret!);
          expect(decryptTotpSecret({ stored: row!.secret_enc, userId: user.id, keys: KEYS })).toBe(secret);
        } else {
          expect(row, u.email).toBeUndefined();
        }
      }
    } finally {
      await demo.cleanup();
    }
  });
});
