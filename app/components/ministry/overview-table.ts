import { CLIENT_NAVIGATION_ATTRIBUTE } from "~/components/ui/link";
import type { DataBasis, FigureRow } from "~/models/figures.labels";
import { SMALL_NUMBER_TEXT } from "~/models/figures.labels";
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

/** One figure as text: the value ("geen waarde" when none), its n, and whether it is a small number. */
export type FigureText = { text: string; n: string; none: boolean; small: boolean };
/** What one cell shows, as text (built on the server: routes/ministry/overview.server.ts). */
export type OverviewCell = { tenders: FigureText; tendersShare: FigureText; value: FigureText; valueShare: FigureText; steps: FigureText; unknown: string };
export type OverviewRow = { sector: FigureRow; label: string; cells: (OverviewCell | null)[] };

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

function buildTable(rows: OverviewRow[], filters: { jaar: number; data: DataBasis }): string {
  const link = (href: string, text: string) => `<a href="${escapeHtml(href)}" ${CLIENT_NAVIGATION_ATTRIBUTE}="" class="nl-link">${escapeHtml(text)}</a>`;
  const drill = (sector: string, theme: string) =>
    `/ministerie/overzicht/organisaties${query({ jaar: filters.jaar, data: filters.data, onderdeel: theme, sector: sector === "all" ? undefined : sector })}`;
  const basis = filters.data === "geaccepteerd" ? "alleen geaccepteerde" : "ingediende en geaccepteerde";
  const out: string[] = [
    `<table class="utrecht-table utrecht-table--html-table mvoi-overview">`,
    `<caption class="utrecht-table__caption" id="overzicht-titel">${escapeHtml(`Toepassing van de thema's per sector in ${filters.jaar} (${basis} rapportages)`)}</caption>`,
    `<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Sector</th>`,
    ...THEMES.map((t) => `<th scope="col" class="utrecht-table__header-cell">${escapeHtml(t.name)}</th>`),
    `</tr></thead><tbody class="utrecht-table__body">`,
  ];
  for (const { sector, label, cells } of rows) {
    out.push(`<tr class="utrecht-table__row${sector === "all" ? " mvoi-overview__total" : ""}"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(label)}</th>`);
    THEMES.forEach((t, i) => {
      const c = cells[i];
      const href = drill(sector, t.code);
      // A figure: its value (a link to the organisations behind it, where there is one), its n, and a mark when small.
      const figure = (name: string, f: FigureText, linked: boolean) =>
        `<span data-figure="${name}"${f.none ? ` class="mvoi-novalue"` : ""}>${linked && !f.none ? link(href, f.text) : escapeHtml(f.text)}</span>` +
        ` <span class="mvoi-n">${escapeHtml(f.n)}</span>` +
        (f.small ? ` <strong class="mvoi-small">${SMALL_NUMBER_TEXT}</strong>` : "");
      out.push(`<td class="utrecht-table__cell mvoi-overview__cell" data-testid="cel-${escapeHtml(sector)}-${escapeHtml(t.code)}">`);
      out.push(
        c
          ? `<dl><dt>Aanbestedingen</dt><dd>${figure("aanbestedingen", c.tenders, true)}</dd>` +
              `<dt>Aandeel</dt><dd>${figure("aanbestedingen-aandeel", c.tendersShare, false)}</dd>` +
              `<dt>Waarde</dt><dd>${figure("waarde", c.value, true)}</dd>` +
              `<dt>Aandeel</dt><dd>${figure("waarde-aandeel", c.valueShare, false)}</dd>` +
              `<dt>Stappen 1–5</dt><dd>${figure("stappen", c.steps, false)}</dd>` +
              `<dt>Verder</dt><dd data-figure="opgave">${escapeHtml(c.unknown)}</dd></dl>`
          : `<span class="mvoi-novalue" data-figure="leeg">geen waarde: geen rapportages</span>`,
      );
      out.push(`</td>`);
    });
    out.push(`</tr>`);
  }
  out.push(`</tbody></table>`);
  return out.join("");
}
