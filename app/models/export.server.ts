import { PassThrough, Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { Executor } from "~/database/connection.server";
import { KIND_LABELS, SECTOR_LABELS, SIGNED_ITSELF } from "~/models/organisation.schema";
import { PLAN_STATUS_LABELS } from "~/models/action-plan.schema";
import { choicesOf, REPORT_SECTIONS, STATE_LABELS } from "~/models/report.rules";
import { UNIT_WORDS } from "~/models/report.units";
import { BOM, csvLine, neutralise } from "~/utils/csv-write";
import { countedVersionsWithStatus, DATA_BASIS_TEXT, groupOf, type DataBasis } from "~/models/counted-version.server";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { formatDateTime, nowIso } from "~/utils/time";
import { EXCEL_DATE_TIME_FORMAT, excelDateInNL, isoInNL } from "~/utils/time-export";
import type { AnswerState, IndicatorUnit, OrganisationKind, PlanStatus, Sector } from "~/database/types";

/**
 * The raw export's columns: a plain Dutch header each, and its width in the Excel file. The code of
 * the question stays (people join on it), under a header in words.
 */
const RAW_COLUMNS = [
  { header: "Organisatie", width: 40 },
  { header: "Sector", width: 22 },
  { header: "Soort organisatie", width: 24 },
  { header: "Rij in de overzichten", width: 22 },
  { header: "Getekend via", width: 30 },
  { header: "Jaar", width: 8 },
  { header: "Versie", width: 8 },
  { header: "Onderdeel", width: 24 },
  { header: "Code vraag", width: 30 },
  { header: "Vraag", width: 60 },
  { header: "Eenheid", width: 22 },
  { header: "Waarde", width: 16 },
  { header: "Staat van het antwoord", width: 22 },
  { header: "Status van de rapportage", width: 22 },
  { header: "Ingediend op", width: 18 },
] as const;

export const RAW_HEADER: string[] = RAW_COLUMNS.map((c) => c.header);
/** The column of the submission time (1-based, as Excel counts). */
const SUBMITTED_COLUMN = RAW_COLUMNS.length;

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
  choices: string | null;
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
      "i.choices",
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

/** A choice as the form shows it ("In voorbereiding"), not its stored code; other text as it is. */
function choiceLabel(r: RawRow): string | null {
  if (r.unit !== "choice" && r.unit !== "yes_no") return r.text_value;
  return choicesOf(r).find((c) => c.value === r.text_value)?.label ?? r.text_value;
}

/** A row's cells; `time` writes the submission time (text with its offset in CSV, a date in Excel). */
function cells<T>(r: RawRow, time: (submittedAt: string | null) => T): (string | number | T | null)[] {
  return [
    r.organisation,
    SECTOR_LABELS[r.sector],
    KIND_LABELS[r.kind],
    FIGURE_ROW_LABELS[groupOf(r)],
    r.signed_via ?? SIGNED_ITSELF,
    r.year,
    r.version,
    REPORT_SECTIONS.find((s) => s.key === r.section)?.title.split(":")[0] ?? r.section,
    r.code,
    r.label,
    UNIT_WORDS[r.unit],
    r.state === "value" ? (r.number_value ?? choiceLabel(r)) : null,
    STATE_LABELS[r.state],
    PLAN_STATUS_LABELS[r.status],
    time(r.submitted_at),
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
        chunk += csvLine(cells(next.value, isoInNL));
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

// Shared style objects: exceljs remembers the style of an object it has seen (a WeakMap), so one
// object for every cell costs nothing per cell, where a fresh object per cell (what a column's
// style gives) would be looked up by its XML, about 60 % more time for the whole export.
const PLAIN: Partial<ExcelJS.Style> = {};
const DATE_TIME: Partial<ExcelJS.Style> = { numFmt: EXCEL_DATE_TIME_FORMAT };
const TITLE: Partial<ExcelJS.Style> = { font: { name: "Calibri", size: 11, italic: true } };
const HEADER: Partial<ExcelJS.Style> = { font: { name: "Calibri", size: 11, bold: true } };

/**
 * The raw export as a streamed XLSX workbook (exceljs's streaming writer): the title line, the
 * header frozen under it, every column its width, numbers as numbers and the submission time as a
 * real date (the Dutch clock time, as the page shows it).
 */
export function rawValuesXlsx(db: Executor, args: { year: number; basis: DataBasis; done?: () => void }): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  void (async () => {
    try {
      // Loaded on first use: exceljs is large and most server processes never need it.
      const { default: ExcelJSLib } = await import("exceljs");
      // Styles (a date format, a bold header) are kept once per distinct style, not per cell.
      const workbook = new ExcelJSLib.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
      // Rows 1 and 2 (the title line and the header) stay in view while scrolling.
      const sheet = workbook.addWorksheet(`Waarden ${args.year}`, { views: [{ state: "frozen", ySplit: 2 }] });
      // The streaming writer writes the widths with the first row: set before it.
      sheet.columns = RAW_COLUMNS.map((c) => ({ width: c.width }));
      const styled = (row: ExcelJS.Row, style: (column: number) => Partial<ExcelJS.Style>) => {
        row.eachCell({ includeEmpty: true }, (cell, column) => (cell.style = style(column)));
        row.commit();
      };
      styled(sheet.addRow([neutralise(rawTitle(args))]), () => TITLE);
      styled(sheet.addRow(RAW_HEADER), () => HEADER);
      const backlog = compressionBacklog(sheet);
      let n = 0;
      for await (const r of rawValueRows(db, args)) {
        const values = cells(r, excelDateInNL).map((c) => (typeof c === "string" ? neutralise(c) : c));
        styled(sheet.addRow(values), (column) => (column === SUBMITTED_COLUMN ? DATE_TIME : PLAIN));
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
