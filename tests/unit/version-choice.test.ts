import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 17: one definition of which version of a report counts (app/models/counted-version.server.ts).
// No other model, and no ministry route, may choose a report version by its status or number.
// Two signs of choosing: SQL on the report_version table (only the files below may query it),
// and picking from a list of versions by status or number in a ministry route.

const root = path.resolve(__dirname, "../..");

/** The files that may query report_version, and why. */
const ALLOWED_SQL: Record<string, string> = {
  "app/models/counted-version.server.ts": "the one definition: counted versions, report states, lateness",
  "app/models/report.server.ts": "the report workflow: drafts, submitting, reviewing, a report's own versions",
  "app/models/document-workflow.server.ts": "the one workflow of plans and reports: a document's newest version, status changes",
  "app/models/audit-objects.server.ts":
    "the audit trail names the report version an event is about and finds a report's events (chooses no version)",
};

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === "+types" ? [] : filesUnder(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

/** Whether source text chooses a report version itself (exported for the check on synthetic code below). */
function choosesVersion(file: string, text: string): string | null {
  if (!ALLOWED_SQL[file] && /\breport_version\b/.test(text)) return "queries report_version";
  if (
    file.startsWith("app/routes/ministry/") &&
    /\b(v|version|versions|visible)\b[\w.]*\.(find|filter|findLast)\(\s*\(?\s*\w+\s*\)?\s*=>[^\n]*\.(status|number)\b/.test(text)
  ) {
    return "picks a version by its status or number";
  }
  return null;
}

describe("the choice of a report's counted version lives in one module", () => {
  const files = [...filesUnder("app/models"), ...filesUnder("app/routes/ministry")];

  it("finds the files it is meant to read", () => {
    expect(files).toContain("app/models/aggregates.server.ts");
    expect(files).toContain("app/routes/ministry/report.tsx");
    for (const allowed of Object.keys(ALLOWED_SQL)) expect(files).toContain(allowed);
  });

  it("no other model and no ministry route chooses a version by status or number", () => {
    const offenders = files.flatMap((f) => {
      const why = choosesVersion(f, fs.readFileSync(path.join(root, f), "utf8"));
      return why ? [`${f}: ${why}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it("would catch a new file that does (the check can fail)", () => {
    const sql = `db.selectFrom("report_version as v").where("v.status", "=", "accepted")`;
    expect(choosesVersion("app/models/new-figure.server.ts", sql)).toBe("queries report_version");
    expect(choosesVersion("app/models/report.server.ts", sql)).toBeNull();
    const route = `const version = overview.versions.find((v) => v.status === "accepted");`;
    expect(choosesVersion("app/routes/ministry/new-page.tsx", route)).toBe("picks a version by its status or number");
    expect(choosesVersion("app/routes/ministry/reports.tsx", `reports.filter((r) => r.status === "submitted")`)).toBeNull();
  });
});
