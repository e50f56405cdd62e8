import type { Actor } from "~/models/document-workflow.server";
import { createTestDb, userIdOf, type TestDb } from "./db";

/**
 * For the exhaustive transition tests of plans and reports: a base database with the demo users,
 * the Unie's officer (who acts for every waterschap) and the ministry's reviewer, and the
 * waterschappen in name order, one fresh organisation per transition tried.
 */
export async function transitionsWorld(): Promise<{ t: TestDb; officer: Actor; reviewer: Actor; waterschappen: () => Promise<number[]> }> {
  const t = await createTestDb({ seed: "base" });
  const { seedDemoUsers } = await import("../../db/seed");
  await seedDemoUsers(t.db);
  const actor = async (email: string): Promise<Actor> => ({ userId: await userIdOf(t.db, email), email, ip: "127.0.0.1" });
  const waterschappen = async () =>
    (await t.db.selectFrom("organisation").select("id").where("kind", "=", "waterschap").orderBy("name").execute()).map((o) => o.id);
  return { t, officer: await actor("inkoper@uvw.example"), reviewer: await actor("analist@ienw.example"), waterschappen };
}
