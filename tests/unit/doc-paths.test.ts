import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every repository path that README.md and the markdown files under docs/ name must exist, and
 * every relative markdown link in them must resolve (to a file, and to a heading when it names one).
 *
 * What counts as a repository path: a token inside backticks (inline code or a fenced block) that
 * starts with one of the repository's top-level entries followed by "/" (`app/`, `db/`, `docs/`,
 * `public/`, `scripts/`, `tests/`, `.ci/`, …) or is a top-level file (`package.json`,
 * `vitest.config.ts`, `README.md`, …). Not paths: URL routes (`/organisatie/:slug`, they start with
 * "/"), what git ignores (`data/mvoi.sqlite`, `build/server/index.js`, `tests/e2e/screenshots/`:
 * made at run time), and anything else. A glob or placeholder (`*`, `<…>`, `{…}`, `…`) is checked
 * by its directory part; a `*` in the last segment must also match at least one entry.
 * Markdown links are resolved from the file that holds them, as GitHub does.
 *
 * A former path, one that no longer exists and is named as history, is marked by striking it
 * through around its backticks: ~~`scripts/serve.ts`~~. Only that span is excepted (docs/testing.md).
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Top-level entries the docs name: checked even if one is gone from disk (a renamed folder). */
const EXPECTED_TOP_LEVEL = [
  "app",
  "db",
  "docs",
  "public",
  "scripts",
  "tests",
  ".ci",
  "package.json",
  "README.md",
  "vitest.config.ts",
  "vite.config.ts",
  "tsconfig.json",
];

/** Characters that make a token a glob or a placeholder. */
const WILDCARD = /[*<>{}…[\]]/;

type Finding = { file: string; line: number; target: string; problem: string };

/** The patterns of the top-level .gitignore, as tests on a repository-relative path. */
function gitignored(root: string): (relative: string) => boolean {
  const file = path.join(root, ".gitignore");
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const patterns = lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("!"))
    .map((l) => l.replace(/^\//, "").replace(/\/$/, ""));
  const glob = (p: string) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")}$`,
    );
  const tests = patterns.map((p) => {
    const re = glob(p);
    // Without a slash a pattern matches a name at any depth; with one, a path from the root.
    return p.includes("/")
      ? (rel: string) => rel.split("/").some((_, i, segs) => re.test(segs.slice(0, i + 1).join("/")))
      : (rel: string) => rel.split("/").some((seg) => re.test(seg));
  });
  return (relative) => relative.split("/")[0] === ".git" || tests.some((t) => t(relative.replace(/\/$/, "")));
}

/** README.md and every markdown file under docs/, repository-relative, sorted. */
function docFiles(root: string): string[] {
  const docs = path.join(root, "docs");
  const nested = fs.existsSync(docs)
    ? fs
        .readdirSync(docs, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.posix.join("docs", f.split(path.sep).join("/")))
    : [];
  return ["README.md", ...nested.sort()];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1]!.slice(0, 3) : line.trim().startsWith(fence) ? null : fence;
    if (fence !== null || f) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/**
 * Checks one markdown text (`file` is its repository-relative name, for links and messages).
 * Returns what it checked and what is wrong.
 */
