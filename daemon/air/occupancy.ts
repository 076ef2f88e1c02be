// When a classroom has children in it: the room's weekly timetable (local wall-clock times in the
// site's zone), limited to school days by the school calendar. The ICONE index counts only these
// periods, and ISO weeks (Monday 00:00 local to the next Monday) are its reporting unit.
import { addDays, daysBetween, isoDate, mustDate, weekday, type IsoDate } from '../calendar/civil.js';
import { localDate, zonedTimeToUtc } from '../calendar/zoned.js';
import type { OccupancyPeriod } from '../config/sections/rooms.js';
import { WEEKDAYS } from '../schedule/rules.js';

/** What the occupancy needs from the school calendar (SchoolCalendar fits). */
export interface CalendarLike {
  isSchoolDay(date: IsoDate, zone: string): boolean;
  isBankHoliday(date: IsoDate): boolean;
}

/** The parts of a room's configuration that say when it is occupied. */
export interface RoomTimetable {
  occupancy: readonly OccupancyPeriod[];
  schoolDaysOnly: boolean;
}

export interface OccupancyContext {
  timeZone: string;
  /** Without a calendar only the timetable counts (holidays are then counted as class time). */
  calendar?: CalendarLike | null;
  /** The site's school-holiday zone; without one, only weekends and bank holidays are off. */
  zone?: string;
}

/** Half-open [start, end) in ms since the epoch. */
export interface Interval {
  start: number;
  end: number;
}

/** Whether the calendar lets the timetable apply on this civil date. */
export function hasClass(date: IsoDate, room: RoomTimetable, ctx: OccupancyContext): boolean {
  const cal = ctx.calendar;
  if (!room.schoolDaysOnly || !cal) return true;
  if (ctx.zone !== undefined) return cal.isSchoolDay(date, ctx.zone);
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !cal.isBankHoliday(date);
}

function hm(text: string): [number, number] {
  const [h, m] = text.split(':').map(Number);
  return [h, m];
}

/** The room's occupied intervals on one civil date, sorted and merged (overlapping entries count once). */
export function dayIntervals(date: IsoDate, room: RoomTimetable, ctx: OccupancyContext): Interval[] {
  if (!hasClass(date, room, ctx)) return [];
  const day = WEEKDAYS[weekday(date)];
  const raw: Interval[] = [];
  for (const p of room.occupancy) {
    if (!p.days.includes(day)) continue;
    // zonedTimeToUtc applies the calendar's DST policy; school hours never fall in a DST gap in
    // France (changes happen at 02:00/03:00 on a Sunday) but the policy keeps others defined.
    const start = zonedTimeToUtc(date, ...hm(p.from), 0, ctx.timeZone);
    const end = zonedTimeToUtc(date, ...hm(p.to), 0, ctx.timeZone);
    if (end > start) raw.push({ start, end });
  }
  return mergeIntervals(raw);
}

export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

/** True when instant t falls in an occupied period of the room. */
export function occupiedAt(
  t: number,
  room: RoomTimetable,
  timeZone: string,
  calendar?: CalendarLike | null,
  zone?: string,
): boolean {
  const date = localDate(t, timeZone);
  return dayIntervals(date, room, { timeZone, calendar, zone }).some((iv) => iv.start <= t && t < iv.end);
}

/** Occupied intervals clipped to [from, to), in order. */
export function occupiedIntervals(room: RoomTimetable, from: number, to: number, ctx: OccupancyContext): Interval[] {
  if (!(to > from)) return [];
  const out: Interval[] = [];
  const last = localDate(to - 1, ctx.timeZone);
  // a day before the first local date too: cheap, and safe whatever the zone's offset
  for (let date = addDays(localDate(from, ctx.timeZone), -1); date <= last; date = addDays(date, 1)) {
    for (const iv of dayIntervals(date, room, ctx)) {
      const start = Math.max(iv.start, from);
      const end = Math.min(iv.end, to);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}

export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, iv) => sum + (iv.end - iv.start), 0);
}

/** ISO 8601 week of a civil date, 'YYYY-Www' (the week belongs to the year of its Thursday). */
export function isoWeekOf(date: IsoDate): string {
  const iso = weekday(date) || 7; // Monday 1 … Sunday 7
  const thursday = addDays(date, 4 - iso);
  const year = mustDate(thursday).year;
  const week = Math.floor(daysBetween(isoDate(year, 1, 1), thursday) / 7) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week 'YYYY-Www'. Throws a RangeError on anything else. */
export function isoWeekMonday(week: string): IsoDate {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  const w = m ? Number(m[2]) : 0;
  if (!m || w < 1 || w > 53) throw new RangeError(`not an ISO week YYYY-Www: ${JSON.stringify(week)}`);
  const jan4 = isoDate(Number(m[1]), 1, 4); // always in week 1
  const monday = addDays(addDays(jan4, 1 - (weekday(jan4) || 7)), (w - 1) * 7);
  if (isoWeekOf(monday) !== week) throw new RangeError(`${week} does not exist (that year has 52 weeks)`);
  return monday;
}

/** The week as instants: Monday 00:00 local to the next Monday 00:00 local (167 h or 169 h across DST). */
export function isoWeekBounds(week: string, timeZone: string): Interval {
  const monday = isoWeekMonday(week);
  return { start: zonedTimeToUtc(monday, 0, 0, 0, timeZone), end: zonedTimeToUtc(addDays(monday, 7), 0, 0, 0, timeZone) };
}

/** ISO weeks touching [from, to), in order. */
export function isoWeeksBetween(from: number, to: number, timeZone: string): string[] {
  if (!(to > from)) return [];
  const out: string[] = [];
  let monday = isoWeekMonday(isoWeekOf(localDate(from, timeZone)));
  const last = localDate(to - 1, timeZone);
  for (; monday <= last; monday = addDays(monday, 7)) out.push(isoWeekOf(monday));
  return out;
}
