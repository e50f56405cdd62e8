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
 * The demo's reporting years, relative to `today` (YYYY-MM-DD): the last calendar year is open and
 * the two before it are closed. A year's report opens mid-January of the next year and is due on 1
 * April. When that date has passed (a demo seeded after March), the open year's deadline is set
 * eight weeks ahead instead, so a newcomer always sees a year to fill in; see decision 034.
 */
export function demoReportingYears(today: string): { year: number; opensAt: string; dueAt: string }[] {
  const open = Number(today.slice(0, 4)) - 1;
  return [open - 2, open - 1, open].map((year) => {
    let opensAt = `${year + 1}-01-15`;
    let dueAt = `${year + 1}-04-01`;
    if (year === open) {
      if (today < opensAt) opensAt = today;
      if (today >= dueAt) dueAt = addDays(today, 56);
    }
    return { year, opensAt, dueAt };
  });
}

/** A moment on a Dutch calendar day: `hour` o'clock in the Netherlands. */
export const onDay = (date: string, hour = 10) => new Date(Date.parse(startOfDayInNL(date)) + hour * 3_600_000).toISOString();
