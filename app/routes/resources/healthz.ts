import { sql } from "kysely";
import { getDb } from "~/database/instance.server";

/** Health check for load balancers and monitoring: 200 when the database answers, 503 when not. */
export async function loader() {
  try {
    const started = performance.now();
    await sql`select 1`.execute(getDb());
    return Response.json(
      { status: "ok", database: "ok", ms: Math.round((performance.now() - started) * 100) / 100 },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
