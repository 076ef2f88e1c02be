// What the schedule says, as pure functions of (rules, time, zone, calendar): the next change, and
// the state a device should be in now. The daemon applies stateAt once after an outage or a clock
// jump instead of replaying the events it missed (a door must not unlock and lock again at 3 am
// because the Pi was off at 8 am).
//
// Times are local wall-clock times in the site's time zone, a day at a time; see
// daemon/calendar/zoned.ts for the daylight-saving policy (a time in the spring gap fires when the
// gap ends, a repeated time fires once, at its first occurrence).
import { addDays, type IsoDate } from '../calendar/civil.js';
import { assertTimeZone, localDate, zonedTimeToUtc } from '../calendar/zoned.js';
import { compileRules, type CompiledRule, type ScheduleRule } from './rules.js';

/** The calendar questions rules ask; a SchoolCalendar (withOptions for the site) fits. */
export interface ScheduleCalendar {
  isSchoolDay(date: IsoDate, zone: string): boolean;
  isHoliday(date: IsoDate, zone: string): boolean;
}

export interface Change {
  at: number;
  ruleId: string;
  action: string;
  targets: string[];
}

export interface DeviceState {
  action: string;
  ruleId: string;
  /** When the rule that set it fired. */
  since: number;
}

export const LOOKBACK_MS = 14 * 86_400_000;
// t's date and the 15 before it: a 14 × 24 h window containing a spring change starts 15 dates back.
const LOOKBACK_DAYS = 15;
/** How far nextChange looks ahead: a year and a bit covers summer holidays and yearly crons. */
export const DEFAULT_HORIZON_DAYS = 400;

interface Firing {
  at: number;
  rule: CompiledRule;
}

/** Every firing of the given rules on one local date, sorted by time then rule order. */
function firingsOn(rules: readonly CompiledRule[], date: IsoDate, tz: string, calendar: ScheduleCalendar, zone: string): Firing[] {
  let school: boolean | undefined;
  let holiday: boolean | undefined;
  const out: Firing[] = [];
  for (const rule of rules) {
    if (!rule.firesOn(date)) continue;
    if (rule.rule.schoolDaysOnly && !(school ??= calendar.isSchoolDay(date, zone))) continue;
    if (rule.rule.holidaysOnly && !(holiday ??= calendar.isHoliday(date, zone))) continue;
    let previous = Number.NaN;
    for (const [h, m, s] of rule.times) {
      const at = zonedTimeToUtc(date, h, m, s, tz);
      // Several times in a spring gap (02:00, 02:15, … every 15 min) all land at its end: once.
      if (at !== previous) out.push({ at, rule });
      previous = at;
    }
  }
  return out.sort((a, b) => a.at - b.at || a.rule.index - b.rule.index);
}

function toChange(f: Firing): Change {
  return { at: f.at, ruleId: f.rule.rule.id, action: f.rule.rule.action, targets: [...f.rule.rule.targets] };
}

export interface NextOptions {
  horizonDays?: number;
}

/**
 * All changes at the first instant strictly after `from`, in rule order (apply them in that
 * order), or null when no rule fires within the horizon.
 */
export function nextChanges(
  rules: readonly ScheduleRule[],
  from: number,
  tz: string,
  calendar: ScheduleCalendar,
  zone: string,
  opts: NextOptions = {},
): Change[] | null {
  assertTimeZone(tz);
  const compiled = compileRules(rules);
  if (compiled.length === 0) return null;
  // Firings of a local date all lie within that date, so no earlier date can fire after `from`.
  let date = localDate(from, tz);
  for (let i = 0; i <= (opts.horizonDays ?? DEFAULT_HORIZON_DAYS); i++, date = addDays(date, 1)) {
    const later = firingsOn(compiled, date, tz, calendar, zone).filter((f) => f.at > from);
    if (later.length > 0) return later.filter((f) => f.at === later[0].at).map(toChange);
  }
  return null;
}

/**
 * The first rule firing strictly after `from`. When several rules fire at that instant this is
 * the first in rule order; nextChanges gives them all.
 */
export function nextChange(
  rules: readonly ScheduleRule[],
  from: number,
  tz: string,
  calendar: ScheduleCalendar,
  zone: string,
  opts: NextOptions = {},
): Change | null {
  return nextChanges(rules, from, tz, calendar, zone, opts)?.[0] ?? null;
}

/**
 * The state the schedule gives each target at t: the last firing at or before t, within the last
 * 14 days, of a rule naming it (at one instant, the later rule wins). Targets are matched as
 * written: a caller that uses groups expands them, or asks with the group's id.
 */
export function statesAt(
  rules: readonly ScheduleRule[],
  t: number,
  tz: string,
  calendar: ScheduleCalendar,
  zone: string,
  only?: ReadonlySet<string>,
): Map<string, DeviceState> {
  assertTimeZone(tz);
  const compiled = compileRules(rules).filter((r) => !only || r.rule.targets.some((x) => only.has(x)));
  const wanted = new Set(compiled.flatMap((r) => r.rule.targets).filter((x) => !only || only.has(x)));
  const states = new Map<string, DeviceState>();
  let date = localDate(t, tz);
  for (let i = 0; i <= LOOKBACK_DAYS && states.size < wanted.size; i++, date = addDays(date, -1)) {
    const day = firingsOn(compiled, date, tz, calendar, zone).filter((f) => f.at <= t && f.at > t - LOOKBACK_MS);
    // Latest first; at one instant the later rule first, so it wins.
    for (let k = day.length - 1; k >= 0; k--) {
      const f = day[k];
      for (const target of f.rule.rule.targets) {
        if (!wanted.has(target) || states.has(target)) continue;
        states.set(target, { action: f.rule.rule.action, ruleId: f.rule.rule.id, since: f.at });
      }
    }
  }
  return states;
}

export function stateAt(
  rules: readonly ScheduleRule[],
  t: number,
  tz: string,
  calendar: ScheduleCalendar,
  zone: string,
  deviceId: string,
): DeviceState | null {
  return statesAt(rules, t, tz, calendar, zone, new Set([deviceId])).get(deviceId) ?? null;
}

/** Every change in (from, to], in order: for previews ("what happens this week") and tests. */
export function changesBetween(
  rules: readonly ScheduleRule[],
  from: number,
  to: number,
  tz: string,
  calendar: ScheduleCalendar,
  zone: string,
): Change[] {
  assertTimeZone(tz);
  const compiled = compileRules(rules);
  const out: Change[] = [];
  for (let date = localDate(from, tz); date <= localDate(to, tz); date = addDays(date, 1)) {
    for (const f of firingsOn(compiled, date, tz, calendar, zone)) if (f.at > from && f.at <= to) out.push(toChange(f));
  }
  return out;
}
