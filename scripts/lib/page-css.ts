import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The CSS budget of every page (issue #22): the stylesheets it links, gzipped, at most 20 KB
 * (docs/decisions/033-only-the-css-the-portal-uses.md). Held by tests/e2e/layout/every-page.spec.ts
 * for every page, and printed by `npm run bench`.
 */
export const PAGE_CSS_BUDGET_BYTES = 20 * 1024;

/**
 * The CSS a page makes the browser download: every /assets/*.css file the HTML names, raw and
 * gzipped as a server would send it. Read from the build's client directory.
 */
export function pageCss(
  html: string,
  clientDir: string,
): { files: { file: string; bytes: number; gzipBytes: number }[]; bytes: number; gzipBytes: number } {
  const names = new Set([...html.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]!));
  const files = [...names].map((file) => {
    const text = fs.readFileSync(path.join(clientDir, file));
    return { file, bytes: text.length, gzipBytes: gzipSync(text).length };
  });
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}
