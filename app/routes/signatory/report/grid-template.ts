import type { Route } from "./+types/grid-template";
import { recordAuditEvent } from "~/models/audit.server";
import { buildTemplate } from "~/models/report-xlsx.server";
import { countCoveredOrganisations } from "~/models/report-grid.server";
import { notFound, requireReportContext } from "./report.server";

/** The spreadsheet template for all members and all sections of a year, with current values. */
export async function loader(args: Route.LoaderArgs) {
  const { db, user, organisation, year, actor } = await requireReportContext(args);
  if (organisation.access !== "write" || (await countCoveredOrganisations(db, { userId: user.id, signatoryId: organisation.id })) === 0)
    throw notFound();
  const body = await buildTemplate(db, { userId: user.id, signatoryId: organisation.id, year });
  // The template holds the members' current answers: an export like the ministry's.
  await recordAuditEvent(db, {
    action: "export.downloaded",
    userId: actor.userId,
    userEmail: actor.email,
    actingOrganisationId: organisation.id,
    objectType: "export",
    objectId: "raster.xlsx",
    ip: actor.ip,
    detail: { kind: "raster.xlsx", year },
  });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mvoi-rapportage-${year}-${organisation.slug}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
