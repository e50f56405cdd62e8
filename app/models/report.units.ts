import type { IndicatorUnit } from "~/database/types";
import { UNIT_SUFFIX, type IndicatorDef } from "~/models/report.rules";

// Units in words for the pages and files that describe questions (the catalogue, the exports, the
// grid's headers). Apart from report.rules.ts, whose code every report form loads: these words are
// needed only where a question is described, so the report form does not carry them.

/** Every unit in words, for the pages that describe a question (the catalogue). */
export const UNIT_WORDS: Record<IndicatorUnit, string> = {
  eur: "bedrag in euro",
  count: "aantal",
  tonnes_co2: "ton CO₂-equivalent",
  tonnes: "ton",
  fte: "fte (voltijdbanen)",
  people: "aantal personen",
  step: "stap 1 tot en met 5",
  choice: "keuze uit een lijst",
  yes_no: "ja of nee",
  text: "tekst",
};

/**
 * A question with its unit once, for a column header (the grid, its Excel template): "Totaal
 * inkoopvolume (euro)", but "Waarvan werken (aantal)" and "Aantal aanbestedingen" as they are,
 * since they name their unit already.
 */
export function headerWithUnit(indicator: Pick<IndicatorDef, "label" | "unit">): string {
  const unit = UNIT_SUFFIX[indicator.unit];
  return unit && !indicator.label.toLowerCase().includes(unit.toLowerCase()) ? `${indicator.label} (${unit})` : indicator.label;
}
