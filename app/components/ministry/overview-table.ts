import { CLIENT_NAVIGATION_ATTRIBUTE } from "~/components/ui/link";
import type { DataBasis, FigureRow } from "~/models/figures.labels";
import { isSmallNumber, NO_VALUE_TEXT, SMALL_NUMBER_TEXT } from "~/models/figures.labels";
import { THEMES } from "~/models/theme";
import { query } from "~/utils/url";

/**
 * The ministry's sector x theme table (the sector overview), built as an HTML string rather than
 * with React elements.
 *
 * Its 36 cells are some 470 elements, and rendering them with React was the larger part of the
 * page's server time on every request, although they change only when the figures do. As a
 * string, the server builds it once per version of the figures (the grid is kept until the data
 * change) and the page inserts it as it is. In the browser the page builds the same string from
 * the same rows: on the first load React keeps the server's table (it never patches inner HTML
 * while hydrating), and after a client-side navigation it inserts the string it built. Every interpolated
 * text goes through `escapeHtml`. Its links navigate through the document-wide click handler
 * (components/ui/link.tsx), like every other internal link.
 */

/**
 * What one cell shows, as text (built on the server: routes/ministry/overview.server.ts), flat so
 * that it is cheap to send to the browser: per figure (tenders, their share, value, its share,
 * steps) its text ("geen waarde" when none) and its n, then the unknown and n.v.t. counts.
 */
export type OverviewCell = [string, number, string, number, string, number, string, number, string, number, string];

/**
 * A cell as it travels to the browser: its fields as one text, separated by a control character.
 * React Router's data stream then encodes one value per cell instead of eleven, which was about a
 * tenth of the page's server time per request (measured with npm run bench:ab). The texts are
 * built by the server from numbers and fixed words, never from what someone typed.
 */
export type PackedCell = string;
const SEPARATOR = "\u001f";

export function packCell(cell: OverviewCell): PackedCell {
  if (cell.some((field) => String(field).includes(SEPARATOR))) throw new Error("an overview cell's text holds its field separator");
  return cell.join(SEPARATOR);
}

export function unpackCell(packed: PackedCell): OverviewCell {
  const f = packed.split(SEPARATOR);
  return [f[0]!, Number(f[1]), f[2]!, Number(f[3]), f[4]!, Number(f[5]), f[6]!, Number(f[7]), f[8]!, Number(f[9]), f[10]!];
}

export type OverviewRow = { sector: FigureRow; label: string; cells: (PackedCell | null)[] };

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeHtml = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

// Rows that came from the server keep their identity for as long as the grid: their HTML once.
const htmlOfRows = new WeakMap<OverviewRow[], Map<string, string>>();

/** The table as HTML for the given rows, year and basis. */
export function overviewTableHtml(rows: OverviewRow[], filters: { jaar: number; data: DataBasis }): string {
  let byFilters = htmlOfRows.get(rows);
  if (!byFilters) htmlOfRows.set(rows, (byFilters = new Map()));
  const key = `${filters.jaar}:${filters.data}`;
  let html = byFilters.get(key);
  if (html === undefined) byFilters.set(key, (html = buildTable(rows, filters)));
  return html;
}

/** Where a cell's numbers lead: the organisations behind them. */
export const drillHref = (filters: { jaar: number; data: DataBasis }, sector: FigureRow, theme: string) =>
  `/ministerie/overzicht/organisaties${query({ jaar: filters.jaar, data: filters.data, onderdeel: theme, sector: sector === "all" ? undefined : sector })}`;

/** The four measures of the overview, each a table of its own (one measure per table). */
export const OVERVIEW_MEASURES = [
  { id: "aanbestedingen", title: "Aanbestedingen waarin het thema is toegepast: aantal en aandeel in alle aanbestedingen" },
  { id: "waarde", title: "Contractwaarde waarin het thema is toegepast, in euro, en aandeel in de totale contractwaarde" },
  { id: "stappen", title: "Bereikte stap: aantal organisaties per stap, van 1 tot en met 5" },
  { id: "opgave", title: "Aantal organisaties dat het aantal aanbestedingen onbekend of niet van toepassing noemde" },
] as const;
export type OverviewMeasure = (typeof OVERVIEW_MEASURES)[number]["id"];

/** A small bar chart of the five steps (decorative: the counts follow it as text). */
function stepBars(counts: number[]): string {
  const max = Math.max(1, ...counts);
  const bars = counts
    .map((n, i) => {
      // Bars up to 26 high on a base line at 38; the count above its bar, the step under it.
      const h = Math.round((n / max) * 26);
      const x = i * 22 + 2;
      return (
        `<rect x="${x}" y="${38 - h}" width="16" height="${h}" class="mvoi-bars__bar"></rect>` +
        `<text x="${x + 8}" y="${36 - h}" class="mvoi-bars__count">${n}</text>` +
        `<text x="${x + 8}" y="50" class="mvoi-bars__step">${i + 1}</text>`
      );
    })
    .join("");
  return `<svg class="mvoi-bars" viewBox="0 0 112 52" width="112" height="52" aria-hidden="true" focusable="false">${bars}</svg>`;
}

