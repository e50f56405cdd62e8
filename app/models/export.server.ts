import { PassThrough, Readable } from "node:stream";
import type { Executor } from "~/database/connection.server";
import { KIND_LABELS, SECTOR_LABELS } from "~/models/organisation.schema";
import { PLAN_STATUS_LABELS } from "~/models/action-plan.schema";
import { REPORT_SECTIONS, STATE_LABELS } from "~/models/report.rules";
import { BOM, csvLine, neutralise } from "~/utils/csv-write";
import { countedVersionsWithStatus, DATA_BASIS_TEXT, groupOf, type DataBasis } from "~/models/counted-version.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { formatDateTime, nowIso } from "~/utils/time";
import type { AnswerState, IndicatorUnit, OrganisationKind, PlanStatus, Sector } from "~/database/types";

export const RAW_HEADER = [
  "organisatie",
  "sector",
  "soort",
  "rij",
  "getekend_via",
  "jaar",
  "versie",
  "onderdeel",
  "vraag_code",
  "vraag",
  "eenheid",
  "waarde",
  "staat",
  "rapportstatus",
  "ingediend_op",
];

type RawRow = {
  organisation: string;
  sector: Sector;
  kind: OrganisationKind;
  signed_via: string | null;
  year: number;
  version: number;
  section: string;
  code: string;
  label: string;
  unit: IndicatorUnit;
  number_value: number | null;
  text_value: string | null;
  state: AnswerState;
  status: PlanStatus;
  submitted_at: string | null;
};

/**
 * Every stored answer of the counted versions of a year for a data basis (counted-version.server.ts:
 * exactly the versions the ministry's figures add up), one row per organisation × question.
 * Streamed from SQLite row by row, so memory does not grow with the data.
 */
export function rawValueRows(db: Executor, args: { year: number; basis: DataBasis }): AsyncIterable<RawRow> {
  return db
    .with("cur", () => countedVersionsWithStatus(db, args))
    .selectFrom("cur")
    .innerJoin("organisation as o", "o.id", "cur.organisation_id")
    .leftJoin("organisation as via", "via.id", "o.signed_via_id")
    .innerJoin("report_value as rv", "rv.version_id", "cur.version_id")
    .innerJoin("indicator as i", "i.id", "rv.indicator_id")
    .select([
      "o.name as organisation",
      "o.sector",
      "o.kind",
      "via.name as signed_via",
      "i.year",
      "cur.number as version",
      "i.section",
      "i.code",
      "i.label",
      "i.unit",
      "rv.number_value",
      "rv.text_value",
      "rv.state",
      "cur.status",
      "cur.submitted_at",
    ])
    .orderBy("o.name")
    .orderBy("i.position")
    .stream(500) as AsyncIterable<RawRow>;
}

/** The line above the header: what the file holds. */
export const rawTitle = (args: { year: number; basis: DataBasis }) =>
  `MVOI-portaal: alle waarden over ${args.year} uit de getelde versie van elke rapportage, ${DATA_BASIS_TEXT[args.basis]}, stand ${formatDateTime(nowIso())}`;

function cells(r: RawRow): (string | number | null)[] {
  return [
    r.organisation,
    SECTOR_LABELS[r.sector],
    KIND_LABELS[r.kind],
    FIGURE_ROW_LABELS[groupOf(r)],
    r.signed_via ?? "",
    r.year,
    r.version,
    REPORT_SECTIONS.find((s) => s.key === r.section)?.title.split(":")[0] ?? r.section,
    r.code,
    r.label,
    r.unit,
    r.state === "value" ? (r.number_value ?? r.text_value) : null,
    STATE_LABELS[r.state],
    PLAN_STATUS_LABELS[r.status],
    r.submitted_at,
  ];
}

/** The raw export as a CSV byte stream; `done` runs when the stream ends or is cancelled. */
export function rawValuesCsv(db: Executor, args: { year: number; basis: DataBasis; done?: () => void }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = rawValueRows(db, args)[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + csvLine([rawTitle(args)]) + csvLine(RAW_HEADER)));
        return;
      }
      // A batch of lines per pull keeps the stream quick without buffering the whole file.
      let chunk = "";
      for (let n = 0; n < 200; n++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          args.done?.();
          return;
        }
        chunk += csvLine(cells(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return?.();
      args.done?.();
    },
  });
}

/**
 * exceljs's streaming writer hands each 64 kB of sheet XML to the zip's deflate stream without
 * waiting for it (its StreamBuf ignores backpressure), and deflating is slower than producing
 * rows, so the whole sheet piled up in memory (RSS +155 MB for 2,000 × 5 years, +280 MB at
 * 10,000 × 10). This counts the chunks handed over but not yet taken by the deflate stream (which
 * in turn waits for the HTTP response to take the zip), and lets the producer wait while more
 * than a few are outstanding. If a future exceljs changes that internal, nothing waits (as before).
 */
function compressionBacklog(sheet: unknown, limit = 4) {
  const stream = (sheet as { stream?: { _pipe?: (chunk: unknown) => Promise<void> } }).stream;
  const pipe = stream?._pipe;
  if (!stream || typeof pipe !== "function") return { wait: async () => {} };
  let outstanding = 0;
  let wake: (() => void) | null = null;
  stream._pipe = async (chunk: unknown) => {
    outstanding++;
    try {
      await pipe.call(stream, chunk);
    } finally {
      outstanding--;
      if (outstanding <= limit && wake) {
        const w = wake;
        wake = null;
        w();
      }
    }
  };
  return {
    wait: async () => {
      while (outstanding > limit) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

/** The raw export as a streamed XLSX workbook (exceljs's streaming writer). */
export function rawValuesXlsx(db: Executor, args: { year: number; basis: DataBasis; done?: () => void }): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  void (async () => {
    try {
      // Loaded on first use: exceljs is large and most server processes never need it.
      const { default: ExcelJS } = await import("exceljs");
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet(`Waarden ${args.year}`);
      sheet.addRow([neutralise(rawTitle(args))]).commit();
      sheet.addRow(RAW_HEADER).commit();
      const backlog = compressionBacklog(sheet);
      let n = 0;
      for await (const r of rawValueRows(db, args)) {
        sheet.addRow(cells(r).map((c) => (typeof c === "string" ? neutralise(c) : c))).commit();
        if (++n % 200 === 0) await backlog.wait();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    } finally {
      args.done?.();
    }
  })();
  return Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>;
}
