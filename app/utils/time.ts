/** Current time as UTC ISO-8601; one function so tests and code agree on the format. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

// Built once: creating an Intl.DateTimeFormat costs far more than formatting with it (it showed
// up in the server's CPU profile at 2% of every page).
const isoDateInNL = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" });

/** Today's date (YYYY-MM-DD) in the Netherlands, which is what deadlines are written in. */
export function todayInNL(now: Date = new Date()): string {
  return isoDateInNL.format(now);
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

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "onbekend";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "onbekend" : dateTimeFormat.format(date);
}
