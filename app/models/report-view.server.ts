import type { Executor } from "~/database/connection.server";
import { assessVersion } from "~/models/report.server";

/** Everything the read-only report view needs, as plain serialisable data. */
export async function loadReportView(db: Executor, args: { organisationId: number; year: number; versionId: number }) {
  const a = await assessVersion(db, args);
  return {
    indicators: a.indicators,
    answers: Object.fromEntries(a.answers),
    previous: Object.fromEntries(a.previous),
    progress: a.progress.items.map((i) => ({ lineage_id: i.lineage_id, title: i.title, status: i.status, note: i.note })),
    targets: a.progress.targets,
    problems: a.problems,
  };
}