/**
 * One cell of one measure's table as HTML: the figure (a link to the organisations behind it,
 * where there is one), its n, and a mark when small (fewer than three organisations).
 */
export function cellHtml(c: OverviewCell | null, href: string, measure: OverviewMeasure): string {
  if (!c) return `<span class="mvoi-novalue" data-figure="leeg">geen waarde: geen rapportages</span>`;
  const link = (text: string) => `<a href="${escapeHtml(href)}" ${CLIENT_NAVIGATION_ATTRIBUTE}="" class="nl-link">${escapeHtml(text)}</a>`;
  const figure = (name: string, at: number, linked: boolean, shown = (t: string) => t, prefix = "") => {
    const text = c[at] as string;
    const n = c[at + 1] as number;
    const none = text === NO_VALUE_TEXT;
    // The figure and its n stay on one line; the small-number mark may go to the next.
    return (
      `<span class="mvoi-overview__line">${prefix}<span data-figure="${name}"${none ? ` class="mvoi-novalue"` : ""}>${linked && !none ? link(shown(text)) : escapeHtml(shown(text))}</span>` +
      ` <span class="mvoi-n">n=${n}</span></span>` +
      (isSmallNumber(n) ? ` <strong class="mvoi-small">${SMALL_NUMBER_TEXT}</strong>` : "")
    );
  };
  const share = (name: string, at: number) => `<br>${figure(name, at, false, undefined, `<span class="mvoi-n">aandeel</span> `)}`;
  switch (measure) {
    case "aanbestedingen":
      return figure("aanbestedingen", 0, true) + share("aanbestedingen-aandeel", 2);
    case "waarde":
      // The unit is in the table's caption: the amount without its euro sign.
      return figure("waarde", 4, true, (t) => t.replace(/^€\s*/, "")) + share("waarde-aandeel", 6);
    case "stappen": {
      const text = c[8];
      if (text === NO_VALUE_TEXT) return figure("stappen", 8, false);
      const counts = text.split(" · ").map(Number);
      // The counts as words for screen readers (the chart shows them on its bars), then the n.
      const words = counts.map((n, i) => `stap ${i + 1}: ${n}`).join(", ");
      const n = c[9];
      return (
        stepBars(counts) +
        `<span data-figure="stappen" class="rhc-visually-hidden">${escapeHtml(words)}</span>` +
        ` <span class="mvoi-n">n=${n}</span>` +
        (isSmallNumber(n) ? ` <strong class="mvoi-small">${SMALL_NUMBER_TEXT}</strong>` : "")
      );
    }
    case "opgave":
      return `<span data-figure="opgave">${escapeHtml(c[10])}</span>`;
  }
}

function buildTable(rows: OverviewRow[], filters: { jaar: number; data: DataBasis }): string {
  const basis = filters.data === "geaccepteerd" ? "alleen geaccepteerde" : "ingediende en geaccepteerde";
  const out: string[] = [];
  for (const measure of OVERVIEW_MEASURES) {
    const titleId = `overzicht-${measure.id}-titel`;
    out.push(
      `<div class="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby="${titleId}" tabindex="0" id="overzicht-${measure.id}">`,
      `<table class="utrecht-table utrecht-table--html-table mvoi-overview">`,
      `<caption class="utrecht-table__caption mvoi-overview__caption" id="${titleId}">${escapeHtml(`${measure.title}, ${filters.jaar} (${basis} rapportages)`)}</caption>`,
      `<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Sector</th>`,
      ...THEMES.map(
        (t) => `<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">${escapeHtml(t.name)}</th>`,
      ),
      `</tr></thead><tbody class="utrecht-table__body">`,
    );
    for (const { sector, label, cells } of rows) {
      out.push(
        `<tr class="utrecht-table__row${sector === "all" ? " mvoi-overview__total" : ""}"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(label)}</th>`,
      );
      THEMES.forEach((t, i) => {
        out.push(
          `<td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data mvoi-overview__cell" data-testid="cel-${escapeHtml(sector)}-${escapeHtml(t.code)}">${cellHtml(cells[i] ? unpackCell(cells[i]) : null, drillHref(filters, sector, t.code), measure.id)}</td>`,
        );
      });
      out.push(`</tr>`);
    }
    out.push(`</tbody></table></div>`);
  }
  return out.join("");
}
