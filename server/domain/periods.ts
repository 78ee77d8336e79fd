// Reporting periods: '2025-Q1' in the API and the database, "T1 2025" in the UI.
import { addDays } from './dates.ts';

export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const PERIOD = /^(\d{4})-Q([1-4])$/;

export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text);
  if (!match) return null;
  return { year: Number(match[1]), quarter: Number(match[2]) as Period['quarter'] };
}

export const formatPeriod = ({ year, quarter }: Period): string => `${year}-Q${quarter}`;
export const periodLabel = ({ year, quarter }: Period): string => `T${quarter} ${year}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** First day of the quarter, 'YYYY-MM-DD'. */
export const periodStart = ({ year, quarter }: Period): string => `${year}-${pad((quarter - 1) * 3 + 1)}-01`;

/** Last day of the quarter, 'YYYY-MM-DD'. */
export function periodEnd({ year, quarter }: Period): string {
  const lastMonth = quarter * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return `${year}-${pad(lastMonth)}-${pad(lastDay)}`;
}

/** The date a quarter's report is due: `days` after the quarter's last day (default setting: 30). */
export const periodDue = (period: Period, days: number): string => addDays(periodEnd(period), days);

/** Every quarter whose days overlap [startDate, endDate] (inclusive ISO dates), in order. */
export function periodsBetween(startDate: string, endDate: string): Period[] {
  const periods: Period[] = [];
  for (let period = periodOf(startDate); periodStart(period) <= endDate; period = nextPeriod(period)) periods.push(period);
  return periods;
}

const nextPeriod = ({ year, quarter }: Period): Period =>
  quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: (quarter + 1) as Period['quarter'] };

/** The period containing an ISO date. */
export function periodOf(date: string): Period {
  return { year: Number(date.slice(0, 4)), quarter: (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Period['quarter'] };
}
