import { startOfDayInNL } from "~/utils/time";

// Where the demo data sits in time (db/seed.ts, demo-plans.ts, demo-reports.ts): relative to the
// day it is seeded, so a newcomer always finds a year open for reporting (decision 034).

/**
 * The date the tests seed at (`seed({ today })`), so no test depends on the calendar: the demo
 * years are then 2023 to 2025, 2025 open until 1 April 2026.
 */
export const TEST_TODAY = "2026-03-31";

/** A YYYY-MM-DD date `days` later (or earlier). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The reporting years to seed, relative to `today` (YYYY-MM-DD): three years, each opening on 15
 * January of the next year and due on 1 April. Without `demo` (a real database): the last calendar
 * year and the two before it, with exactly those dates; the administrator changes them.
 *
 * With `demo`, so a newcomer always finds a year open with its deadline ahead (decision 034): the
 * open year is the last calendar year, or the one before it during the first four weeks of a
 * year (so the open year's demo reports have weeks of history before today); once its 1 April
 * has passed, its deadline is set eight weeks after today.
 */
export function demoReportingYears(today: string, options: { demo?: boolean } = {}): { year: number; opensAt: string; dueAt: string }[] {
  const demo = options.demo ?? true;
  const calendarYear = Number(today.slice(0, 4));
  const open = calendarYear - (demo && today < `${calendarYear}-01-29` ? 2 : 1);
  return [open - 2, open - 1, open].map((year) => {
    const opensAt = `${year + 1}-01-15`;
    let dueAt = `${year + 1}-04-01`;
    if (demo && year === open && today >= dueAt) dueAt = addDays(today, 56);
    return { year, opensAt, dueAt };
  });
}

/** A moment on a Dutch calendar day: `hour` hours after its midnight (on the two days the clocks change, an hour off the wall clock). */
export const onDay = (date: string, hour = 10) => new Date(Date.parse(startOfDayInNL(date)) + hour * 3_600_000).toISOString();
