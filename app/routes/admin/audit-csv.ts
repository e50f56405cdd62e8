import type { Route } from "./+types/audit-csv";
import { auditSearchSchema } from "~/models/admin.schema";
import { auditEventsCsv, recordAuditEvent } from "~/models/audit.server";
import { downloadHeaders } from "../ministry/export.server";
import { adminActor } from "./admin.server";

/** The audit trail as CSV, with the same filters as the page (streamed). */
export async function loader(args: Route.LoaderArgs) {
  const { db, actor } = adminActor(args);
  const filters = auditSearchSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  // Exporting the trail is itself a security event.
  await recordAuditEvent(db, { action: "export.downloaded", userId: actor.userId, userEmail: actor.email, ip: actor.ip, detail: { kind: "audit.csv", filters } });
  return new Response(auditEventsCsv(db, { filters }), { headers: downloadHeaders("text/csv; charset=utf-8", `mvoi-audittrail-${new Date().toISOString().slice(0, 10)}.csv`) });
}
