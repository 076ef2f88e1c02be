import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ICONE_COEFFICIENT, iconeBetween, iconeClass, iconeIndex, iconeRaw, isoWeekBounds, occupiedAt, weeklyIcone,
  type Co2Reading,
} from '../../../daemon/air/index.js';
import { HOUR, MIN, TZ, calendar, localWeekday, room, series, utc } from './helpers.js';

const byHand = (f1: number, f2: number) => 8.3048202372 * Math.log10(1 + f1 + 3 * f2);

describe('the ICONE formula', () => {
  it('is 0 when every value is at most 1000 ppm and 5 when every value is above 1700 ppm', () => {
    expect(iconeRaw(0, 0)).toBe(0);
    expect(iconeIndex(0, 0)).toBe(0);
    expect(iconeRaw(0, 1)).toBe(5); // 8.3 × log10(4) = 4.997; exactly 5 with 2.5 / log10(2)
    expect(iconeIndex(0, 1)).toBe(5);
    expect(8.3 * Math.log10(4)).toBeCloseTo(4.997, 3);
    expect(ICONE_COEFFICIENT).toBeCloseTo(8.3048, 4);
  });

  it.each([
    [0.5, 0, 1.46, 1], // 8.3 × log10(1.5)
    [1, 0, 2.5, 3], // 2.5 exactly: halves go up
    [0.3, 0.2, 2.31, 2],
    [0, 0.5, 3.3, 3],
    [0.2, 0.7, 4.31, 4],
    [0.1, 0.8, 4.52, 5],
  ])('f1=%s f2=%s → %s → %s', (f1, f2, raw, index) => {
    expect(iconeRaw(f1, f2)).toBeCloseTo(byHand(f1, f2), 9);
    expect(iconeRaw(f1, f2)).toBeCloseTo(raw, 2);
    expect(iconeIndex(f1, f2)).toBe(index);
  });

  it('rounds to the nearest integer, 0.5 going up (f1 = 2^0.2 − 1 gives exactly 0.5)', () => {
    const half = 2 ** 0.2 - 1;
    expect(iconeIndex(half - 1e-6, 0)).toBe(0);
    expect(iconeIndex(half + 1e-9, 0)).toBe(1);
  });

  it('classes: ≤ 1000 ppm, (1000, 1700], > 1700 (CSTB)', () => {
    expect([999, 1000, 1000.1, 1700, 1700.1].map(iconeClass)).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses shares outside [0, 1]', () => {
    expect(() => iconeRaw(0.7, 0.7)).toThrow(RangeError);
    expect(() => iconeRaw(-0.1, 0)).toThrow(RangeError);
    expect(() => iconeRaw(Number.NaN, 0)).toThrow(RangeError);
  });

  const shares = fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([a, b]) => [a * (1 - b), b] as const);

  it('is always an integer in 0..5 (property)', () => {
    fc.assert(
      fc.property(shares, ([f1, f2]) => {
        const raw = iconeRaw(f1, f2);
        const i = iconeIndex(f1, f2);
        return raw >= 0 && raw <= 5 && Number.isInteger(i) && i >= 0 && i <= 5;
      }),
    );
  });

  it('never goes down when f2 grows, nor when values move from class 1 to class 2 (property)', () => {
    fc.assert(
      fc.property(shares, fc.double({ min: 0, max: 1, noNaN: true }), ([f1, f2], k) => {
        const moreF2 = f2 + k * (1 - f1 - f2); // more class 2, less class 0
        const moved = k * f1; // class 1 → class 2
        return (
          iconeIndex(f1, moreF2) >= iconeIndex(f1, f2) &&
          iconeRaw(f1, moreF2) >= iconeRaw(f1, f2) &&
          iconeIndex(f1 - moved, f2 + moved) >= iconeIndex(f1, f2)
        );
      }),
    );
  });
});

// Week 14 of 2026 (30 March – 5 April, summer time), zone B: four full days and Wednesday morning.
const W14 = isoWeekBounds('2026-W14', TZ);
const ctxB = { timeZone: TZ, calendar, zone: 'B' };
const every10 = (ppm: (t: number) => number, sensor?: string) => series(W14.start, W14.end, 10, ppm, sensor);

