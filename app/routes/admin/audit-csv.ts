import type { Route } from "./+types/audit-csv";
import { auditDateErrors, auditSearchSchema } from "~/models/admin.schema";
import { auditEventsCsv, recordAuditEvent } from "~/models/audit.server";
import { downloadHeaders } from "../ministry/export.server";
import { adminActor } from "./admin.server";

/** The audit trail as CSV, with the same filters as the page (streamed). */
export async function loader(args: Route.LoaderArgs) {
  const { db, actor } = adminActor(args);
  const params = new URL(args.request.url).searchParams;
  const filters = auditSearchSchema.parse(Object.fromEntries(params));
  // A download must hold what was asked for: a date that could not be used is refused, not ignored.
  const dateErrors = auditDateErrors(params, filters);
  if (dateErrors.van || dateErrors.tot) {
    return new Response("Een van de datums bestaat niet. Kies op de pagina Audittrail een datum in de kalender en download opnieuw.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  // Exporting the trail is itself a security event.
  await recordAuditEvent(db, {
    action: "export.downloaded",
    userId: actor.userId,
    userEmail: actor.email,
    ip: actor.ip,
    detail: { kind: "audit.csv", filters },
  });
  return new Response(auditEventsCsv(db, { filters }), {
    headers: downloadHeaders("text/csv; charset=utf-8", `mvoi-audittrail-${new Date().toISOString().slice(0, 10)}.csv`),
  });
}
