// Wall-clock time in a named time zone (Europe/Paris for every French site), computed with Intl
// only: no time-zone dependency, and the Pi's own TZ setting never matters.
//
// Daylight-saving policy for a local wall time (documented in daemon/schedule/README.md):
// - a time that does not exist (spring forward, 02:30 on 29 March 2026 in Paris) maps to the
//   instant the gap ends (03:00 local): a rule set for 02:30 still fires that day, as late as
//   needed and no later;
// - a time that exists twice (fall back, 02:30 on 25 October 2026) maps to its first occurrence,
//   so a rule fires once, not twice.
import { dateParts, isoDate, type IsoDate } from './civil.js';

const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError that names the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Europe/Paris`);
  }
}

export function localParts(ts: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(ts)) {
    if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: bc ? 1 - out.year : out.year, month: out.month, day: out.day,
    hour: out.hour === 24 ? 0 : out.hour, minute: out.minute, second: out.second,
  };
}

/** Local time minus UTC at instant ts, in ms (+3 600 000 for Paris in winter). */
export function offsetMs(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  const whole = Math.floor(ts / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

/** The civil date at instant ts in the zone. */
export function localDate(ts: number, timeZone: string): IsoDate {
  const p = localParts(ts, timeZone);
  return isoDate(p.year, p.month, p.day);
}

// Offsets a day before and two days after local midnight: equal means no transition touches the
// day (zones change offset at most a few times a year), so the fast path is exact.
const dayCache = new Map<string, readonly [number, number]>();

function dayOffsets(date: IsoDate, timeZone: string): readonly [number, number] {
  const key = `${timeZone}|${date}`;
  let v = dayCache.get(key);
  if (!v) {
    const p = dateParts(date);
    if (!p) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
    const midnight = Date.UTC(p.year, p.month - 1, p.day);
    v = [offsetMs(midnight - DAY_MS, timeZone), offsetMs(midnight + 2 * DAY_MS, timeZone)] as const;
    if (dayCache.size > 4096) dayCache.clear(); // bounded: a long-running daemon walks forward
    dayCache.set(key, v);
  }
  return v;
}

/**
 * The instant of wall time `hour:minute:second` on `date` in the zone, under the policy above.
 */
export function zonedTimeToUtc(date: IsoDate, hour: number, minute: number, second: number, timeZone: string): number {
  const p = dateParts(date);
  if (!p) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  const wall = Date.UTC(p.year, p.month - 1, p.day, hour, minute, second);
  const [before, after] = dayOffsets(date, timeZone);
  if (before === after) return wall - before;
  const valid = [before, after].filter((off) => offsetMs(wall - off, timeZone) === off).map((off) => wall - off);
  if (valid.length > 0) return Math.min(...valid); // fall back: the first occurrence
  // Spring forward: the wall time falls in the gap. Find the transition, where the gap ends.
  let lo = wall - after; // still on the old offset
  let hi = wall - before; // already on the new one
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetMs(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}
