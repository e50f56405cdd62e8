import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { Database } from "~/database/types";

/** Stands in for a run-time value while the query is built: it becomes a parameter. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * A Kysely query that is built and compiled to SQL once, then run with new values.
 *
 * Kysely builds its operation tree and compiles it to SQL on every call: 30 to 90 µs for each of
 * the queries that every logged-in page runs (the session, the organisation and the user's access
 * to it, the report being filled in), together about a tenth of such a page's CPU time. A prepared
 * query pays that once; every later run only swaps the values in the parameter list.
 *
 * `build` gets stand-ins for the values. Use each only as a single value in the query (it becomes
 * a parameter), never to shape it: the SQL is fixed by the first call. Checked as far as it can be:
 * the first call throws when a stand-in is read but not found among the parameters (used in a
 * condition or a string), or when the values are enumerated (a spread, Object.entries); every run
 * throws on a value that Kysely would have turned into SQL rather than one parameter (a list,
 * null, undefined, a boolean). Queries whose shape depends on the values stay plain Kysely.
 */
export function prepared<Values extends Record<string, unknown>, Row>(build: (db: Kysely<Database>, values: Values) => Compilable<Row>) {
  let compiled: { query: CompiledQuery<Row>; slots: (string | null)[] } | undefined;

  function compile(db: Executor) {
    const handedOut: Slot[] = [];
    const refuse = () => {
      throw new Error("prepared query: the values may only be used one by one, as values in the query");
    };
    const standIns = new Proxy({} as Values, {
      get(_, name) {
        const slot = new Slot(String(name));
        handedOut.push(slot);
        return slot;
      },
      has: refuse,
      ownKeys: refuse,
      getOwnPropertyDescriptor: refuse,
    });
    const query = build(db, standIns).compile();
    const slots = query.parameters.map((p) => (p instanceof Slot ? p.name : null));
    const missing = handedOut.filter((slot) => !query.parameters.includes(slot)).map((slot) => slot.name);
    if (missing.length) throw new Error(`prepared query: ${[...new Set(missing)].join(", ")} must be used as values in the query`);
    return { query, slots };
  }

  /** All rows. */
  async function all(db: Executor, values: Values): Promise<Row[]> {
    compiled ??= compile(db);
    const { query, slots } = compiled;
    const parameters = query.parameters.map((p, i) => {
      if (slots[i] === null) return p;
      const value = values[slots[i]!];
      if (value === null || value === undefined || typeof value === "boolean" || Array.isArray(value)) {
        throw new Error(`prepared query: ${slots[i]} must be a string or a number, not ${Array.isArray(value) ? "a list" : String(value)}`);
      }
      return value;
    });
    const result = await db.executeQuery<Row>({ ...query, parameters, queryId: createQueryId() });
    return result.rows;
  }

  /** The first row, or undefined. */
  async function first(db: Executor, values: Values): Promise<Row | undefined> {
    return (await all(db, values))[0];
  }

  return { all, first };
}
