import { describe, expect, it } from "vitest";
import { overviewTableHtml, type OverviewRow } from "~/components/ministry/overview-table";
import { THEMES } from "~/models/theme";

const figure = (text: string, n: number) => ({ text, n: `n=${n}`, none: false, small: n > 0 && n < 3 });
const cell = {
  tenders: figure("4.019", 124),
  tendersShare: figure("38,4%", 120),
  value: figure("€ 3.160.886.574", 2),
  valueShare: { text: "geen waarde", n: "n=0", none: true, small: false },
  steps: figure("24 · 23 · 26 · 16 · 33", 122),
  unknown: "7 onbekend, 3 n.v.t.",
};

describe("the sector overview's table as HTML text", () => {
  it("has a cell per sector and theme, each number linking to the organisations behind it", () => {
    const rows: OverviewRow[] = [
      { sector: "gemeenten", label: "Gemeenten", cells: THEMES.map((_, i) => (i === 0 ? null : cell)) },
      { sector: "all", label: "Alle sectoren", cells: THEMES.map(() => cell) },
    ];
    const html = overviewTableHtml(rows, { jaar: 2025, data: "ingediend" });
    expect(html.match(/<td /g)).toHaveLength(2 * THEMES.length);
    expect(html).toContain(`data-testid="cel-gemeenten-${THEMES[0]!.code}"><span class="mvoi-novalue" data-figure="leeg">geen waarde: geen rapportages</span></td>`);
    expect(html).toContain(
      `<span data-figure="aanbestedingen"><a href="/ministerie/overzicht/organisaties?jaar=2025&amp;data=ingediend&amp;onderdeel=${THEMES[1]!.code}&amp;sector=gemeenten" data-client-nav="" class="nl-link">4.019</a></span> <span class="mvoi-n">n=124</span></dd>`,
    );
    // No value: the words, not a link and never 0; a small number is marked.
    expect(html).toContain(`<span data-figure="waarde-aandeel" class="mvoi-novalue">geen waarde</span> <span class="mvoi-n">n=0</span></dd>`);
    expect(html).toContain(`€ 3.160.886.574</a></span> <span class="mvoi-n">n=2</span> <strong class="mvoi-small">klein aantal</strong>`);
    // All sectors together: no sector in the link.
    expect(html).toContain(`onderdeel=${THEMES[0]!.code}" data-client-nav=""`);
    expect(html).toContain('<tr class="utrecht-table__row mvoi-overview__total">');
    expect(html).toContain("(ingediende en geaccepteerde rapportages)</caption>");
  });

  it("escapes every text it puts in", () => {
    const hostile = '<script>alert("x")</script> & \'';
    const rows: OverviewRow[] = [{ sector: "overig", label: hostile, cells: THEMES.map(() => ({ ...cell, unknown: hostile, tenders: { ...cell.tenders, text: hostile } })) }];
    const html = overviewTableHtml(rows, { jaar: 2025, data: "geaccepteerd" });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;");
  });

  it("builds the same rows' HTML once", () => {
    const rows: OverviewRow[] = [{ sector: "all", label: "Alle sectoren", cells: THEMES.map(() => cell) }];
    expect(overviewTableHtml(rows, { jaar: 2024, data: "geaccepteerd" })).toBe(overviewTableHtml(rows, { jaar: 2024, data: "geaccepteerd" }));
    expect(overviewTableHtml(rows, { jaar: 2025, data: "geaccepteerd" })).toContain(" in 2025 ");
  });
});
