import type { Route } from "./+types/audit-csv";
import { auditDateErrors, auditIdErrors, auditSearchSchema } from "~/models/admin.schema";
import { resolveAuditFilters } from "~/models/audit-objects.server";
import { auditEventsCsv, recordAuditEvent } from "~/models/audit.server";
import { downloadHeaders } from "../ministry/export.server";
import { adminActor } from "./admin.server";

const refused = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** The audit trail as CSV, with the same filters as the page (streamed). */
export async function loader(args: Route.LoaderArgs) {
  const { db, actor } = adminActor(args);
  const params = new URL(args.request.url).searchParams;
  const asked = auditSearchSchema.parse(Object.fromEntries(params));
  // A download must hold what was asked for: a date, report or question that could not be used is refused, not ignored.
  const dateErrors = auditDateErrors(params, asked);
  if (dateErrors.van || dateErrors.tot) {
    return refused("Een van de datums bestaat niet. Kies op de pagina Audittrail een datum in de kalender en download opnieuw.");
  }
  const idErrors = auditIdErrors(params);
  const { filters, errors } = await resolveAuditFilters(db, asked);
  if (idErrors.rapportage || errors.rapportage || idErrors.vraag || errors.vraag) {
    return refused(
      "De gekozen rapportage of vraag bestaat niet, of de rapportage is van een andere organisatie. Kies op de pagina Audittrail opnieuw en download dan.",
    );
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
