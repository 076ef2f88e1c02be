// Cron expressions are parsed and validated by node-cron (its parse/validateDetailed), so a rule
// means what node-cron documents; the times themselves are computed here, a day at a time in the
// site's local time, so the same daylight-saving policy applies to cron and weekly rules.
//
// As in node-cron (and unlike Vixie cron), day-of-month AND day-of-week must both match.
// Supported day tokens, as node-cron parses them: L, L-n, nW, LW (day of month); nL, n#k (day of
// week). A seconds field (6 fields) must be a single value: Relais schedules to the minute, and
// "every second" rules would make the look-back over 14 days needlessly heavy.
import cron from 'node-cron';
import { lastDayOfMonth, mustDate, weekday, type IsoDate } from '../calendar/civil.js';

export interface CronSpec {
  expression: string;
  /** Whether the rule fires on that local date (month, day of month, day of week). */
  matchesDay(date: IsoDate): boolean;
  /** Local times of day [hour, minute, second], sorted. */
  times: readonly (readonly [number, number, number])[];
}

type Token = number | string;

function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last) return -1;
  const wd = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function domMatches(tokens: readonly Token[], year: number, month: number, day: number): boolean {
  const last = lastDayOfMonth(year, month);
  for (const t of tokens) {
    if (t === day) return true;
    if (typeof t !== 'string') continue;
    if (t === 'L' && day === last) return true;
    const w = /^(\d{1,2}|L)W$/.exec(t);
    if (w && nearestWeekday(year, month, w[1] === 'L' ? last : Number(w[1])) === day) return true;
    const off = /^L-(\d{1,2})$/.exec(t);
    if (off && last - Number(off[1]) === day) return true;
  }
  return false;
}

function dowMatches(tokens: readonly Token[], day: number, wd: number, last: number): boolean {
  for (const t of tokens) {
    if (t === wd) return true;
    if (typeof t !== 'string') continue;
    const nth = /^([0-7])#([1-5])$/.exec(t);
    if (nth && Number(nth[1]) % 7 === wd && Math.floor((day - 1) / 7) + 1 === Number(nth[2])) return true;
    const lastOf = /^([0-7])L$/i.exec(t);
    if (lastOf && Number(lastOf[1]) % 7 === wd && day + 7 > last) return true;
  }
  return false;
}

/** Parses a 5- or 6-field expression; returns the reason when it is not usable. */
export function compileCron(expression: string): CronSpec | { error: string } {
  const fields = expression.trim().split(/\s+/);
  const check = cron.validateDetailed(expression);
  if (!check.valid || !check.fields) {
    const e = check.errors[0];
    return { error: e ? `${e.field === 'expression' ? '' : `${e.field}: `}${e.message}` : 'is not a cron expression' };
  }
  const f = check.fields;
  if (fields.length === 6 && f.second.length !== 1) {
    return { error: 'the seconds field must be a single value (e.g. 0): schedules run to the minute' };
  }
  const months = new Set(f.month);
  const times: [number, number, number][] = [];
  for (const h of [...f.hour].sort((a, b) => a - b)) {
    for (const m of [...f.minute].sort((a, b) => a - b)) times.push([h, m, f.second[0] ?? 0]);
  }
  return {
    expression,
    times,
    matchesDay(date: IsoDate): boolean {
      const { year, month, day } = mustDate(date);
      if (!months.has(month)) return false;
      if (!domMatches(f.dayOfMonth, year, month, day)) return false;
      return dowMatches(f.dayOfWeek, day, weekday(date), lastDayOfMonth(year, month));
    },
  };
}
