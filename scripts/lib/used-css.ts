import fs from "node:fs";
import path from "node:path";
import postcss, { type AtRule, type Container, type Root } from "postcss";
import type { Plugin } from "vite";

/**
 * Only the CSS the portal uses (issue #22, docs/decisions/033-only-the-css-the-portal-uses.md).
 *
 * The design system's two stylesheets hold every component of the Rijkshuisstijl Community
 * (351 KB) and every design token (92 KB); the portal uses a few dozen components. A Vite plugin
 * (`onlyUsedCss`, in vite.config.ts, so the build and the development server alike) cuts them
 * down as Vite reads them:
 *
 * - the components: a rule stays when one of its selectors can match an element the portal
 *   makes, that is when every class that selector needs is a class the portal's source names
 *   (`usedClassNames`: every word of app/**\/*.ts(x), and every word ending in "-" as a prefix,
 *   for names built in code such as `utrecht-form-field--${kind}`; plus `SAFELIST`);
 * - the tokens: a custom property stays when the kept CSS, app/styles/app.css or the portal's
 *   source uses it, directly or through another token (`var()` references, transitively).
 *
 * Everything else of a kept rule stays as it was, in the same order: media queries, states
 * (:hover, :focus-visible), element parts; a selector list is never split (a list with one
 * selector a browser does not know is dropped whole, and must stay so).
 */

/** The design system's stylesheets, as app/root.tsx imports them. */
export const DESIGN_SYSTEM_CSS = {
  components: "@rijkshuisstijl-community/components-css/dist/index.css",
  tokens: "@rijkshuisstijl-community/design-tokens/dist/index.css",
} as const;

/**
 * Design-system classes the portal makes in a way its source does not spell out, so that the scan
 * below cannot see them: a full name, or a pattern. A word of the source ending in "-" already
 * counts as a prefix, so `utrecht-alert--${type}` and `"utrecht-button--" + kind` need no entry;
 * a name that is put together from pieces without such a prefix does (for instance
 * `["utrecht", kind].join("-")`). The every-page test fails for a class on a page that the design
 * system styles and this set lacks (tests/e2e/layout/every-page.spec.ts).
 */
export const SAFELIST: (string | RegExp)[] = [];

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_DIR = path.join(ROOT, "app");
const APP_CSS = path.join(ROOT, "app/styles/app.css");

/** The portal's source files: what can put a class on an element or set a custom property. */
export function sourceFiles(dir = SOURCE_DIR): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export type UsedClasses = { names: Set<string>; prefixes: string[]; safelist: (string | RegExp)[] };

/**
 * Every word of the source that could be a class name, and every word ending in "-" as a prefix
 * (the part of a name before `${`, or before a `+`). Generous on purpose: a word that is no class
 * costs nothing, a class that is missed loses its styles.
 */
export function usedClassNames(texts: string[], safelist = SAFELIST): UsedClasses {
  const names = new Set<string>();
  for (const text of texts) for (const [word] of text.matchAll(/-?[A-Za-z_][\w-]*/g)) names.add(word);
  // A prefix must name a component ("utrecht-form-field--"), not a whole family ("utrecht-").
  const prefixes = [...names].filter((w) => w.endsWith("-") && /^-?[A-Za-z_][\w]*-[\w-]*[\w]-+$/.test(w)).sort();
  return { names, prefixes, safelist };
}

export function isUsedClass(name: string, used: UsedClasses): boolean {
  return (
    used.names.has(name) ||
    used.prefixes.some((p) => name.startsWith(p)) ||
    used.safelist.some((s) => (typeof s === "string" ? s === name : s.test(name)))
  );
}

/** The top-level pieces of a selector list: commas inside parentheses or brackets do not split. */
export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "\\") i++;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Pseudo-classes that match when one selector of their list matches. */
const ANY_OF = new Set(["is", "where", "matches", "-webkit-any", "-moz-any", "has"]);

/**
 * Whether a selector can match an element of the portal: every class it needs is used. Classes
 * inside :not() are never needed; of :is(), :where() and :has() one alternative must be possible;
 * the arguments of other functional pseudo-classes (:nth-child(… of …), :lang()) are not needed.
 */
