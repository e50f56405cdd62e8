import type { Route } from "./+types/grid-template";
import { buildTemplate } from "~/models/report-xlsx.server";
import { countCoveredOrganisations } from "~/models/report-grid.server";
import { notFound, requireReportContext } from "./report.server";

/** The spreadsheet template for all members and all sections of a year, with current values. */
export async function loader(args: Route.LoaderArgs) {
  const { db, user, organisation, year } = await requireReportContext(args);
  if (organisation.access !== "write" || (await countCoveredOrganisations(db, { userId: user.id, signatoryId: organisation.id })) === 0) throw notFound();
  const body = await buildTemplate(db, { userId: user.id, signatoryId: organisation.id, year });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mvoi-rapportage-${year}-${organisation.slug}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
