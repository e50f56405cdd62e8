import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_FAILURE_LIMIT, checkLoginThrottle, recordLoginAttempt } from "~/models/login-attempt.server";
import { createTestDb, type TestDb } from "../../helpers/db";

const at = (iso: string) => new Date(iso);

describe("login throttling", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it("allows 10 attempts a minute per IP address, then refuses until the minute has passed", async () => {
    const ip = "10.0.0.1";
    for (let i = 0; i < 10; i++) {
      const now = at(`2026-03-01T10:00:${String(i * 2).padStart(2, "0")}Z`);
      expect(await checkLoginThrottle(t.db, { emailKey: `user${i}@x.nl`, ip, ipLimitPerMinute: 10, now })).toEqual({ allowed: true });
      await recordLoginAttempt(t.db, { emailKey: `user${i}@x.nl`, ip, succeeded: false, now });
    }
    expect(await checkLoginThrottle(t.db, { emailKey: "other@x.nl", ip, ipLimitPerMinute: 10, now: at("2026-03-01T10:00:30Z") })).toEqual({
      allowed: false,
      reason: "ip",
    });
    // Another IP address is not affected.
    expect(
      await checkLoginThrottle(t.db, { emailKey: "other@x.nl", ip: "10.0.0.2", ipLimitPerMinute: 10, now: at("2026-03-01T10:00:30Z") }),
    ).toEqual({
      allowed: true,
    });
    expect(await checkLoginThrottle(t.db, { emailKey: "other@x.nl", ip, ipLimitPerMinute: 10, now: at("2026-03-01T10:01:20Z") })).toEqual({
      allowed: true,
    });
  });

  it("makes an e-mail address wait 15 minutes after 10 failures, whether or not the account exists", async () => {
    const emailKey = "doelwit@gemeente.nl";
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      // Different IP addresses each time: the per-account rule must catch a distributed attempt.
      await recordLoginAttempt(t.db, { emailKey, ip: `10.1.0.${i}`, succeeded: false, now: at(`2026-03-02T10:0${i}:00Z`) });
    }
    const check = (iso: string) => checkLoginThrottle(t.db, { emailKey, ip: "10.2.0.1", ipLimitPerMinute: 10, now: at(iso) });
    expect(await check("2026-03-02T10:10:00Z")).toEqual({ allowed: false, reason: "account", until: "2026-03-02T10:24:00.000Z" });
    expect(await check("2026-03-02T10:20:00Z")).toEqual({ allowed: false, reason: "account", until: "2026-03-02T10:24:00.000Z" });
    expect(await check("2026-03-02T10:30:00Z")).toEqual({ allowed: true });
  });

  it("forgets earlier failures after a successful login", async () => {
    const emailKey = "vergeetachtig@gemeente.nl";
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) {
      await recordLoginAttempt(t.db, { emailKey, ip: "10.3.0.1", succeeded: false, now: at(`2026-03-03T10:0${i}:00Z`) });
    }
    await recordLoginAttempt(t.db, { emailKey, ip: "10.3.0.1", succeeded: true, now: at("2026-03-03T10:09:30Z") });
    await recordLoginAttempt(t.db, { emailKey, ip: "10.3.0.2", succeeded: false, now: at("2026-03-03T10:09:40Z") });
    expect(await checkLoginThrottle(t.db, { emailKey, ip: "10.3.0.3", ipLimitPerMinute: 10, now: at("2026-03-03T10:09:50Z") })).toEqual({
      allowed: true,
    });
  });
});
