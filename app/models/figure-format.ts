import { NO_VALUE_TEXT } from "~/models/figures.labels";

// How the ministry's pages write a figure (plain functions: pages render them on the server and
// in the browser). A figure with no value reads "geen waarde", never 0.

const integer = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const percent0 = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });

export const countText = (v: number | null) => (v === null ? NO_VALUE_TEXT : integer.format(v));
export const euroText = (v: number | null) => (v === null ? NO_VALUE_TEXT : `€ ${integer.format(v)}`);
/** A share in percent with one decimal (overview, trends) or none (the letter). */
export const percentText = (v: number | null, decimals: 0 | 1 = 1) =>
  v === null ? NO_VALUE_TEXT : `${(decimals ? percent1 : percent0).format(v)}%`;
/** The distribution of steps 1 to 5, e.g. "0 · 7 · 9 · 5 · 0". */
export const stepsText = (v: number[] | null) => (v === null ? NO_VALUE_TEXT : v.join(" · "));
/** How many organisations a figure rests on. */
export const nText = (n: number) => `n=${n}`;
