import type { Sector } from "~/database/types";
import { SECTOR_LABELS } from "~/models/organisation.labels";

// The rows, words and small-number rules of the ministry's figures, shared by pages and exports
// (no Zod, no server code: the browser's bundle may take it). The definitions: docs/figures.md.

/** "Which reports" in the ministry's figures (counted-version.server.ts). */
export type DataBasis = "geaccepteerd" | "ingediend";
export const DATA_BASES = ["geaccepteerd", "ingediend"] as const satisfies readonly DataBasis[];
/** In plain words, for pages and export title lines. */
export const DATA_BASIS_TEXT: Record<DataBasis, string> = {
  geaccepteerd: "alleen geaccepteerde rapportages",
  ingediend: "ingediende en geaccepteerde rapportages",
};

/** The row of the figures an organisation belongs to: its sector, or the umbrellas' own row. */
export type FigureGroup = Sector | "koepel";
/** A row of the ministry's tables: a sector, the umbrellas' own row, or all sectors together (umbrellas not included). */
export type FigureRow = FigureGroup | "all";
export const FIGURE_ROWS = [
  "rijksoverheid",
  "provincies",
  "gemeenten",
  "waterschappen",
  "overig",
  "koepel",
  "all",
] as const satisfies readonly FigureRow[];

/** The rows of the ministry's tables. "Alle sectoren" leaves the umbrellas out. */
export const FIGURE_ROW_LABELS: Record<FigureRow, string> = { ...SECTOR_LABELS, koepel: "Koepelorganisaties", all: "Alle sectoren" };

/** A figure resting on fewer organisations than this is marked "klein aantal" (and the letter can leave it out). */
export const MIN_ORGANISATIONS = 3;
/** Whether a figure that rests on n organisations is a small number (n = 0 is no value at all). */
export const isSmallNumber = (n: number) => n > 0 && n < MIN_ORGANISATIONS;
/** A year whose response (counted reports of the expected) is below half is marked in trends. */
export const isLowResponse = (p: { counted: number; expected: number }) => p.expected > 0 && p.counted * 2 < p.expected;

/** Shown (and read out) where no organisation gave a value: never 0. */
export const NO_VALUE_TEXT = "geen waarde";

/** Marks a figure that rests on fewer than MIN_ORGANISATIONS organisations. */
export const SMALL_NUMBER_TEXT = "klein aantal";
