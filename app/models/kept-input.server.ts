import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "~/database/connection.server";
import { addMinutes, nowIso } from "~/utils/time";

// No input lost when a session ends (issue #20): a form posted after the idle timeout is not
// saved, but what it held is kept here, bound to the browser (a random id in a short-lived signed
// cookie, only its hash stored) and to the user whose session it was. After logging in again on
// the same browser, that user gets it back once, on the same page. Never in a URL; files are not
// kept.

export const KEPT_INPUT_MINUTES = 15;
/** Larger posts are not kept (the message says so). */
export const KEPT_INPUT_MAX_BYTES = 64 * 1024;

export type KeptFields = [string, string][];

const hash = (id: string) => createHash("sha256").update(id).digest("hex");

/**
 * Keeps a post's fields for this browser, replacing what the browser had kept before. Returns the
 * id for the cookie, or null when the fields are larger than 64 KB (then nothing is kept).
 */
export async function keepInput(
  db: Executor,
  args: { userId: number; path: string; fields: KeptFields; filesLeftOut: boolean; previousId: string | null; now?: Date },
): Promise<string | null> {
  const fields = JSON.stringify(args.fields);
  if (Buffer.byteLength(fields) > KEPT_INPUT_MAX_BYTES) return null;
  const now = nowIso(args.now);
  const id = randomBytes(32).toString("base64url");
  await db.deleteFrom("kept_input").where("expires_at", "<", now).execute();
  if (args.previousId) await db.deleteFrom("kept_input").where("id_hash", "=", hash(args.previousId)).execute();
  await db
    .insertInto("kept_input")
    .values({
      id_hash: hash(id),
      user_id: args.userId,
      path: args.path,
      fields,
      files_left_out: args.filesLeftOut ? 1 : 0,
      created_at: now,
      expires_at: addMinutes(now, KEPT_INPUT_MINUTES),
    })
    .execute();
  return id;
}

/**
 * The input this browser kept for this user and page, once: it is removed when taken. Null when
 * there is none, it expired, or it belongs to another user (then it is removed too: a shared
 * computer does not show one person's input to the next) or another page (then it waits).
 */
export async function takeInput(
  db: Executor,
  args: { id: string; userId: number; path: string; now?: Date },
): Promise<{ fields: KeptFields; filesLeftOut: boolean } | null> {
  const row = await db.selectFrom("kept_input").selectAll().where("id_hash", "=", hash(args.id)).executeTakeFirst();
  if (!row) return null;
  const expired = row.expires_at < nowIso(args.now);
  if (expired || row.user_id !== args.userId) {
    await db.deleteFrom("kept_input").where("id_hash", "=", row.id_hash).execute();
    return null;
  }
  if (row.path !== args.path) return null;
  await db.deleteFrom("kept_input").where("id_hash", "=", row.id_hash).execute();
  return { fields: JSON.parse(row.fields) as KeptFields, filesLeftOut: row.files_left_out === 1 };
}

/** Removes what was kept and not taken within 15 minutes (the hourly cleanup). */
export async function deleteExpiredKeptInput(db: Executor, now = new Date()): Promise<number> {
  const result = await db.deleteFrom("kept_input").where("expires_at", "<", nowIso(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