describe('ICONE over a school week', () => {
  it('all below 1000 ppm: 0, with 162 ten-minute values over 27 hours, complete', () => {
    const [w] = weeklyIcone(room, every10(() => 650), W14.start, W14.end, ctxB);
    expect(w).toMatchObject({ room: 'salle-cp', isoWeek: '2026-W14', monday: '2026-03-30', sunday: '2026-04-05' });
    expect(w).toMatchObject({ icone: 0, f0: 1, f1: 0, f2: 0, n: 162, hoursOccupied: 27, hoursCovered: 27, completeness: 1 });
  });

  it('all above 1700 ppm: 5', () => {
    const [w] = weeklyIcone(room, every10(() => 1900), W14.start, W14.end, ctxB);
    expect(w).toMatchObject({ icone: 5, f2: 1, raw: 5 });
  });

  it('a mixed week computed by hand: Monday at 1200 ppm, Tuesday at 1800 ppm, the rest at 600', () => {
    const ppm = (t: number) => (localWeekday(t) === 1 ? 1200 : localWeekday(t) === 2 ? 1800 : 600);
    const [w] = weeklyIcone(room, every10(ppm), W14.start, W14.end, ctxB);
    const f = 36 / 162; // a full day is 36 ten-minute values of 162
    expect(w.f1).toBeCloseTo(f, 12);
    expect(w.f2).toBeCloseTo(f, 12);
    expect(w.raw).toBeCloseTo(byHand(f, f), 9); // 8.3 × log10(1 + 0.222 + 0.667) = 2.29
    expect(w.icone).toBe(2);
  });

  it('ignores readings outside occupied periods (lunch, evenings, weekend, before 08:30)', () => {
    const inside = (t: number) => occupiedAt(t, room, TZ, calendar, 'B');
    const readings = series(W14.start, W14.end, 1, (t) => (inside(t) ? 650 : 3000));
    const [w] = weeklyIcone(room, readings, W14.start, W14.end, ctxB);
    expect(w).toMatchObject({ icone: 0, f0: 1, completeness: 1, maxPpm: 650 });
  });

  it('a holiday week contributes nothing (winter 2026: zone C on holiday, zone A in class)', () => {
    const b = isoWeekBounds('2026-W09', TZ);
    const readings = series(b.start, b.end, 10, () => 1900);
    const [c] = weeklyIcone(room, readings, b.start, b.end, { ...ctxB, zone: 'C' });
    expect(c).toMatchObject({ icone: null, n: 0, hoursOccupied: 0, completeness: null, f1: null });
    const [a] = weeklyIcone(room, readings, b.start, b.end, { ...ctxB, zone: 'A' });
    expect(a).toMatchObject({ icone: 5, hoursOccupied: 27 });
  });

  it('DST: the spring-change week and the next each give their 27 hours from local times', () => {
    const from = isoWeekBounds('2026-W13', TZ).start;
    // 1800 ppm exactly while the room is occupied in local time, 400 otherwise
    const readings = series(from, W14.end, 5, (t) => (occupiedAt(t, room, TZ, calendar, 'B') ? 1800 : 400));
    const weeks = weeklyIcone(room, readings, from, W14.end, ctxB);
    expect(weeks.map((w) => [w.isoWeek, w.hoursOccupied, w.completeness, w.icone])).toEqual([
      ['2026-W13', 27, 1, 5],
      ['2026-W14', 27, 1, 5],
    ]);
  });

  it('uses 10-minute means: 950/1050 alternating each minute averages 1000 ppm, class 0', () => {
    const readings = series(W14.start, W14.end, 1, (t) => (Math.round(t / MIN) % 2 === 0 ? 950 : 1050));
    const [w] = weeklyIcone(room, readings, W14.start, W14.end, ctxB);
    expect(w).toMatchObject({ icone: 0, f1: 0, n: 162 });
  });

  it('a sensor every 15 min covers everything; every 20 min, three quarters (each reading holds 15 min)', () => {
    const [q] = weeklyIcone(room, series(W14.start, W14.end, 15, () => 700), W14.start, W14.end, ctxB);
    expect(q.completeness).toBe(1);
    // readings at 08:30, 08:50, … 11:10 (held to 11:25): 135 of 180 minutes
    const [t] = weeklyIcone(room, series(W14.start + 10 * MIN, W14.end, 20, () => 700), W14.start, W14.end, ctxB);
    expect(t.completeness).toBeCloseTo(0.75, 12);
    expect(t.hoursCovered).toBeCloseTo(27 * 0.75, 9);
  });

  it('missing data lowers completeness and the shares use the time with data', () => {
    const readings = every10((t) => (localWeekday(t) === 4 ? 1900 : 600)).filter((r) => localWeekday(r.t) !== 2);
    const [w] = weeklyIcone(room, readings, W14.start, W14.end, ctxB);
    expect(w.completeness).toBeCloseTo(126 / 162, 12); // no Tuesday
    expect(w.f2).toBeCloseTo(36 / 126, 12); // Thursday of the days with data
  });

  it('two sensors in one room are pooled: 600 and 1600 ppm give 1100, class 1 → f1 = 1 → 2.5 → 3', () => {
    const readings: Co2Reading[] = [...every10(() => 600, 'a'), ...every10(() => 1600, 'b')];
    const [w] = weeklyIcone(room, readings, W14.start, W14.end, ctxB);
    expect(w).toMatchObject({ f1: 1, icone: 3, completeness: 1, meanPpm: 1100 });
  });

  it('a week so far: to = Wednesday noon counts Monday, Tuesday and Wednesday morning', () => {
    const to = utc('2026-04-01T12:00:00+02:00');
    const [w] = weeklyIcone(room, every10(() => 600), W14.start, to, ctxB);
    expect(w.hoursOccupied).toBe(15);
    expect(w.completeness).toBe(1);
  });

  it('iconeBetween ignores non-finite values and unsorted input', () => {
    const readings = every10(() => 1200).reverse();
    readings.push({ t: W14.start + 9 * HOUR, ppm: Number.NaN });
    expect(iconeBetween(room, readings, W14.start, W14.end, ctxB)).toMatchObject({ f1: 1, icone: 3 });
  });
});
