import type { Route } from "./+types/export-values-csv";
import { rawValuesCsv } from "~/models/export.server";
import { downloadHeaders, prepareExport } from "./export.server";

/** All submitted and accepted values of a year, one row per organisation × question (streamed). */
export async function loader(args: Route.LoaderArgs) {
  const { year, reader, done } = await prepareExport(args, "waarden.csv");
  return new Response(rawValuesCsv(reader, { year, done }), { headers: downloadHeaders("text/csv; charset=utf-8", `mvoi-waarden-${year}.csv`) });
}
