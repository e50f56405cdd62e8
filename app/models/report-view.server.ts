import type { Executor } from "~/database/connection.server";
import { assessVersion, loadAnswers, loadProgress, previousSubmittedVersion } from "~/models/report.server";
import { formatValue, PROGRESS_LABELS, type Answer, type IndicatorDef, type ReportSection } from "~/models/report.rules";
import { listQuestions, type ReviewQuestion } from "~/models/review-question.server";

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

/** One question of a version against the previous submitted version. */
export type AnswerChange = {
  code: string;
  section: ReportSection;
  label: string;
  before: string;
  after: string;
  changed: boolean;
  /** Who entered the answer as it is now, and when. */
  by: string | null;
  at: string | null;
};

const sameAnswer = (a: Answer | undefined, b: Answer | undefined) =>
  (a?.state ?? null) === (b?.state ?? null) &&
  (a?.number ?? null) === (b?.number ?? null) &&
  (a?.text ?? null) === (b?.text ?? null) &&
  (a?.explanation ?? null) === (b?.explanation ?? null);

/**
 * What changed in a version since the report's previous submitted version (after a return or a
 * reopen): per question of this version the value before and after, and who entered it as it is
 * now; then the stand of each action of the plan; null for a first version. The explanation
 * counts as part of the value. (A question asked only in the previous version is not listed.)
 */
export async function loadVersionChanges(
  db: Executor,
  args: { organisationId: number; year: number; versionId: number; number: number; indicators: readonly IndicatorDef[] },
): Promise<{ previousNumber: number; changed: number; rows: AnswerChange[] } | null> {
  const previous = await previousSubmittedVersion(db, args);
  if (!previous) return null;
  const [now, before] = await Promise.all([loadAnswers(db, { versionId: args.versionId }), loadAnswers(db, { versionId: previous.id })]);
  const text = (i: IndicatorDef, a: Answer | undefined, withExplanation: boolean) =>
    `${formatValue(i, a)}${withExplanation && a?.explanation ? ` · Toelichting: ${a.explanation}` : ""}`;
  const rows: AnswerChange[] = args.indicators.map((i) => {
    const a = now.get(i.code);
    const b = before.get(i.code);
    // The explanation is shown only where it changed.
    const explanationChanged = (a?.explanation ?? null) !== (b?.explanation ?? null);
    return {
      code: i.code,
      section: i.section,
      label: i.label,
      before: text(i, b, explanationChanged),
      after: text(i, a, explanationChanged),
      changed: !sameAnswer(a, b),
      by: a?.entered_by_name ?? null,
      at: a?.entered_at ?? null,
    };
  });
  // The stand of the plan's actions, by their lineage (stable across plan versions).
  const [progressNow, progressBefore] = await Promise.all([
    loadProgress(db, { organisationId: args.organisationId, versionId: args.versionId }),
    loadProgress(db, { organisationId: args.organisationId, versionId: previous.id }),
  ]);
  const standOf = (p: { status: string | null; note: string | null } | undefined) =>
    p?.status ? `${PROGRESS_LABELS[p.status as keyof typeof PROGRESS_LABELS]}${p.note ? ` · ${p.note}` : ""}` : "niet ingevuld";
  for (const item of progressNow.items) {
    const before = progressBefore.items.find((b) => b.lineage_id === item.lineage_id);
    rows.push({
      code: `actie-${item.lineage_id}`,
      section: "voortgang",
      label: `Actie: ${item.title}`,
      before: standOf(before),
      after: standOf(item),
      changed: (before?.status ?? null) !== (item.status ?? null) || (before?.note ?? null) !== (item.note ?? null),
      by: null,
      at: null,
    });
  }
  return { previousNumber: previous.number, changed: rows.filter((r) => r.changed).length, rows };
}

/** A reviewer's question on a report as its pages show it: what it is about, and the value when asked and now. */
export type ReportQuestionView = ReviewQuestion & {
  about: string;
  section: ReportSection;
  /** The value in the version the question was asked on. */
  before: string;
  /** The value in the version on screen (the newest, for the organisation). */
  after: string;
  shownNumber: number;
};

/**
 * Every question on a report (up to the version on screen, for the ministry), with the value in
 * the version it was asked on and in the version on screen: answers by their question's code,
 * the stand of actions by their lineage (stable across plan versions).
 */
export async function loadReportQuestions(
  db: Executor,
  args: {
    organisationId: number;
    reportId: number;
    versions: readonly { id: number; number: number }[];
    shown: { id: number; number: number };
    indicators: readonly IndicatorDef[];
    upToVersion?: number;
  },
): Promise<ReportQuestionView[]> {
  const questions = await listQuestions(db, { document: "report", documentId: args.reportId, upToVersion: args.upToVersion });
  if (questions.length === 0) return [];
  const answersOf = new Map<number, Promise<Map<string, Answer>>>();
  const progressOf = new Map<number, ReturnType<typeof loadProgress>>();
  const answers = (versionId: number) => {
    if (!answersOf.has(versionId)) answersOf.set(versionId, loadAnswers(db, { versionId }));
    return answersOf.get(versionId)!;
  };
  const progress = (versionId: number) => {
    if (!progressOf.has(versionId)) progressOf.set(versionId, loadProgress(db, { organisationId: args.organisationId, versionId }));
    return progressOf.get(versionId)!;
  };
  const byCode = new Map(args.indicators.map((i) => [i.code, i]));
  const standOf = (p: { status: string | null; note: string | null } | undefined) =>
    !p
      ? "niet in deze versie"
      : p.status
        ? `${PROGRESS_LABELS[p.status as keyof typeof PROGRESS_LABELS]}${p.note ? ` · ${p.note}` : ""}`
        : "niet ingevuld";
  const out: ReportQuestionView[] = [];
  for (const q of questions) {
    const asked = args.versions.find((v) => v.number === q.versionNumber);
    const askedId = asked?.id ?? args.shown.id;
    if (q.target === "answer") {
      // A question no longer asked in the version on screen is still listed (it may hold an acceptance).
      const indicator = byCode.get(q.item);
      const valueIn = async (versionId: number) => {
        const a = (await answers(versionId)).get(q.item);
        if (!indicator) return a ? "ingevuld" : "niet in deze versie";
        return `${formatValue(indicator, a)}${a?.explanation ? ` · Toelichting: ${a.explanation}` : ""}`;
      };
      out.push({
        ...q,
        about: indicator?.label ?? "Een vraag die niet meer wordt gesteld",
        section: indicator?.section ?? "algemeen",
        before: await valueIn(askedId),
        after: await valueIn(args.shown.id),
        shownNumber: args.shown.number,
      });
    } else {
      const [then, now] = await Promise.all([progress(askedId), progress(args.shown.id)]);
      const find = (items: { lineage_id: number; title: string; status: string | null; note: string | null }[]) =>
        items.find((i) => String(i.lineage_id) === q.item);
      const title = find(now.items)?.title ?? find(then.items)?.title ?? "een actie";
      out.push({
        ...q,
        about: `Actie: ${title}`,
        section: "voortgang",
        before: standOf(find(then.items)),
        after: standOf(find(now.items)),
        shownNumber: args.shown.number,
      });
    }
  }
  return out;
}
