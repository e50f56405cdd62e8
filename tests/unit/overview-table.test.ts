import { describe, expect, it } from "vitest";
import { overviewTableHtml, packCell, unpackCell, type OverviewCell, type OverviewRow } from "~/components/ministry/overview-table";
import { THEMES } from "~/models/theme";

const fields: OverviewCell = [
  "4.019",
  124,
  "38,4%",
  120,
  "€ 3.160.886.574",
  2,
  "geen waarde",
  0,
  "24 · 23 · 26 · 16 · 33",
  122,
  "7 onbekend, 3 n.v.t.",
];
const cell = packCell(fields);

describe("the sector overview's table as HTML text", () => {
  it("has a table per measure with a cell per sector and theme, each number linking to the organisations behind it", () => {
    const rows: OverviewRow[] = [
      { sector: "gemeenten", label: "Gemeenten", cells: THEMES.map((_, i) => (i === 0 ? null : cell)) },
      { sector: "all", label: "Alle sectoren", cells: THEMES.map(() => cell) },
    ];
    const html = overviewTableHtml(rows, { jaar: 2025, data: "ingediend" });
    expect(html.match(/<table /g)).toHaveLength(4);
    expect(html.match(/<td /g)).toHaveLength(4 * 2 * THEMES.length);
    expect(html).toContain(
      `data-testid="cel-gemeenten-${THEMES[0].code}"><span class="mvoi-novalue" data-figure="leeg">geen waarde: geen rapportages</span></td>`,
    );
    expect(html).toContain(
      `<span data-figure="aanbestedingen"><a href="/ministerie/overzicht/organisaties?jaar=2025&amp;data=ingediend&amp;onderdeel=${THEMES[1].code}&amp;sector=gemeenten" data-client-nav="" class="nl-link">4.019</a></span> <span class="mvoi-n">n=124</span></span><br>`,
    );
    // No value: the words, not a link and never 0; a small number is marked; the euro sign only in the caption.
    expect(html).toContain(
      `<span data-figure="waarde-aandeel" class="mvoi-novalue">geen waarde</span> <span class="mvoi-n">n=0</span></span></td>`,
    );
    expect(html).toContain(
      `>3.160.886.574</a></span> <span class="mvoi-n">n=2</span></span> <strong class="mvoi-small">klein aantal</strong>`,
    );
    expect(html).toContain("Contractwaarde waarin het thema is toegepast, in euro");
    // The steps: a chart hidden from screen readers, and its counts in words.
    expect(html).toContain(`<svg class="mvoi-bars" viewBox="0 0 112 52" width="112" height="52" aria-hidden="true" focusable="false">`);
    expect(html).toContain(
      `<span data-figure="stappen" class="rhc-visually-hidden">stap 1: 24, stap 2: 23, stap 3: 26, stap 4: 16, stap 5: 33</span> <span class="mvoi-n">n=122</span>`,
    );
    expect(html).toContain(`<span data-figure="opgave">7 onbekend, 3 n.v.t.</span>`);
    // All sectors together: no sector in the link.
    expect(html).toContain(`onderdeel=${THEMES[0].code}" data-client-nav=""`);
    expect(html).toContain('<tr class="utrecht-table__row mvoi-overview__total">');
    expect(html).toContain("(ingediende en geaccepteerde rapportages)</caption>");
  });

  it("escapes every text it puts in", () => {
    const hostile = '<script>alert("x")</script> & \'';
    const rows: OverviewRow[] = [
      {
        sector: "overig",
        label: hostile,
        cells: THEMES.map(() => packCell([hostile, 5, ...fields.slice(2, 10), hostile] as OverviewCell)),
      },
    ];
    const html = overviewTableHtml(rows, { jaar: 2025, data: "geaccepteerd" });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;");
  });

  it("sends a cell as one text and reads it back as it was", () => {
    expect(unpackCell(cell)).toEqual(fields);
    expect(() => packCell(["a\u001fb", ...fields.slice(1)] as OverviewCell)).toThrow();
  });

  it("builds the same rows' HTML once", () => {
    const rows: OverviewRow[] = [{ sector: "all", label: "Alle sectoren", cells: THEMES.map(() => cell) }];
    expect(overviewTableHtml(rows, { jaar: 2024, data: "geaccepteerd" })).toBe(
      overviewTableHtml(rows, { jaar: 2024, data: "geaccepteerd" }),
    );
    expect(overviewTableHtml(rows, { jaar: 2025, data: "geaccepteerd" })).toContain(", 2025 (alleen geaccepteerde rapportages)");
  });
});
