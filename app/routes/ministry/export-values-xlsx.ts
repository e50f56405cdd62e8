import type { Route } from "./+types/export-values-xlsx";
import { rawValuesXlsx } from "~/models/export.server";
import { downloadHeaders, prepareExport } from "./export.server";

export async function loader(args: Route.LoaderArgs) {
  const { year, reader, done } = await prepareExport(args, "waarden.xlsx");
  return new Response(rawValuesXlsx(reader, { year, done }), {
    headers: downloadHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `mvoi-waarden-${year}.xlsx`),
  });
}
