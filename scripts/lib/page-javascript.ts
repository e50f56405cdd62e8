import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The performance budget of the report form (issue #8): the JavaScript it downloads, gzipped. */
// 120 KB until #21 (docs/decisions/031-history-that-stays-true.md), 121 KB until #25
// (docs/decisions/037-admission-control-and-rate-limits.md).
export const REPORT_FORM_JS_BUDGET_BYTES = 122 * 1024;

/**
 * The JavaScript a page makes the browser download: every /assets/*.js file the HTML names (module
 * scripts, preloads, and imports in its inline module script, such as the route manifest), each
 * gzipped as a server would send it. Read from the build's client directory.
 */
export function pageJavaScript(html: string, clientDir: string): { files: { file: string; gzipBytes: number }[]; gzipBytes: number } {
  const names = new Set([...html.matchAll(/(?:(?:href|src)=|import\s*\(?\s*|from\s*)"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const files = [...names].map((file) => ({ file, gzipBytes: gzipSync(fs.readFileSync(path.join(clientDir, file))).length }));
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}
