import { z } from "~/utils/zod";
import type { Executor } from "~/db.server";
import { sectorSchema } from "~/models/organisation.schema";
import { listReportingYears } from "~/models/reporting-year.server";

// Built once, not per request (building a Zod schema costs more than parsing with it).
const filtersSchema = z.object({
  jaar: z.coerce.number().int().optional().catch(undefined),
  data: z.enum(["geaccepteerd", "ingediend"]).catch("geaccepteerd"),
  sector: sectorSchema.optional().catch(undefined),
});

/** The overview filters, read from the URL; anything unknown falls back to a default. */
export async function readOverviewFilters(db: Executor, request: Request) {
  const years = await listReportingYears(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { jaar, ...filters } = filtersSchema.parse(params);
  // A year that is not a reporting year falls back to the newest one.
  const year = jaar !== undefined && years.some((r) => r.year === jaar) ? jaar : (years[0]?.year ?? new Date().getFullYear());
  return { jaar: year, ...filters, years: years.map((y) => y.year) };
}
