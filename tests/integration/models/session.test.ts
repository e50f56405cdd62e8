import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  getActiveSession,
  hashSessionId,
  readSession,
} from "~/models/session.server";
import { createTestDb, userIdOf, type TestDb } from "../../helpers/db";

const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe("sessions", () => {
  let t: TestDb;
  let userId: number;
  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    userId = await userIdOf(t.db, "inkoper@helmond.example");
  });
  afterAll(() => t.cleanup());

  it("stores only a hash of the cookie id", async () => {
    const id = await createSession(t.db, { userId, ip: "127.0.0.1", userAgent: "test" });
    const rows = await t.db.selectFrom("session").select("id_hash").execute();
    expect(rows.map((r) => r.id_hash)).toContain(hashSessionId(id));
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
    expect((await getActiveSession(t.db, { id }))?.user.email).toBe("inkoper@helmond.example");
  });

  it("gives every login a new id", async () => {
    const a = await createSession(t.db, { userId, ip: null, userAgent: null });
    const b = await createSession(t.db, { userId, ip: null, userAgent: null });
    expect(a).not.toBe(b);
  });

  it("ends after 30 minutes without use, and stays alive while used", async () => {
    const start = new Date("2026-01-01T09:00:00Z");
    const id = await createSession(t.db, { userId, ip: null, userAgent: null, now: start });
    expect(await getActiveSession(t.db, { id, now: minutes(start, 25) })).not.toBeNull();
    expect(await getActiveSession(t.db, { id, now: minutes(start, 50) })).not.toBeNull();
    expect(await getActiveSession(t.db, { id, now: minutes(start, 81) })).toBeNull();
    // and it stays ended (marked on sight), whatever the clock says next
    expect(await getActiveSession(t.db, { id, now: minutes(start, 51) })).toBeNull();
  });

  it("ends 12 hours after login however active", async () => {
    const start = new Date("2026-01-02T07:00:00Z");
    const id = await createSession(t.db, { userId, ip: null, userAgent: null, now: start });
    for (let m = 20; m < 12 * 60; m += 20) {
      expect(await getActiveSession(t.db, { id, now: minutes(start, m) }), `minute ${m}`).not.toBeNull();
    }
    expect(await getActiveSession(t.db, { id, now: minutes(start, 12 * 60 + 1) })).toBeNull();
  });

  it("ends when the user is deactivated", async () => {
    const id = await createSession(t.db, { userId, ip: null, userAgent: null });
    await t.db.updateTable("user").set({ active: 0 }).where("id", "=", userId).execute();
    try {
      expect(await getActiveSession(t.db, { id })).toBeNull();
    } finally {
      await t.db.updateTable("user").set({ active: 1 }).where("id", "=", userId).execute();
    }
  });

  it("is gone after logout, and all of a user's sessions can be ended at once", async () => {
    const id = await createSession(t.db, { userId, ip: null, userAgent: null });
    await deleteSession(t.db, { idHash: hashSessionId(id) });
    expect(await getActiveSession(t.db, { id })).toBeNull();
    const a = await createSession(t.db, { userId, ip: null, userAgent: null });
    const b = await createSession(t.db, { userId, ip: null, userAgent: null });
    await deleteSessionsOfUser(t.db, { userId });
    expect(await getActiveSession(t.db, { id: a })).toBeNull();
    expect(await getActiveSession(t.db, { id: b })).toBeNull();
  });

  it("can end all of a user's sessions but the one making the change", async () => {
    const keep = await createSession(t.db, { userId, ip: null, userAgent: null });
    const other = await createSession(t.db, { userId, ip: null, userAgent: null });
    await deleteSessionsOfUser(t.db, { userId, exceptIdHash: hashSessionId(keep) });
    expect(await getActiveSession(t.db, { id: keep })).not.toBeNull();
    expect(await getActiveSession(t.db, { id: other })).toBeNull();
  });

  it("records whether the login passed the second factor (password-only unless told)", async () => {
    const passwordOnly = await createSession(t.db, { userId, ip: null, userAgent: null });
    const withCode = await createSession(t.db, { userId, ip: null, userAgent: null, mfaPassed: true });
    const row = (id: string) =>
      t.db.selectFrom("session").select(["created_at", "mfa_passed_at"]).where("id_hash", "=", hashSessionId(id)).executeTakeFirstOrThrow();
    expect((await row(passwordOnly)).mfa_passed_at).toBeNull();
    const passed = await row(withCode);
    expect(passed.mfa_passed_at).toBe(passed.created_at);
  });

  it("says whose a timed-out session was, on every later request, until the cleanup 12 hours on", async () => {
    const start = new Date("2026-01-03T09:00:00Z");
    const id = await createSession(t.db, { userId, ip: null, userAgent: null, now: start });
    expect(await readSession(t.db, { id, now: minutes(start, 45) })).toEqual({ active: null, endedForUserId: userId });
    // A second tab, or a later post, still learns it (the row is not used up).
    expect(await readSession(t.db, { id, now: minutes(start, 90) })).toEqual({ active: null, endedForUserId: userId });
    expect(await deleteExpiredSessions(t.db, minutes(start, 6 * 60))).toBe(0);
    await deleteExpiredSessions(t.db, minutes(start, 45 + 12 * 60 + 1));
    expect(await readSession(t.db, { id, now: minutes(start, 13 * 60) })).toEqual({ active: null, endedForUserId: null });
  });

  it("cleans up expired sessions in bulk", async () => {
    await createSession(t.db, { userId, ip: null, userAgent: null, now: new Date("2020-01-01T00:00:00Z") });
    expect(await deleteExpiredSessions(t.db)).toBeGreaterThanOrEqual(1);
  });
});
