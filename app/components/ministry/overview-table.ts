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

/**
 * One cell's content as HTML: each figure's value (a link to the organisations behind it, where
 * there is one), its n, and a mark when small (fewer than three organisations).
 */
export function cellHtml(c: OverviewCell | null, href: string): string {
  if (!c) return `<span class="mvoi-novalue" data-figure="leeg">geen waarde: geen rapportages</span>`;
  const link = (text: string) => `<a href="${escapeHtml(href)}" ${CLIENT_NAVIGATION_ATTRIBUTE}="" class="nl-link">${escapeHtml(text)}</a>`;
  const figure = (name: string, at: number, linked: boolean) => {
    const text = c[at] as string;
    const n = c[at + 1] as number;
    const none = text === NO_VALUE_TEXT;
    return (
      `<span data-figure="${name}"${none ? ` class="mvoi-novalue"` : ""}>${linked && !none ? link(text) : escapeHtml(text)}</span>` +
      ` <span class="mvoi-n">n=${n}</span>` +
      (isSmallNumber(n) ? ` <strong class="mvoi-small">${SMALL_NUMBER_TEXT}</strong>` : "")
    );
  };
  return (
    `<dl><dt>Aanbestedingen</dt><dd>${figure("aanbestedingen", 0, true)}</dd>` +
    `<dt>Aandeel</dt><dd>${figure("aanbestedingen-aandeel", 2, false)}</dd>` +
    `<dt>Waarde</dt><dd>${figure("waarde", 4, true)}</dd>` +
    `<dt>Aandeel</dt><dd>${figure("waarde-aandeel", 6, false)}</dd>` +
    `<dt>Stappen 1–5</dt><dd>${figure("stappen", 8, false)}</dd>` +
    `<dt>Verder</dt><dd data-figure="opgave">${escapeHtml(c[10])}</dd></dl>`
  );
}

function buildTable(rows: OverviewRow[], filters: { jaar: number; data: DataBasis }): string {
  const basis = filters.data === "geaccepteerd" ? "alleen geaccepteerde" : "ingediende en geaccepteerde";
  const out: string[] = [
    `<table class="utrecht-table utrecht-table--html-table mvoi-overview">`,
    `<caption class="utrecht-table__caption" id="overzicht-titel">${escapeHtml(`Toepassing van de thema's per sector in ${filters.jaar} (${basis} rapportages)`)}</caption>`,
    `<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Sector</th>`,
    ...THEMES.map((t) => `<th scope="col" class="utrecht-table__header-cell">${escapeHtml(t.name)}</th>`),
    `</tr></thead><tbody class="utrecht-table__body">`,
  ];
  for (const { sector, label, cells } of rows) {
    out.push(
      `<tr class="utrecht-table__row${sector === "all" ? " mvoi-overview__total" : ""}"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(label)}</th>`,
    );
    THEMES.forEach((t, i) => {
      out.push(
        `<td class="utrecht-table__cell mvoi-overview__cell" data-testid="cel-${escapeHtml(sector)}-${escapeHtml(t.code)}">${cellHtml(cells[i] ? unpackCell(cells[i]) : null, drillHref(filters, sector, t.code))}</td>`,
      );
    });
    out.push(`</tr>`);
  }
  out.push(`</tbody></table>`);
  return out.join("");
}
