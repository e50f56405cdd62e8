import { z } from "zod";
import type { Executor } from "~/db.server";
import { sectorSchema } from "~/models/organisation.schema";
import { listReportingYears } from "~/models/reporting-year.server";

/** The overview filters, read from the URL; anything unknown falls back to a default. */
export async function readOverviewFilters(db: Executor, request: Request) {
  const years = await listReportingYears(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = z
    .object({
      jaar: z.coerce.number().int().refine((y) => years.some((r) => r.year === y)).catch(years[0]?.year ?? new Date().getFullYear()),
      data: z.enum(["geaccepteerd", "ingediend"]).catch("geaccepteerd"),
      sector: sectorSchema.optional().catch(undefined),
    })
    .parse(params);
  return { ...filters, years: years.map((y) => y.year) };
}
