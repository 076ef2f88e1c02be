import { describe, expect, it } from 'vitest';
import {
  isoWeekBounds, isoWeekMonday, isoWeekOf, isoWeeksBetween, occupiedAt, occupiedIntervals, totalMs,
} from '../../../daemon/air/index.js';
import { HOUR, TZ, calendar, room, utc } from './helpers.js';

describe('occupiedAt: timetable, school calendar, time zone', () => {
  it('follows the local timetable in winter (UTC+1) and summer (UTC+2)', () => {
    // Friday 27 March 2026 (CET): 08:35 local is 07:35Z
    expect(occupiedAt(utc('2026-03-27T06:35:00Z'), room, TZ, calendar, 'B')).toBe(false);
    expect(occupiedAt(utc('2026-03-27T07:35:00Z'), room, TZ, calendar, 'B')).toBe(true);
    // Monday 30 March 2026 (CEST, the day after the change): 08:35 local is 06:35Z
    expect(occupiedAt(utc('2026-03-30T06:35:00Z'), room, TZ, calendar, 'B')).toBe(true);
    expect(occupiedAt(utc('2026-03-30T09:35:00Z'), room, TZ, calendar, 'B')).toBe(false); // 11:35, lunch
    expect(occupiedAt(utc('2026-03-30T11:30:00Z'), room, TZ, calendar, 'B')).toBe(true); // 13:30 sharp
    expect(occupiedAt(utc('2026-03-30T14:30:00Z'), room, TZ, calendar, 'B')).toBe(false); // 16:30 sharp: ended
  });

  it('Wednesday morning only, no weekend', () => {
    expect(occupiedAt(utc('2026-04-01T07:00:00Z'), room, TZ, calendar, 'B')).toBe(true); // Wed 09:00
    expect(occupiedAt(utc('2026-04-01T12:00:00Z'), room, TZ, calendar, 'B')).toBe(false); // Wed 14:00
    expect(occupiedAt(utc('2026-04-04T08:00:00Z'), room, TZ, calendar, 'B')).toBe(false); // Saturday
  });

  it('school holidays depend on the zone; bank holidays are off everywhere', () => {
    const monday = utc('2026-02-23T08:00:00Z'); // 09:00, winter holidays in zone C only
    expect(occupiedAt(monday, room, TZ, calendar, 'A')).toBe(true);
    expect(occupiedAt(monday, room, TZ, calendar, 'C')).toBe(false);
    expect(occupiedAt(utc('2026-05-01T07:00:00Z'), room, TZ, calendar, 'A')).toBe(false); // 1er mai, a Friday
  });

  it('without a zone only weekends and bank holidays are off; without the calendar only the timetable', () => {
    expect(occupiedAt(utc('2026-02-23T08:00:00Z'), room, TZ, calendar)).toBe(true);
    expect(occupiedAt(utc('2026-05-01T07:00:00Z'), room, TZ, calendar)).toBe(false);
    expect(occupiedAt(utc('2026-05-01T07:00:00Z'), room, TZ, null)).toBe(true);
    expect(occupiedAt(utc('2026-02-23T08:00:00Z'), { ...room, schoolDaysOnly: false }, TZ, calendar, 'C')).toBe(true);
  });

  it('the calendar decides Wednesdays when the school has none', () => {
    const noWednesday = calendar.withOptions({ wednesdays: 'off' });
    expect(occupiedAt(utc('2026-04-01T07:00:00Z'), room, TZ, noWednesday, 'B')).toBe(false);
  });

  it('overlapping timetable entries count once', () => {
    const r = { ...room, occupancy: [...room.occupancy, { days: ['mon' as const], from: '08:00', to: '09:00' }] };
    const ivs = occupiedIntervals(r, utc('2026-03-30T00:00:00+02:00'), utc('2026-03-31T00:00:00+02:00'), { timeZone: TZ });
    expect(ivs).toEqual([
      { start: utc('2026-03-30T08:00:00+02:00'), end: utc('2026-03-30T11:30:00+02:00') },
      { start: utc('2026-03-30T13:30:00+02:00'), end: utc('2026-03-30T16:30:00+02:00') },
    ]);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday
    ['2025-12-29', '2026-W01'], // its Monday, still in 2025
    ['2027-01-01', '2026-W53'], // 2026 starts on a Thursday: 53 weeks
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2026-03-29', '2026-W13'], // Sunday of the spring DST change
    ['2026-03-30', '2026-W14'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('Mondays, and weeks that do not exist', () => {
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(isoWeekMonday('2026-W14')).toBe('2026-03-30');
    expect(() => isoWeekMonday('2025-W53')).toThrow(RangeError);
    expect(() => isoWeekMonday('2026-14')).toThrow(RangeError);
  });

  it('a DST week is 167 h (spring) or 169 h (autumn) from local Monday midnight', () => {
    const spring = isoWeekBounds('2026-W13', TZ);
    expect(spring.start).toBe(utc('2026-03-23T00:00:00+01:00'));
    expect(spring.end).toBe(utc('2026-03-30T00:00:00+02:00'));
    expect(spring.end - spring.start).toBe(167 * HOUR);
    const autumn = isoWeekBounds('2026-W43', TZ);
    expect(autumn.end - autumn.start).toBe(169 * HOUR);
  });

  it('a reading just after local midnight on Monday belongs to the new week', () => {
    // 30 March 00:10 CEST is Sunday 22:10Z
    const weeks = isoWeeksBetween(utc('2026-03-29T21:50:00Z'), utc('2026-03-29T22:20:00Z'), TZ);
    expect(weeks).toEqual(['2026-W13', '2026-W14']);
  });

  it('a school week has 27 occupied hours, whatever the DST', () => {
    for (const week of ['2026-W13', '2026-W14']) {
      const b = isoWeekBounds(week, TZ);
      expect(totalMs(occupiedIntervals(room, b.start, b.end, { timeZone: TZ, calendar, zone: 'B' }))).toBe(27 * HOUR);
    }
    // autumn change week (Toussaint holidays): the timetable alone still gives 27 h in 169 h
    const b = isoWeekBounds('2026-W43', TZ);
    expect(totalMs(occupiedIntervals({ ...room, schoolDaysOnly: false }, b.start, b.end, { timeZone: TZ }))).toBe(27 * HOUR);
    expect(totalMs(occupiedIntervals(room, b.start, b.end, { timeZone: TZ, calendar, zone: 'B' }))).toBe(0);
  });
});
