/**
 * A moment the demo seed can set for the code it calls (clock.server.ts), so demo records carry
 * plausible dates instead of the moment of seeding. Undefined everywhere else: the real clock.
 */
export const DEMO_CLOCK = Symbol.for("mvoi.demo-clock");
type ClockHolder = { [DEMO_CLOCK]?: () => string | undefined };

/** Current time as UTC ISO-8601; one function so tests and code agree on the format. */
export function nowIso(now?: Date): string {
  if (now) return now.toISOString();
  return (globalThis as ClockHolder)[DEMO_CLOCK]?.() ?? new Date().toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

// Built once: creating an Intl.DateTimeFormat costs far more than formatting with it (it showed
// up in the server's CPU profile at 2% of every page).
const isoDateInNL = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" });

/** Today's date (YYYY-MM-DD) in the Netherlands, which is what deadlines are written in. */
export function todayInNL(now?: Date): string {
  return isoDateInNL.format(now ?? new Date(nowIso()));
}

const clockInNL = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** The Dutch clock at an instant as "2026-03-31T14:05:00" (no offset). */
export function clockTextInNL(instantMs: number): string {
  return clockInNL.format(new Date(instantMs)).replace(" ", "T");
}

/** How far the Dutch clock is ahead of UTC at an instant (1 or 2 hours), in milliseconds. */
function offsetInNL(instantMs: number): number {
  return Date.parse(`${clockTextInNL(instantMs)}Z`) - instantMs;
}

/**
 * Midnight at the start of a Dutch calendar day (YYYY-MM-DD) as a UTC ISO timestamp. The offset
 * is the one at that midnight, not at noon: on the days the clocks change they differ.
 */
export function startOfDayInNL(date: string): string {
  const wallClock = Date.parse(`${date}T00:00:00Z`);
  const guess = wallClock - offsetInNL(wallClock);
  return new Date(wallClock - offsetInNL(guess)).toISOString();
}

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" });
const dateTimeFormat = new Intl.DateTimeFormat("nl-NL", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Amsterdam",
});

/** "24 november 2022" for a YYYY-MM-DD date or an ISO timestamp. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "onbekend";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? "onbekend" : dateFormat.format(date);
}

// Formatting with Intl costs microseconds, and pages show the same timestamps again and again
// (each answer's "entered at", on every page of the report form): each is formatted once.
const formattedDateTimes = new Map<string, string>();

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "onbekend";
  let text = formattedDateTimes.get(value);
  if (text === undefined) {
    const date = new Date(value);
    text = Number.isNaN(date.getTime()) ? "onbekend" : dateTimeFormat.format(date);
    if (formattedDateTimes.size >= 1000) formattedDateTimes.clear();
    formattedDateTimes.set(value, text);
  }
  return text;
}
