import { describe, expect, it } from "vitest";
import { formatDateTime } from "~/utils/time";
import { EXCEL_DATE_TIME_FORMAT, excelDateInNL, isoInNL } from "~/utils/time-export";

describe("timestamps in exports", () => {
  it("writes Dutch local time with its offset, to the second: +01:00 in winter, +02:00 in summer", () => {
    expect(isoInNL("2026-01-10T10:00:00.000Z")).toBe("2026-01-10T11:00:00+01:00");
    expect(isoInNL("2026-03-31T12:05:09.999Z")).toBe("2026-03-31T14:05:09+02:00");
    // Around midnight the Dutch day is the next one.
    expect(isoInNL("2025-06-30T22:30:00.000Z")).toBe("2025-07-01T00:30:00+02:00");
    expect(isoInNL("2025-12-31T23:00:00.000Z")).toBe("2026-01-01T00:00:00+01:00");
  });

  it("follows the clock change: the last second before and the first after, spring and autumn", () => {
    // 29 March 2026, 02:00 winter time becomes 03:00 summer time (01:00 UTC).
    expect(isoInNL("2026-03-29T00:59:59.000Z")).toBe("2026-03-29T01:59:59+01:00");
    expect(isoInNL("2026-03-29T01:00:00.000Z")).toBe("2026-03-29T03:00:00+02:00");
    // 25 October 2026, 03:00 summer time becomes 02:00 winter time (01:00 UTC): 02:30 happens twice, the offset tells which.
    expect(isoInNL("2026-10-25T00:30:00.000Z")).toBe("2026-10-25T02:30:00+02:00");
    expect(isoInNL("2026-10-25T01:30:00.000Z")).toBe("2026-10-25T02:30:00+01:00");
  });

  it("reads back as the same instant (to the second), and shows the clock time the page shows", () => {
    for (const stored of ["2026-01-10T10:00:00.000Z", "2026-03-31T12:05:09.999Z", "2026-10-25T01:30:00.000Z", "2024-02-29T23:59:59.500Z"]) {
      const text = isoInNL(stored)!;
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(Date.parse(text)).toBe(Math.floor(Date.parse(stored) / 1000) * 1000);
      const [, hours, minutes] = /T(\d{2}):(\d{2})/.exec(text)!;
      expect(formatDateTime(stored)).toContain(`${hours}:${minutes}`);
      expect(formatDateTime(text)).toBe(formatDateTime(stored));
    }
  });

  it("gives an Excel date that holds the Dutch clock time (Excel dates have no zone)", () => {
    expect(excelDateInNL("2026-03-31T12:05:09.999Z")!.toISOString()).toBe("2026-03-31T14:05:09.000Z");
    expect(excelDateInNL("2026-01-10T10:00:00.000Z")!.toISOString()).toBe("2026-01-10T11:00:00.000Z");
    expect(EXCEL_DATE_TIME_FORMAT).toMatch(/yyyy/);
    expect(EXCEL_DATE_TIME_FORMAT).toMatch(/hh:mm/);
  });

  it("leaves no time empty and text that is no timestamp as it is", () => {
    expect(isoInNL(null)).toBeNull();
    expect(isoInNL("")).toBeNull();
    expect(isoInNL("onbekend")).toBe("onbekend");
    expect(excelDateInNL(null)).toBeNull();
    expect(excelDateInNL("onbekend")).toBeNull();
  });
});
