// Calendar dates as the app stores them: ISO 'YYYY-MM-DD' strings, compared as text.

// One formatter for the process: building an Intl.DateTimeFormat costs far more than formatting, and the
// completeness table formats a date per report.
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in France ('YYYY-MM-DD'), or that of `now`: due dates are French calendar days. */
export function todayInParis(now: Date = new Date()): string {
  return PARIS_DAY.format(now);
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` ('YYYY-MM-DD'), negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
