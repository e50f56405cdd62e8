import { createHash } from "node:crypto";
import { sign, verify } from "~/auth/signed.server";
import { parseStamp, type CellConflict, type CellEdit, type CellsOutcome, type Stamp } from "~/models/report-grid.server";
import { formatValue, type Answer, type IndicatorDef } from "~/models/report.rules";
import type { CellConflictView } from "~/components/report/cell-conflicts";
import type { UploadChangeView } from "~/components/report/upload-preview";
import { formatDateTime } from "~/utils/time";

// What the grid page hands to the browser and reads back, signed (app/auth/signed.server.ts):
// each row's stamps (the answers as the grid showed them), the conflicts waiting for a choice,
// and an upload's changes waiting for confirmation. Each is signed for this signatory and year
// (and, for conflicts and previews, this user), so one posted elsewhere is refused.

export const STALE_MESSAGE =
  "Niets opgeslagen: het portaal kon niet nagaan welke waarden u zag toen u begon. Het overzicht hieronder toont wat nu is opgeslagen. Wat u had ingevuld, staat in de lijst hieronder: vul het opnieuw in en sla op.";

type Where = { signatoryId: number; year: number };

const rowPurpose = (where: Where & { section: string; organisationId: number }) =>
  `raster:${where.signatoryId}:${where.year}:${where.section}:${where.organisationId}`;

/** A grid row's stamps, signed: the hidden field "stempel.<organisation>". */
export function signRowStamps(where: Where & { section: string; organisationId: number }, stamps: Record<string, Stamp>): string {
  return sign(rowPurpose(where), JSON.stringify(stamps));
}

/** A short name for what the grid shows: it changes whenever a stored value does. */
export function gridVersion(rowStamps: string[]): string {
  return createHash("sha1").update(rowStamps.join()).digest("base64url");
}

/** A row's stamps as posted, or null when they are not this row's, signed by the portal. */
export function readRowStamps(where: Where & { section: string; organisationId: number }, posted: unknown): Record<string, unknown> | null {
  const payload = verify(rowPurpose(where), posted);
  return payload === null ? null : (JSON.parse(payload) as Record<string, unknown>);
}

/** The views the page renders, declared with their components. */
export type ConflictView = CellConflictView;
export type ChangeView = UploadChangeView;

const shown = (indicator: Pick<IndicatorDef, "unit" | "choices">, answer: Answer | null | undefined) =>
  answer === undefined
    ? "niet bekend"
    : `${formatValue(indicator, answer)}${answer?.explanation ? ` (toelichting: ${answer.explanation})` : ""}`;

const changedBy = (c: CellConflict) =>
  [c.changedBy ? `door ${c.changedBy}` : null, c.changedAt ? `op ${formatDateTime(c.changedAt)}` : null].filter(Boolean).join(" ") ||
  "door iemand anders";

function conflictView(c: CellConflict): ConflictView {
  return {
    field: `keuze.${c.organisationId}.${c.code}`,
    organisation: c.organisation,
    question: c.question,
    then: shown(c.indicator, c.then),
    now: shown(c.indicator, c.now),
    mine: shown(c.indicator, c.mine),
    changed: changedBy(c),
  };
}

type PendingConflict = { o: number; c: string; t: string; e: string | null; s: Stamp; v: ConflictView };
const conflictPurpose = (where: Where & { userId: number }) => `raster-conflicten:${where.signatoryId}:${where.year}:${where.userId}`;

/** The conflicts to show, and the signed field that carries them to the choice. */
export function conflictsToChoose(where: Where & { userId: number }, conflicts: CellConflict[]) {
  const pending: PendingConflict[] = conflicts.map((c) => ({
    o: c.organisationId,
    c: c.code,
    t: c.text,
    e: c.explanation,
    s: c.stampNow,
    v: conflictView(c),
  }));
  return { conflicts: pending.map((p) => p.v), token: sign(conflictPurpose(where), JSON.stringify(pending)) };
}

/** The conflicts a choice was made on, or null when the field is not the portal's for this user. */
export function readConflicts(where: Where & { userId: number }, posted: unknown) {
  const payload = verify(conflictPurpose(where), posted);
  if (payload === null) return null;
  const pending = JSON.parse(payload) as PendingConflict[];
  return pending.map((p) => ({
    view: p.v,
    /** Keeping one's own value: an edit made after reading the stored answer. */
    keep: { organisationId: p.o, code: p.c, text: p.t, explanation: p.e, stamp: p.s } satisfies CellEdit,
  }));
}

const previewPurpose = (where: Where & { userId: number }) => `excel-wijzigingen:${where.signatoryId}:${where.year}:${where.userId}`;

/** An upload's preview: the changes and conflicts to show, and the signed field that confirms them. */
export function previewOf(where: Where & { userId: number }, outcome: CellsOutcome, edits: CellEdit[]) {
  const line = (
    c: CellConflict | (typeof outcome.changes)[number],
    before: Answer | null,
    after: Answer | null,
    conflict: string | null,
  ) => ({
    organisation: c.organisation,
    question: c.question,
    before: shown(c.indicator, before),
    after: shown(c.indicator, after),
    conflict,
  });
  const changes: ChangeView[] = [
    ...outcome.changes.map((c) => line(c, c.before, c.after, null)),
    ...outcome.conflicts.map((c) =>
      line(c, c.now, c.mine, `intussen gewijzigd ${changedBy(c)}: bij het downloaden stond hier ${shown(c.indicator, c.then)}.`),
    ),
  ];
  const pending = new Set([...outcome.changes, ...outcome.conflicts].map((c) => `${c.organisationId}.${c.code}`));
  const kept = edits.filter((e) => pending.has(`${e.organisationId}.${e.code}`));
  return { changes, conflicts: outcome.conflicts.length, token: signPreview(where, kept) };
}

/** An upload's changes, signed for confirmation by this user. */
export function signPreview(where: Where & { userId: number }, edits: CellEdit[]): string {
  return sign(previewPurpose(where), JSON.stringify(edits));
}

/** The edits of a confirmed preview, or null when the field is not the portal's for this user. */
export function readPreview(where: Where & { userId: number }, posted: unknown): CellEdit[] | null {
  const payload = verify(previewPurpose(where), posted);
  if (payload === null) return null;
  const edits = JSON.parse(payload) as CellEdit[];
  return edits.every((e) => parseStamp(e.stamp) !== undefined) ? edits : null;
}
