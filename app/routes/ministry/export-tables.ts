import { data } from "react-router";
import type { Route } from "./+types/export-tables";
import { getDb } from "~/database/instance.server";
import { completenessTables, overviewTables, tablesCsv, tablesXlsx } from "~/models/overview-export.server";
import { downloadHeaders, prepareExport } from "./export.server";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** /ministerie/export/{overzicht,volledigheid}.{csv,xlsx}?jaar=…&data=…: the tables behind an overview. */
export async function loader(args: Route.LoaderArgs) {
  const match = /^(overzicht|volledigheid)\.(csv|xlsx)$/.exec(args.params.file ?? "");
  if (!match) throw data({ message: "Niet gevonden" }, { status: 404 });
  const [, table, format] = match as unknown as [string, "overzicht" | "volledigheid", "csv" | "xlsx"];
  const { year, basis, done } = await prepareExport(args, `${table}.${format}`);
  done();
  const db = getDb();
  const tables = table === "overzicht" ? await overviewTables(db, { year, basis }) : await completenessTables(db, { year });
  const name = `mvoi-${table}-${year}${table === "overzicht" ? `-${basis}` : ""}`;
  return format === "csv"
    ? new Response(tablesCsv(tables), { headers: downloadHeaders("text/csv; charset=utf-8", `${name}.csv`) })
    : new Response(new Uint8Array(await tablesXlsx(tables)), { headers: downloadHeaders(XLSX, `${name}.xlsx`) });
}
