// stateAt must agree with walking the schedule forward: for random rules and random times
// (biased to the 2026 DST changes and holiday boundaries), the state at t is the last change of a
// rule naming the device among those nextChanges returns from t − 14 days up to t.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LOOKBACK_MS, changesBetween, nextChanges, stateAt, WEEKDAYS, type ScheduleRule,
} from '../../../daemon/schedule/index.js';
import { TZ, calendar, paris } from './helpers.js';

const ACTIONS = ['unlock', 'lock', 'open', 'close', 'on', 'off', 'goto:50'];
const TARGETS = ['d1', 'd2', 'g1'];

const when = fc.oneof(
  fc.record({
    at: fc.tuple(fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 3 })), fc.constantFrom(0, 15, 30, 45, 59))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }),
  }),
  fc.record({
    cron: fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 })).map(([m, h]) => `${m} ${h} * * *`),
      fc.tuple(fc.constantFrom(15, 20, 30), fc.integer({ min: 0, max: 21 }), fc.constantFrom('*', '1-5', '0,6', '3'))
        .map(([step, h, dow]) => `*/${step} ${h}-${h + 2} * * ${dow}`),
      fc.integer({ min: 0, max: 23 }).map((h) => `0 ${h} L * *`),
      // Monthly: gaps near the 14-day look-back edge.
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 28 })).map(([h, d]) => `0 ${h} ${d} * *`),
      fc.integer({ min: 0, max: 6 }).map((d) => `0 30 2 * * ${d}#2`),
    ),
  }),
);

const rule = fc.tuple(
  when,
  fc.constantFrom(...ACTIONS),
  fc.uniqueArray(fc.constantFrom(...TARGETS), { minLength: 1 }),
  fc.constantFrom<'school' | 'holiday' | 'any'>('school', 'holiday', 'any', 'any'),
);

const rules = fc.array(rule, { minLength: 1, maxLength: 5 }).map((list) =>
  list.map(([w, action, targets, only], i): ScheduleRule => ({
    id: `r${i}`, targets, action, ...w,
    ...(only === 'school' ? { schoolDaysOnly: true } : only === 'holiday' ? { holidaysOnly: true } : {}),
  })),
);

const RANGE = [paris('2025-01-01 00:00'), paris('2027-12-31 00:00')];
const hot = ['2026-03-29 02:00', '2026-10-25 02:00', '2025-10-18 00:00', '2026-02-23 00:00', '2026-05-14 00:00'].map(paris);
const instant = fc.oneof(
  fc.integer({ min: RANGE[0], max: RANGE[1] }),
  fc.tuple(fc.constantFrom(...hot), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([t, d]) => t + d),
  fc.tuple(fc.constantFrom(...hot), fc.integer({ min: -120, max: 180 })).map(([t, min]) => t + min * 60_000),
);

describe('stateAt agrees with iterating nextChanges', () => {
  it('for random rules and times (zones A, B, C, Corse)', () => {
    fc.assert(
      fc.property(rules, instant, fc.constantFrom('A', 'B', 'C', 'Corse'), fc.constantFrom(...TARGETS), (rs, t, zone, device) => {
        let cursor = t - LOOKBACK_MS;
        let last: { at: number; ruleId: string; action: string } | null = null;
        for (;;) {
          const batch = nextChanges(rs, cursor, TZ, calendar, zone, { horizonDays: 20 });
          if (!batch || batch[0].at > t) break;
          for (const c of batch) if (c.targets.includes(device)) last = c; // applied in order: the last one stays
          expect(batch[0].at).toBeGreaterThan(cursor); // strictly after, so the walk always advances
          cursor = batch[0].at;
        }
        const s = stateAt(rs, t, TZ, calendar, zone, device);
        expect(s && { at: s.since, ruleId: s.ruleId, action: s.action }).toEqual(last && { at: last.at, ruleId: last.ruleId, action: last.action });
        // changesBetween walks the same firings.
        const listed = changesBetween(rs, t - LOOKBACK_MS, t, TZ, calendar, zone).filter((c) => c.targets.includes(device));
        expect(listed.at(-1)?.at ?? null).toBe(last?.at ?? null);
      }),
      { numRuns: 200 },
    );
  });

  it('at the edge of the 14-day window: just inside is found, at exactly 14 days it is gone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 35 }),
        fc.integer({ min: 1, max: 24 * 60 }),
        (h, d, month, minutes) => {
          const rs: ScheduleRule[] = [{ id: 'm', targets: ['d1'], action: 'lock', cron: `0 ${h} ${d} * *` }];
          const fire = nextChanges(rs, paris('2025-01-01 00:00') + month * 30 * 86_400_000, TZ, calendar, 'B')![0].at;
          expect(stateAt(rs, fire + LOOKBACK_MS - minutes * 60_000, TZ, calendar, 'B', 'd1')?.since).toBe(fire);
          expect(stateAt(rs, fire + LOOKBACK_MS, TZ, calendar, 'B', 'd1')).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });
});
