import type { Route } from "./+types/export-values-xlsx";
import { rawValuesXlsx } from "~/models/export.server";
import { downloadHeaders, prepareExport } from "./export.server";

export async function loader(args: Route.LoaderArgs) {
  const { year, basis, reader, done } = await prepareExport(args, "waarden.xlsx");
  return new Response(rawValuesXlsx(reader, { year, basis, done }), {
    headers: downloadHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `mvoi-waarden-${year}-${basis}.xlsx`),
  });
}