function checkMarkdown(root: string, file: string, markdown: string): { checked: string[]; findings: Finding[] } {
  const ignored = gitignored(root);
  const topLevel = new Set([...EXPECTED_TOP_LEVEL, ...fs.readdirSync(root).filter((name) => !ignored(name))]);
  const checked: string[] = [];
  const findings: Finding[] = [];
  const exists = (rel: string) => fs.existsSync(path.join(root, rel));
  const isDir = (rel: string) => exists(rel) && fs.statSync(path.join(root, rel)).isDirectory();

  const isRepositoryPath = (token: string) => {
    const first = token.split("/")[0]!;
    if (!topLevel.has(first)) return false;
    if (!token.includes("/") && !/\.[a-z]+$/i.test(token)) return false; // a bare word such as `app` or `tests`
    return !ignored(token);
  };

  const checkPath = (token: string, line: number) => {
    checked.push(token);
    const problem = (text: string) => findings.push({ file, line, target: token, problem: text });
    const segments = token.split("/");
    const wild = segments.findIndex((s) => WILDCARD.test(s));
    if (wild === -1) {
      if (!exists(token)) problem("does not exist");
      else if (token.endsWith("/") && !isDir(token)) problem("is not a folder");
      return;
    }
    const dir = segments.slice(0, wild).join("/");
    if (!isDir(dir)) return problem(`its folder ${dir}/ does not exist`);
    const last = segments[wild]!;
    if (wild === segments.length - 1 && /^[^<>{}…[\]]*\*[^<>{}…[\]]*$/.test(last) && last !== "**") {
      const re = new RegExp(`^${last.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
      if (!fs.readdirSync(path.join(root, dir)).some((name) => re.test(name))) problem("matches nothing");
    }
  };

  const checkCode = (code: string, line: number) => {
    for (const raw of code.split(/[\s,;()"'=]+/)) {
      const token = raw
        .replace(/^[([]+/, "")
        .replace(/[.:)\]!?]+$/, "")
        .replace(/#.*$/, "");
      if (token && isRepositoryPath(token)) checkPath(token, line);
    }
  };

  const checkLink = (target: string, line: number) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return; // https:, mailto:
    const [filePart = "", anchor] = target.split("#", 2) as [string, string | undefined];
    const resolved =
      filePart === ""
        ? file
        : filePart.startsWith("/")
          ? filePart.slice(1)
          : path.posix.normalize(path.posix.join(path.posix.dirname(file), filePart));
    checked.push(target);
    const problem = (text: string) => findings.push({ file, line, target, problem: text });
    if (resolved.startsWith("../")) return problem("points outside the repository");
    if (filePart !== "" && !exists(resolved)) return problem("does not exist");
    if (anchor !== undefined && resolved.endsWith(".md")) {
      const text = resolved === file ? markdown : fs.readFileSync(path.join(root, resolved), "utf8");
      if (!headingAnchors(text).has(decodeURIComponent(anchor))) problem(`has no heading #${anchor}`);
    }
  };

  let fence: string | null = null;
  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    const f = /^\s*(`{3,}|~{3,})/.exec(text);
    if (f) {
      fence = fence === null ? f[1]!.slice(0, 3) : text.trim().startsWith(fence) ? null : fence;
      return;
    }
    if (fence !== null) return checkCode(text, line);
    // Inline code first (struck-through spans are former paths), then links in what is left.
    const rest = text.replace(
      /(~~)?(`+)(.+?)\2(~~)?/g,
      (_all, before: string | undefined, _ticks, code: string, after: string | undefined) => {
        if (!(before && after)) checkCode(code, line);
        return " ";
      },
    );
    for (const m of rest.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) checkLink(m[1]!, line);
  });
  return { checked, findings };
}

const report = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line} ${f.target} ${f.problem}`);

describe("paths named in README.md and docs/", () => {
  it("each exists, and each link between them resolves", () => {
    const files = docFiles(ROOT);
    expect(files.length, "README.md and the docs").toBeGreaterThan(5);
    const results = files.map((file) => checkMarkdown(ROOT, file, fs.readFileSync(path.join(ROOT, file), "utf8")));
    // Guards the scan itself: a broken pattern would find nothing and pass.
    expect(results.flatMap((r) => r.checked).length).toBeGreaterThan(150);
    expect(report(results.flatMap((r) => r.findings)), "paths and links in the docs that do not exist").toEqual([]);
  });

  it("the README links to every file in docs/", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const linked = new Set([...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]));
    const topDocs = docFiles(ROOT).filter((f) => /^docs\/[^/]+\.md$/.test(f) || f === "docs/decisions/README.md");
    expect(topDocs.filter((f) => !linked.has(f))).toEqual([]);
  });

  it("reports a path or link that does not exist, and nothing else", () => {
    const sample = [
      "# Sample",
      "The model `app/models/report.server.ts` and `app/no-such-file.ts`; the folder `tests/e2e/`.",
      "Former: ~~`scripts/no-longer-here.ts`~~. A route `/organisatie/:slug` and a command `npm test`.",
      "Globs: `tests/unit/*.test.ts`, `tests/unit/*.nothing`, `app/no-folder/*.ts`, `tests/e2e/**/*.spec.ts`.",
      "Ignored by git: `data/mvoi.sqlite`, `build/server/index.js`, `tests/e2e/screenshots/`.",
      "Links: [ok](README.md), [anchor](#sample), [bad anchor](#nothing), [gone](docs/gone.md), [web](https://example.org).",
      "```",
      "tests/unit/missing.test.ts   in a fenced block",
      "```",
    ].join("\n");
    const { findings } = checkMarkdown(ROOT, "sample.md", sample);
    expect(report(findings)).toEqual([
      "sample.md:2 app/no-such-file.ts does not exist",
      "sample.md:4 tests/unit/*.nothing matches nothing",
      "sample.md:4 app/no-folder/*.ts its folder app/no-folder/ does not exist",
      "sample.md:6 #nothing has no heading #nothing",
      "sample.md:6 docs/gone.md does not exist",
      "sample.md:8 tests/unit/missing.test.ts does not exist",
    ]);
  });
});
