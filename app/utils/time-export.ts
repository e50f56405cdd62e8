// Timestamps in the exports. The database keeps UTC (`*_at`, ISO 8601); a page shows Dutch local
// time (formatDateTime in time.ts). An export shows the same local time as the page, and says
// which it is: a CSV cell carries the offset, an Excel cell is a real date (Excel dates have no
// time zone, so it holds the Dutch clock and the column says so in the docs).

import { clockTextInNL } from "~/utils/time";

/**
 * The Dutch clock at an instant, to the whole second: its text ("2026-03-31T14:05:00") and the
 * offset from UTC in minutes (60 in winter, 120 in summer); null when `value` is no timestamp.
 */
function clockAt(value: string): { clock: string; offsetMinutes: number } | null {
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return null;
  const second = Math.floor(instant / 1000) * 1000;
  const clock = clockTextInNL(second);
  return { clock, offsetMinutes: Math.round((Date.parse(`${clock}Z`) - second) / 60_000) };
}

// An export repeats the same timestamps row after row (every answer of a report carries its
// submission time): each is worked out once.
const cache = new Map<string, { clock: string; offsetMinutes: number } | null>();
function cachedClockAt(value: string) {
  let clock = cache.get(value);
  if (clock === undefined) {
    clock = clockAt(value);
    if (cache.size >= 1000) cache.clear();
    cache.set(value, clock);
  }
  return clock;
}

/**
 * A stored UTC timestamp as Dutch local time with its offset, ISO 8601 to the second:
 * "2026-03-31T14:05:00+02:00" (summer time), "2026-01-10T11:00:00+01:00" (winter time). The same
 * clock time as the page shows, and a machine reads the exact instant back from it. Null for
 * none; text that is no timestamp is returned as it is.
 */
export function isoInNL(value: string | null | undefined): string | null {
  if (!value) return null;
  const at = cachedClockAt(value);
  if (!at) return value;
  const sign = at.offsetMinutes < 0 ? "-" : "+";
  const minutes = Math.abs(at.offsetMinutes);
  return `${at.clock}${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * A stored UTC timestamp as the value of an Excel date cell: a Date whose UTC fields are the
 * Dutch clock time (to the second), which is how exceljs writes a date serial number. Excel then
 * shows the time the page shows. Null for none or for text that is no timestamp.
 */
export function excelDateInNL(value: string | null | undefined): Date | null {
  if (!value) return null;
  const at = cachedClockAt(value);
  return at ? new Date(`${at.clock}Z`) : null;
}

/** The number format of those date cells: day, month, year, hours and minutes, as the pages write them. */
export const EXCEL_DATE_TIME_FORMAT = "dd-mm-yyyy hh:mm";
