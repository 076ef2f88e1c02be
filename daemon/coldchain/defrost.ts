// Daily defrost windows given as local wall times ('02:00' for 20 min) turned into instants.
// Local time, because a defrost timer on the unit follows the kitchen clock through DST; the
// DST policy (a time in the spring gap runs when the gap ends) is the one of calendar/zoned.ts.
import { addDays } from '../calendar/civil.js';
import { localDate, zonedTimeToUtc } from '../calendar/zoned.js';

export interface DefrostSpec {
  /** local time 'HH:MM' */
  at: string;
  minutes: number;
}

/** Window instances [start, end) on the local days around `t` (one day either side is enough for windows under a day). */
function instancesAround(windows: readonly DefrostSpec[], tz: string, t: number): Array<[number, number]> {
  const today = localDate(t, tz);
  const out: Array<[number, number]> = [];
  for (const offset of [-1, 0, 1]) {
    const date = addDays(today, offset);
    for (const w of windows) {
      const [hh, mm] = w.at.split(':').map(Number);
      const start = zonedTimeToUtc(date, hh, mm, 0, tz);
      out.push([start, start + w.minutes * 60_000]);
    }
  }
  return out;
}

/** Whether `t` falls inside a defrost window. */
export function inDefrost(windows: readonly DefrostSpec[], tz: string, t: number): boolean {
  if (windows.length === 0) return false;
  return instancesAround(windows, tz, t).some(([s, e]) => s <= t && t < e);
}

/** The first window start or end strictly after `t`, or Infinity when there are no windows. */
export function nextDefrostBoundary(windows: readonly DefrostSpec[], tz: string, t: number): number {
  let next = Infinity;
  if (windows.length === 0) return next;
  for (const [s, e] of instancesAround(windows, tz, t)) {
    if (s > t && s < next) next = s;
    if (e > t && e < next) next = e;
  }
  return next;
}
