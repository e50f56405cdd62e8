import { createHash } from "node:crypto";
import type { Executor } from "~/database/connection.server";
import { nowIso } from "~/utils/time";

/** What is counted: the kind of request and whose it is (an IP address, a session, an e-mail address). */
export type RateLimitKind = "post-ip" | "post-session" | "upload-session" | "reset-email" | "invitation-email";

/** One limit to check and count: at most `limit` requests of `kind` by `subject` per window of `windowSeconds`. */
export type RateLimitHit = { kind: RateLimitKind; subject: string; limit: number; windowSeconds: number };

export type RateLimitOutcome = { allowed: true } | { allowed: false; kind: RateLimitKind; retryAfterSeconds: number };

/** Thrown by a model when its own limit (per e-mail address) refuses: the route answers 429 with the message at the field. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The row a hit counts in: the kind and a hash of the subject (no IP address, session or e-mail
 * address is stored as such; the hash only has to tell subjects apart).
 */
function bucketOf(hit: RateLimitHit): string {
  return `${hit.kind}:${createHash("sha256").update(hit.subject).digest("base64url").slice(0, 22)}`;
}

/**
 * Counts this request in each of its limits (fixed windows, in the database so a limit holds across
 * every process serving the portal) and answers whether all still allow it. A refused request is
 * counted too, so hammering a limit keeps it closed. One statement per limit, each an insert or an
 * increment of one row: cheap enough for every POST.
 */
export async function hitRateLimits(db: Executor, hits: RateLimitHit[], now?: Date): Promise<RateLimitOutcome> {
  const at = Date.parse(nowIso(now));
  let refused: { kind: RateLimitKind; retryAfterSeconds: number } | null = null;
  for (const hit of hits) {
    const windowMs = hit.windowSeconds * 1000;
    const start = Math.floor(at / windowMs) * windowMs;
    const end = start + windowMs;
    const row = await db
      .insertInto("rate_limit")
      .values({ bucket: bucketOf(hit), window_start: new Date(start).toISOString(), window_end: new Date(end).toISOString(), hits: 1 })
      .onConflict((oc) => oc.columns(["bucket", "window_start"]).doUpdateSet((eb) => ({ hits: eb("rate_limit.hits", "+", 1) })))
      .returning("hits")
      .executeTakeFirstOrThrow();
    if (Number(row.hits) > hit.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((end - at) / 1000));
      if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { kind: hit.kind, retryAfterSeconds };
    }
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
