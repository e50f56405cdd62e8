import type { Executor } from "~/database/connection.server";
import { prepared } from "~/database/prepared.server";
import type { DataChangeScope } from "~/database/types";

/**
 * Where the data that caches depend on stand: one counter per scope (reports, catalogue,
 * organisations, memberships), raised by triggers in the same transaction as every change, also
 * when another process writes (the triggers: db/migrations/20261128T150000_data_change_memberships.ts).
 * Equal stamps mean the cached value is still right. Null when a scope has no counter (a database
 * not yet migrated): then nothing may be cached.
 */
export async function dataStamp(db: Executor, scopes: readonly DataChangeScope[]): Promise<string | null> {
  // All counters (one row per scope, a handful): one prepared query whatever the scopes asked.
  const rows = await countersQuery.all(db, {});
  const counters = new Map(rows.map((r) => [r.scope, r.counter]));
  if (scopes.some((s) => !counters.has(s))) return null;
  return scopes.map((s) => `${s}:${counters.get(s)}`).join("|");
}

const countersQuery = prepared((db) => db.selectFrom("data_change").select(["scope", "counter"]));

// One cache per database handle (tests open several databases in one process), and within it one
// per kind of value (the key up to its first ":"), so many cheap per-organisation entries never
// push out the expensive sector overview. The least recently used entry of a kind goes first.
const caches = new WeakMap<object, Map<string, Map<string, { stamp: string; value: unknown }>>>();
const MAX_ENTRIES_PER_KIND = 200;
// Per-user values read on every request are small: room for every user active at once.
const MAX_ENTRIES: Record<string, number> = { memberships: 5000, "actable-count": 5000 };

/**
 * `compute()`, or its earlier result while the data in `scopes` have not changed since. The value
 * is shared between requests, so callers must treat it as read-only. Inside a transaction nothing
 * is cached or served from the cache: it may see its own uncommitted change, and a rollback would
 * make that change's counter value mean something else later.
 */
export async function cachedUntilChange<T>(
  db: Executor,
  scopes: readonly DataChangeScope[],
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return compute();
  const stamp = await dataStamp(db, scopes);
  return stamp === null ? compute() : kept(db, key, stamp, compute);
}

async function kept<T>(db: Executor, key: string, stamp: string, compute: () => Promise<T>): Promise<T> {
  let kinds = caches.get(db);
  if (!kinds) caches.set(db, (kinds = new Map()));
  const kind = key.split(":", 1)[0]!;
  let cache = kinds.get(kind);
  if (!cache) kinds.set(kind, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as T;
  }
  const value = await compute();
  cache.delete(key);
  if (cache.size >= (MAX_ENTRIES[kind] ?? MAX_ENTRIES_PER_KIND)) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, value });
  return value;
}
