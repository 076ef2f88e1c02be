import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertTimeZone, localDate, localParts, zonedTimeToUtc } from '../../../daemon/calendar/index.js';
import { addDays, weekday } from '../../../daemon/calendar/civil.js';

const iso = (t: number) => new Date(t).toISOString();

describe('wall-clock time in a zone', () => {
  it('Paris 2026: the spring gap maps to its end, the repeated hour to its first occurrence', () => {
    expect(iso(zonedTimeToUtc('2026-03-29', 1, 59, 0, 'Europe/Paris'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedTimeToUtc('2026-03-29', 2, 0, 0, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-03-29', 2, 30, 0, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-03-29', 3, 0, 0, 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-10-25', 2, 30, 0, 'Europe/Paris'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedTimeToUtc('2026-10-25', 3, 0, 0, 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-07-01', 12, 0, 0, 'Europe/Paris'))).toBe('2026-07-01T10:00:00.000Z');
    expect(iso(zonedTimeToUtc('2026-01-01', 0, 0, 0, 'Europe/Paris'))).toBe('2025-12-31T23:00:00.000Z');
  });

  it('other zones work the same (half-hour DST on Lord Howe, southern hemisphere)', () => {
    // Lord Howe moves 30 minutes, at 02:00 local, on the first Sunday of October.
    expect(iso(zonedTimeToUtc('2026-10-04', 2, 15, 0, 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
    expect(localDate(Date.parse('2026-03-28T23:30:00Z'), 'America/New_York')).toBe('2026-03-28');
  });

  it('round-trips any instant to its wall time (first occurrence when repeated)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC', 'Indian/Reunion'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2036, 0, 1) }), fc.constantFrom(...zones), (t0, tz) => {
        const ts = Math.floor(t0 / 1000) * 1000;
        const p = localParts(ts, tz);
        const date = localDate(ts, tz);
        const u = zonedTimeToUtc(date, p.hour, p.minute, p.second, tz);
        expect(localParts(u, tz)).toEqual(p);
        expect(u).toBeLessThanOrEqual(ts);
        expect(ts - u === 0 || ts - u <= 3_600_000).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('names an unknown zone', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('civil date arithmetic crosses months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-03-29')).toBe(0);
  });
});
