import postcss from "postcss";
import { describe, expect, it } from "vitest";
import {
  isUsedClass,
  keepMatchingRules,
  keepReachableTokens,
  portalUsage,
  readDesignSystemCss,
  referencedProperties,
  selectorCanMatch,
  usedClassNames,
  usedDesignSystemCss,
} from "../../scripts/lib/used-css";

/** How the build keeps only the design system's CSS the portal uses (scripts/lib/used-css.ts). */

const used = (...names: string[]) => {
  const set = new Set(names);
  return (name: string) => set.has(name);
};

describe("which classes the source uses", () => {
  it("takes every word, and a word ending in a dash as a prefix for names built in code", () => {
    const u = usedClassNames([
      'className={`utrecht-form-field utrecht-form-field--${kind}${invalid ? " utrecht-form-field--invalid" : ""}`}',
      'const c = "nl-heading--level-" + level;',
      "// the utrecht- family as a word",
    ]);
    expect(u.prefixes).toEqual(["nl-heading--level-", "utrecht-form-field--"]);
    expect(isUsedClass("utrecht-form-field", u)).toBe(true);
    expect(isUsedClass("utrecht-form-field--checkbox", u)).toBe(true);
    expect(isUsedClass("nl-heading--level-3", u)).toBe(true);
    // "utrecht-" names a whole family, not a component: no prefix.
    expect(isUsedClass("utrecht-button", u)).toBe(false);
    expect(isUsedClass("utrecht-form-fieldset", u)).toBe(false);
  });

  it("adds the safelist, by name or pattern", () => {
    const u = usedClassNames([""], ["utrecht-badge", /^rhc-card--/]);
    expect(isUsedClass("utrecht-badge", u)).toBe(true);
    expect(isUsedClass("rhc-card--wide", u)).toBe(true);
    expect(isUsedClass("rhc-card", u)).toBe(false);
  });
});

describe("whether a selector can match", () => {
  it("needs every class outside functional pseudo-classes", () => {
    expect(selectorCanMatch(".a .b>.c:hover::before", used("a", "b", "c"))).toBe(true);
    expect(selectorCanMatch(".a .b>.c:hover", used("a", "c"))).toBe(false);
    expect(selectorCanMatch(".a.b", used("a"))).toBe(false);
  });

  it("never needs a class inside :not()", () => {
    expect(selectorCanMatch(".a:not(.x,[aria-disabled=true],:disabled)", used("a"))).toBe(true);
  });

  it("needs one alternative of :is(), :where() and :has()", () => {
    expect(selectorCanMatch(".a:is(.x,.b)", used("a", "b"))).toBe(true);
    expect(selectorCanMatch(".a:where(.x,.y)", used("a"))).toBe(false);
    expect(selectorCanMatch(".a:has(+.x)", used("a"))).toBe(false);
    expect(selectorCanMatch(".a:has(+.b)", used("a", "b"))).toBe(true);
    expect(selectorCanMatch(".a:is(:last-child,:only-child)", used("a"))).toBe(true);
    expect(selectorCanMatch(":is(.a :is(.b, .c)) .d", used("a", "c", "d"))).toBe(true);
  });

  it("sees no class in an attribute selector or string, and undoes escapes", () => {
    expect(selectorCanMatch('.a[href$=".pdf"]', used("a"))).toBe(true);
    expect(selectorCanMatch('.a[pattern="\\\\d*"]', used("a"))).toBe(true);
    expect(selectorCanMatch(".md\\:wide", used("md:wide"))).toBe(true);
  });
});

describe("keeping the rules", () => {
  it("keeps a rule whole when one selector can match, media queries and keyframes, drops empty ones", () => {
    const css =
      ".a,.x{color:red}.x{color:blue}@media (width<=40em){.x{color:green}.a:focus-visible{outline:2px solid}}@media print{.x{display:none}}@keyframes spin{0%{rotate:0}to{rotate:1turn}}";
    expect(keepMatchingRules(postcss.parse(css), used("a")).toString()).toBe(
      ".a,.x{color:red}@media (width<=40em){.a:focus-visible{outline:2px solid}}@keyframes spin{0%{rotate:0}to{rotate:1turn}}",
    );
  });

  it("keeps the tokens the kept CSS needs, through other tokens", () => {
    const tokens = ".t{--a: var(--b);--b: var(--c, 1px);--c: 2px;--d: var(--e);--e: 3px}";
    const kept = keepReachableTokens(postcss.parse(tokens), referencedProperties(".x{margin:var(--a)}")).toString();
    expect(kept).toBe(".t{--a: var(--b);--b: var(--c, 1px);--c: 2px}");
  });
});

describe("the portal's own stylesheets", () => {
  const full = { components: readDesignSystemCss("components"), tokens: readDesignSystemCss("tokens") };
  const usage = portalUsage();
  const kept = usedDesignSystemCss(full, usage);

  it("keeps the wrappers' components and leaves out the rest", () => {
    expect(kept.components).toContain(".utrecht-button--primary-action");
    expect(kept.components).toContain(".utrecht-form-field--radio");
    expect(kept.components).toContain(".nl-heading--level-6");
    expect(kept.components).not.toContain(".utrecht-accordion");
    expect(kept.components).not.toContain(".utrecht-button--busy");
    expect(kept.components.length).toBeLessThan(full.components.length / 2);
  });

  it("keeps every token that the kept CSS or app.css refers to", () => {
    const defined = (css: string) => new Set([...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]!));
    const all = defined(full.tokens);
    const left = defined(kept.tokens);
    const needed = [...referencedProperties(kept.components + kept.tokens + usage.appCss)].filter((name) => all.has(name));
    expect(needed.length).toBeGreaterThan(100);
    expect(needed.filter((name) => !left.has(name))).toEqual([]);
    expect(left.size).toBeLessThan(all.size);
  });
});
