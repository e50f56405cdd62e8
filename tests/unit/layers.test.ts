import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layers of app/ (../shared/STYLE.md, "Layers point down"), lowest first. A module may import
// from its own layer or a lower one, never from a higher one; no modules import each other in a
// circle; and app/ never imports the top-level folders (db/ holds migrations and seeds, which
// import app/, not the other way round). Type-only imports count too: a type ties modules as much
// as a value does. The import graph is read from the source text (import, export ... from, and
// import() calls), so the test needs no build.
const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

const LAYERS: { name: string; holds: string; paths: RegExp }[] = [
  { name: "base", holds: "helpers without domain knowledge, and the configuration", paths: /^app\/(utils\/|env\.server\.ts$)/ },
  { name: "database", holds: "the connection, prepared queries and the table types", paths: /^app\/database\// },
  {
    name: "rules",
    holds: "pure rules: permissions, passwords, tokens, one-time codes; mail texts and links",
    paths: /^app\/(auth|mail)\//,
  },
  { name: "models", holds: "the domain: queries and changes, each taking a database handle", paths: /^app\/models\// },
  {
    name: "flows",
    holds: "request flows: login, session, guards, MFA steps, mail delivery; the request context",
    paths: /^app\/(flows\/|context\.ts$)/,
  },
  { name: "routes", holds: "pages, their components and styles", paths: /^app\/(routes\/|components\/|styles\/|root\.tsx$|routes\.ts$)/ },
  { name: "server", holds: "the HTTP server and React Router's entry", paths: /^app\/(server\/|entry\.server\.tsx$)/ },
];

const layerOf = (file: string) => LAYERS.findIndex((l) => l.paths.test(file));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path.relative(ROOT, full)] : [];
  });
}

/** The specifiers a module imports, type-only ones included. */
export function importsOf(text: string): string[] {
  const specs = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^;'"]*?\sfrom\s*["']([^"']+)["']/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;])import\s*["']([^"']+)["']/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) specs.add(m[1]!);
  return [...specs];
}

/** The repository path a specifier points to (null for a package or a file that is no module). */
function resolve(from: string, spec: string): string | null {
  const bare = spec.replace(/\?.*$/, "");
  let target: string;
  if (bare.startsWith("~/")) target = path.join(APP, bare.slice(2));
  else if (bare.startsWith(".")) target = path.resolve(ROOT, path.dirname(from), bare);
  else return null;
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, path.join(target, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate);
  }
  return path.relative(ROOT, target);
}

function graph() {
  const files = sourceFiles(APP);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    edges.set(
      file,
      importsOf(text).flatMap((spec) => {
        const to = resolve(file, spec);
        return to ? [to] : [];
      }),
    );
  }
  return { files, edges };
}

/** The circles in a graph: its strongly connected parts of more than one module (Tarjan). */
function circles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the layers of app/", () => {
  const { files, edges } = graph();

  it("reads the imports of every kind of import statement", () => {
    const text = [
      'import { a } from "~/x";',
      'import type { B } from "./y";',
      "import {\n  c,\n  type D,\n} from '../z';",
      'export { e } from "~/e";',
      'export type * from "~/f";',
      'import "~/side-effect";',
      'const g = await import("~/lazy");',
      'import h from "react";',
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(["../z", "./y", "react", "~/e", "~/f", "~/lazy", "~/side-effect", "~/x"].sort());
  });

  it("puts every module of app/ in a layer", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it("has no import from a higher layer", () => {
    const upward = [...edges].flatMap(([from, tos]) =>
      tos.flatMap((to) => {
        const [a, b] = [layerOf(from), layerOf(to)];
        return to.startsWith("app/") && b > a ? [`${from} (${LAYERS[a]?.name}) imports ${to} (${LAYERS[b]?.name})`] : [];
      }),
    );
    expect(upward).toEqual([]);
  });

  it("never imports from outside app/ (db/ holds the migrations and seeds, which import app/)", () => {
    const outside = [...edges].flatMap(([from, tos]) => tos.filter((to) => !to.startsWith("app/")).map((to) => `${from} imports ${to}`));
    expect(outside).toEqual([]);
  });

  it("has no modules that import each other, directly or in a circle", () => {
    expect(circles(edges)).toEqual([]);
  });

  it("finds an upward import and a circle when there is one", () => {
    const made = new Map([
      ["app/models/a.server.ts", ["app/flows/b.server.ts"]],
      ["app/flows/b.server.ts", ["app/models/a.server.ts"]],
    ]);
    expect(circles(made)).toEqual([["app/flows/b.server.ts", "app/models/a.server.ts"]]);
    expect(layerOf("app/flows/b.server.ts")).toBeGreaterThan(layerOf("app/models/a.server.ts"));
  });
});
