import type { Route } from "./+types/export-values-csv";
import { rawValuesCsv } from "~/models/export.server";
import { downloadHeaders, prepareExport } from "./export.server";

/** The values of the counted versions of a year (?data= basis), one row per organisation × question (streamed). */
export async function loader(args: Route.LoaderArgs) {
  const { year, basis, reader, done } = await prepareExport(args, "waarden.csv");
  return new Response(rawValuesCsv(reader, { year, basis, done }), {
    headers: downloadHeaders("text/csv; charset=utf-8", `mvoi-waarden-${year}-${basis}.csv`),
  });
}
