// Civil dates as 'YYYY-MM-DD' strings: they sort and compare as text, survive JSON unchanged and
// carry no time zone, which is what a school calendar means by "a day". Arithmetic goes through
// Date.UTC so no local time zone of the machine ever leaks in.

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** Parts of a real calendar date, or null ('2025-02-30' is not one). */
export function dateParts(s: string): DateParts | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { year, month, day };
}

export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && dateParts(s) !== null;
}

/** Throws a RangeError naming the bad value: callers pass dates from code, not from people. */
export function mustDate(s: string): DateParts {
  const p = dateParts(s);
  if (!p) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(s)}`);
  return p;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const p = mustDate(date);
  return isoDate(p.year, p.month, p.day + days);
}

/** 0 = Sunday … 6 = Saturday, as Date.getDay and cron count. */
export function weekday(date: IsoDate): number {
  const p = mustDate(date);
  return new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = mustDate(a);
  const pb = mustDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / DAY_MS);
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