export function selectorCanMatch(selector: string, isUsed: (name: string) => boolean): boolean {
  const rest = withoutStringsAndAttributes(selector);
  let outside = "";
  for (let i = 0; i < rest.length; i++) {
    const fn = /^::?([-\w]+)\(/.exec(rest.slice(i));
    if (!fn) {
      outside += rest[i];
      continue;
    }
    // The argument: up to the matching parenthesis.
    const open = i + fn[0].length;
    let depth = 1;
    let end = open;
    for (; end < rest.length && depth > 0; end++) {
      if (rest[end] === "\\") end++;
      else if (rest[end] === "(") depth++;
      else if (rest[end] === ")") depth--;
    }
    const argument = rest.slice(open, end - 1);
    if (ANY_OF.has(fn[1]!.toLowerCase()) && !splitTopLevel(argument).some((s) => selectorCanMatch(s, isUsed))) return false;
    i = end - 1;
  }
  return classesOf(outside).every(isUsed);
}

/** Quoted strings and attribute selectors hold no classes (`[pattern="\\d*"]`, `[href$=".pdf"]`). */
function withoutStringsAndAttributes(selector: string): string {
  return selector.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\[[^\]]*\]/g, "[]");
}

/** The class names of a selector (escapes undone). */
function classesOf(selector: string): string[] {
  return [...selector.matchAll(/\.((?:\\.|[\w-])+)/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}

/** Drops empty at-rules (a media query whose rules all went) after rules were taken out. */
function dropEmpty(container: Container) {
  container.each((node) => {
    if (node.type !== "atrule") return;
    if (!node.nodes) return; // a statement such as @import or @layer a, b;
    dropEmpty(node);
    if (node.nodes.every((n) => n.type === "comment")) node.remove();
  });
}

/** The rules of a stylesheet that can match: a rule stays whole when one of its selectors can. */
export function keepMatchingRules(root: Root, isUsed: (name: string) => boolean): Root {
  root.walkRules((rule) => {
    // Keyframe steps (from, 50%) are no selectors.
    if (rule.parent?.type === "atrule" && /keyframes$/i.test((rule.parent as AtRule).name)) return;
    if (!splitTopLevel(rule.selector).some((s) => selectorCanMatch(s, isUsed))) rule.remove();
  });
  dropEmpty(root);
  return root;
}

const VAR_REFERENCE = /var\(\s*(--[\w-]+)/g;

/** The custom properties that a stylesheet's values refer to with var(). */
export function referencedProperties(css: string): Set<string> {
  return new Set([...css.matchAll(VAR_REFERENCE)].map((m) => m[1]!));
}

/**
 * The token stylesheet with only the custom properties that are used: named in `roots` (var()
 * references of the kept CSS, app.css, the source), or referred to by a kept token's value.
 */
export function keepReachableTokens(root: Root, roots: Set<string>): Root {
  const refersTo = new Map<string, Set<string>>();
  root.walkDecls(/^--/, (decl) => {
    const set = refersTo.get(decl.prop) ?? new Set<string>();
    for (const [, name] of decl.value.matchAll(VAR_REFERENCE)) set.add(name!);
    refersTo.set(decl.prop, set);
  });
  const reachable = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (reachable.has(name)) continue;
    reachable.add(name);
    queue.push(...(refersTo.get(name) ?? []));
  }
  root.walkDecls(/^--/, (decl) => {
    if (!reachable.has(decl.prop)) decl.remove();
  });
  root.walkRules((rule) => {
    if (!rule.nodes.some((n) => n.type === "decl")) rule.remove();
  });
  dropEmpty(root);
  return root;
}

/** What the portal uses, read from its source now. */
export function portalUsage() {
  const files = sourceFiles();
  const texts = files.map((f) => fs.readFileSync(f, "utf8"));
  const used = usedClassNames(texts);
  const appCss = fs.existsSync(APP_CSS) ? fs.readFileSync(APP_CSS, "utf8") : "";
  // Custom properties the source names (an inline style that sets or reads one).
  const sourceProperties = new Set<string>();
  for (const text of texts) for (const [name] of text.matchAll(/--[A-Za-z_][\w-]*/g)) sourceProperties.add(name);
  return { files, used, appCss, sourceProperties };
}

/**
 * The design system's two stylesheets cut down to what the portal uses, from their full text.
 * `components` is needed for the tokens (what the kept components refer to).
 */
export function usedDesignSystemCss(full: { components: string; tokens: string }, usage = portalUsage()) {
  const isUsed = (name: string) => isUsedClass(name, usage.used);
  const components = keepMatchingRules(postcss.parse(full.components), isUsed).toString();
  const roots = new Set([...referencedProperties(components), ...referencedProperties(usage.appCss), ...usage.sourceProperties]);
  const tokens = keepReachableTokens(keepMatchingRules(postcss.parse(full.tokens), isUsed), roots).toString();
  return { components, tokens };
}

/** The full text of a design-system stylesheet, from node_modules. */
export function readDesignSystemCss(which: keyof typeof DESIGN_SYSTEM_CSS, from = ROOT): string {
  return fs.readFileSync(path.join(from, "node_modules", DESIGN_SYSTEM_CSS[which]), "utf8");
}

/**
 * Every class the design system's full stylesheets name in a selector: a class on a page that is
 * in this set and not used (`isUsedClass`) has lost rules it may need.
 */
export function designSystemClasses(from = ROOT): Set<string> {
  const classes = new Set<string>();
  for (const which of Object.keys(DESIGN_SYSTEM_CSS) as (keyof typeof DESIGN_SYSTEM_CSS)[]) {
    postcss.parse(readDesignSystemCss(which, from)).walkRules((rule) => {
      if (rule.parent?.type === "atrule" && /keyframes$/i.test((rule.parent as AtRule).name)) return;
      for (const name of classesOf(withoutStringsAndAttributes(rule.selector))) classes.add(name);
    });
  }
  return classes;
}

/**
 * The Vite plugin: when Vite reads one of the design system's stylesheets (in the build, and in
 * the development server for each request), it gets only what the portal uses. In development a
 * change to a source file under app/ (added, changed, removed) makes Vite read them again, and the
 * open page swaps in the new stylesheets (Vite's own CSS update), so a class added to a component
 * brings its rules along.
 */
export function onlyUsedCss(): Plugin {
  const which = (id: string) => {
    // `?url` is first a module that exports the address (its CSS comes with `?transform-only`).
    if (/[?&](url|raw)\b/.test(id)) return undefined;
    const file = id.split("?")[0]!.replaceAll("\\", "/");
    return (Object.keys(DESIGN_SYSTEM_CSS) as (keyof typeof DESIGN_SYSTEM_CSS)[]).find((k) => file.endsWith(`/${DESIGN_SYSTEM_CSS[k]}`));
  };
  /** The stylesheets' files as Vite resolved them. */
  const cut = new Set<string>();
  return {
    name: "mvoi-only-used-css",
    enforce: "pre",
    transform(code, id) {
      const kind = which(id);
      if (!kind) return null;
      cut.add(id.split("?")[0]!);
      const full =
        kind === "components" ? { components: code, tokens: "" } : { components: readDesignSystemCss("components"), tokens: code };
      return { code: usedDesignSystemCss(full)[kind], map: null };
    },
    configureServer(server) {
      const refresh = (changed: string) => {
        if (!/\.(tsx?|css)$/.test(changed) || !path.resolve(changed).startsWith(SOURCE_DIR + path.sep) || cut.size === 0) return;
        for (const environment of Object.values(server.environments)) {
          for (const file of cut)
            for (const mod of environment.moduleGraph.getModulesByFile(file) ?? []) environment.moduleGraph.invalidateModule(mod);
        }
        const timestamp = Date.now();
        const urls = [...cut].map((file) => {
          const relative = path.relative(server.config.root, file);
          return relative.startsWith("..") ? `/@fs${file}` : `/${relative.replaceAll(path.sep, "/")}`;
        });
        server.ws.send({ type: "update", updates: urls.map((url) => ({ type: "css-update", path: url, acceptedPath: url, timestamp })) });
      };
      server.watcher.on("add", refresh);
      server.watcher.on("change", refresh);
      server.watcher.on("unlink", refresh);
    },
  };
}
