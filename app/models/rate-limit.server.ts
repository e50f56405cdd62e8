import { createHmac } from "node:crypto";
import type { Executor } from "~/database/connection.server";
import { nowIso } from "~/utils/time";

/** What is counted: the kind of request and whose it is (an IP address, a session, an e-mail address). */
export type RateLimitKind = "post-ip" | "post-session" | "upload-session" | "reset-email" | "invitation-email";

/** One limit to check and count: at most `limit` requests of `kind` by `subject` per window of `windowSeconds`. */
export type RateLimitHit = { kind: RateLimitKind; subject: string; limit: number; windowSeconds: number };

export type RateLimitOutcome = { allowed: true } | { allowed: false; kind: RateLimitKind; retryAfterSeconds: number };

/** Thrown when a limit per e-mail address refuses (flows/rate-limit.server.ts): the route answers 429 with the message at the field. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The row a hit counts in: the kind and a keyed hash of the subject (HMAC-SHA256 under `key`, from
 * the session secret), so the table shows no IP address, session id or e-mail address, and none
 * can be found back by hashing candidates without the key. Rows live until shortly after their
 * window ends (at most an hour long).
 */
function bucketOf(hit: RateLimitHit, key: string): string {
  return `${hit.kind}:${createHmac("sha256", key).update(hit.subject).digest("base64url").slice(0, 22)}`;
}

/**
 * Counts this request in each of its limits (fixed windows, in the database so a limit holds across
 * every process serving the portal) and answers whether all still allow it. A refused request is
 * counted too, so hammering a limit keeps it closed. One statement for all limits, an insert or an
 * increment of one row each: cheap enough for every POST.
 */
export async function hitRateLimits(db: Executor, args: { hits: RateLimitHit[]; key: string; now?: Date }): Promise<RateLimitOutcome> {
  const { hits, key, now } = args;
  if (hits.length === 0) return { allowed: true };
  const at = Date.parse(nowIso(now));
  const rows = hits.map((hit) => {
    const windowMs = hit.windowSeconds * 1000;
    const start = Math.floor(at / windowMs) * windowMs;
    return { hit, bucket: bucketOf(hit, key), start, end: start + windowMs };
  });
  // One statement for all of a request's limits: one write, one commit.
  const counted = await db
    .insertInto("rate_limit")
    .values(
      rows.map((r) => ({
        bucket: r.bucket,
        window_start: new Date(r.start).toISOString(),
        window_end: new Date(r.end).toISOString(),
        hits: 1,
      })),
    )
    .onConflict((oc) => oc.columns(["bucket", "window_start"]).doUpdateSet((eb) => ({ hits: eb("rate_limit.hits", "+", 1) })))
    .returning(["bucket", "hits"])
    .execute();
  const hitsOf = new Map(counted.map((c) => [c.bucket, Number(c.hits)]));
  let refused: { kind: RateLimitKind; retryAfterSeconds: number } | null = null;
  for (const r of rows) {
    if ((hitsOf.get(r.bucket) ?? 0) <= r.hit.limit) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil((r.end - at) / 1000));
    if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { kind: r.hit.kind, retryAfterSeconds };
  }
  return refused ? { allowed: false, ...refused } : { allowed: true };
}

/** Removes the rows of windows that have ended (the server does this hourly). */
export async function deleteExpiredRateLimits(db: Executor, now?: Date): Promise<void> {
  await db.deleteFrom("rate_limit").where("window_end", "<=", nowIso(now)).execute();
}

/** "30 seconden", "2 minuten", "1 uur": how long to wait, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 seconde" : `${seconds} seconden`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minuut" : `${minutes} minuten`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? "1 uur" : `${hours} uur`;
}
