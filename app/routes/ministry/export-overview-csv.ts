import type { Route } from "./+types/export-overview-csv";
import { getDb } from "~/db.server";
import { shareAggregates, stepDistribution } from "~/models/aggregates.server";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { THEME_NAMES } from "~/models/theme";
import type { ThemeCode } from "~/db/types";
import { BOM, csvLine } from "~/utils/csv-write";
import { downloadHeaders, prepareExport } from "./export.server";
import { readOverviewFilters } from "./overview.server";

/** The sector × theme table of the overview, with the counts behind it. */
export async function loader(args: Route.LoaderArgs) {
  const { year, done } = await prepareExport(args, "overzicht.csv");
  done();
  const db = getDb();
  const { data: basis } = await readOverviewFilters(db, args.request);
  const [shares, steps] = await Promise.all([shareAggregates(db, { year, basis }), stepDistribution(db, { year, basis })]);
  const lines = [
    csvLine(["jaar", "gegevens", "sector", "thema", "vraag_code", "som", "aandeel_procent", "som_toegepast_gepaard", "som_totaal_gepaard", "aantal_waarde", "aantal_onbekend", "aantal_nvt"]),
    ...shares.map((s) =>
      csvLine([
        year,
        basis,
        SECTOR_LABELS[s.sector],
        THEME_NAMES[s.section as ThemeCode] ?? s.section,
        s.indicatorCode,
        s.sum,
        s.pairedTotal > 0 ? Math.round((s.pairedApplied / s.pairedTotal) * 1000) / 10 : null,
        s.pairedApplied,
        s.pairedTotal,
        s.reported,
        s.unknown,
        s.notApplicable,
      ]),
    ),
    "\r\n",
    csvLine(["jaar", "gegevens", "sector", "thema", "stap", "aantal_organisaties"]),
    ...steps.map((s) => csvLine([year, basis, SECTOR_LABELS[s.sector], THEME_NAMES[s.section as ThemeCode] ?? s.section, s.step, s.count])),
  ];
  return new Response(BOM + lines.join(""), { headers: downloadHeaders("text/csv; charset=utf-8", `mvoi-overzicht-${year}-${basis}.csv`) });
}
