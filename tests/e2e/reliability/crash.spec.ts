import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "~/database/connection.server";
import { startPlan } from "~/models/action-plan.server";
import { integrityCheck } from "../../helpers/fingerprint";
import { ownServer, postForm, type OwnServer } from "./own-server";

const STREAMS = 4; // waterschappen the Unie officer adds actions for, in parallel
const KILL_AFTER = 60; // acknowledged submissions before the crash

describe("a crash in the middle of submissions", () => {
  let own: OwnServer;
  let cookie: string;
  let organisations: { id: number; slug: string; lockVersion: number }[];

  beforeAll(async () => {
    own = await ownServer(async (db) => {
      const unie = await db.selectFrom("user").select(["id", "email"]).where("email", "=", "inkoper@uvw.example").executeTakeFirstOrThrow();
      const withoutPlan = await db
        .selectFrom("organisation")
        .select(["id", "slug"])
        .where("kind", "=", "waterschap")
        .where("id", "not in", db.selectFrom("action_plan").select("organisation_id"))
        .orderBy("name")
        .limit(STREAMS)
        .execute();
      for (const o of withoutPlan)
        await startPlan(db, { actor: { userId: unie.id, email: unie.email, ip: "127.0.0.1" }, organisationId: o.id });
    });
    cookie = await own.cookieFor("inkoper@uvw.example");
    organisations = await own.db
      .selectFrom("action_plan_version as v")
      .innerJoin("action_plan as p", "p.id", "v.plan_id")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["o.id", "o.slug", "v.lock_version as lockVersion"])
      .where("v.status", "=", "draft")
      .where("o.kind", "=", "waterschap")
      .where("o.name", "!=", "Waterschap De Dommel")
      .where("o.name", "!=", "Waterschap Limburg")
      .execute();
    expect(organisations).toHaveLength(STREAMS);
    // Only the server holds the file from here on, as in production: the restart must recover it.
    await own.closeDb();
  });
  afterAll(() => own?.cleanup());

  it("keeps every acknowledged submission after SIGKILL and a restart, and the database passes integrity_check", async () => {
    const acknowledged: { slug: string; title: string }[] = [];
    const refused: string[] = [];
    let failedInFlight = 0;
    let killing: Promise<void> | undefined;
    const server = own.server;

    // Each stream adds actions to one waterschap's draft, one after the other (each save needs
    // the lock version the previous one produced), until the server is gone.
    const stream = async (o: (typeof organisations)[number]) => {
      let lockVersion = o.lockVersion;
      for (let n = 1; ; n++) {
        const title = `Crashtest ${o.slug} nummer ${n}`;
        let response: Response;
        try {
          response = await postForm(server, `/organisatie/${o.slug}/actieplan/acties`, cookie, {
            intent: "save-action",
            lockVersion: String(lockVersion),
            title,
            status: "planned",
          });
          await response.arrayBuffer();
        } catch {
          failedInFlight++; // no answer: the server died while this one was on its way
          return;
        }
        if (response.status === 302 && response.headers.get("location")?.endsWith("melding=toegevoegd")) {
          acknowledged.push({ slug: o.slug, title });
          lockVersion++;
          if (acknowledged.length === KILL_AFTER) killing = server.kill();
        } else {
          refused.push(`${o.slug}: ${response.status}`);
          return;
        }
      }
    };
    await Promise.all(organisations.map(stream));
    await killing;

    expect(refused, "no submission refused before the crash").toEqual([]);
    expect(server.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(failedInFlight, "requests were in flight when the server died").toBeGreaterThan(0);
    expect(fs.statSync(`${own.databaseFile}-wal`).size, "the last writes were still in the WAL").toBeGreaterThan(0);

    const restarted = await own.restart();
    expect((await fetch(`${restarted.baseURL}/healthz`)).status).toBe(200);
    expect(integrityCheck(own.databaseFile)).toBe("ok");

    // Every acknowledged action is on its plan's page, served by the restarted server ...
    for (const o of organisations) {
      const page = await fetch(`${restarted.baseURL}/organisatie/${o.slug}/actieplan/acties`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      const missing = acknowledged.filter((a) => a.slug === o.slug && !html.includes(a.title));
      expect(missing, `acknowledged but missing for ${o.slug}`).toEqual([]);
    }
    // ... and in the database, once each.
    const db = createDb(own.databaseFile);
    try {
      const rows = await db.selectFrom("action_plan_action").select("title").where("title", "like", "Crashtest %").execute();
      const stored = new Set(rows.map((r) => r.title));
      expect(rows.length, "no duplicates").toBe(stored.size);
      expect(acknowledged.filter((a) => !stored.has(a.title))).toEqual([]);
      // At most one unacknowledged request per stream may have been committed just before the kill.
      expect(rows.length).toBeLessThanOrEqual(acknowledged.length + STREAMS);
    } finally {
      await db.destroy();
    }
  }, 180_000);
});
