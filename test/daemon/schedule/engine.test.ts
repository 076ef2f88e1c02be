import { describe, expect, it } from 'vitest';
import {
  LOOKBACK_MS, changesBetween, nextChange, nextChanges, stateAt, statesAt, type ScheduleRule,
} from '../../../daemon/schedule/index.js';
import { TZ, WEEKDAYS_ONLY, calendar, doorRules, local, paris } from './helpers.js';

const next = (rules: ScheduleRule[], from: string, zone = 'B') => {
  const c = nextChange(rules, paris(from), TZ, calendar, zone);
  return c && { at: local(c.at), ruleId: c.ruleId, action: c.action };
};
const state = (rules: ScheduleRule[], t: string, device = 'door-1', zone = 'B') => {
  const s = stateAt(rules, paris(t), TZ, calendar, zone, device);
  return s && { action: s.action, ruleId: s.ruleId, since: local(s.since) };
};

describe('an ordinary week', () => {
  it('finds the next change strictly after the given time', () => {
    expect(next(doorRules, '2025-09-08 06:00')).toEqual({ at: '2025-09-08 07:30', ruleId: 'open-morning', action: 'unlock' });
    expect(next(doorRules, '2025-09-08 07:30')).toMatchObject({ at: '2025-09-08 18:00', action: 'lock' });
    expect(next(doorRules, '2025-09-12 19:00')).toMatchObject({ at: '2025-09-15 07:30', action: 'unlock' }); // Friday → Monday
  });

  it('gives the state a device should be in now', () => {
    expect(state(doorRules, '2025-09-09 12:00')).toEqual({ action: 'unlock', ruleId: 'open-morning', since: '2025-09-09 07:30' });
    expect(state(doorRules, '2025-09-09 07:30')).toMatchObject({ action: 'unlock' }); // at or before t
    expect(state(doorRules, '2025-09-09 07:29')).toMatchObject({ action: 'lock', since: '2025-09-08 18:00' });
    expect(state(doorRules, '2025-09-13 11:00')).toMatchObject({ action: 'lock', since: '2025-09-12 18:00' }); // Saturday
    expect(state(doorRules, '2025-09-09 12:00', 'shutter-1')).toBeNull();
  });

  it('looks back 14 days at most', () => {
    const yearly: ScheduleRule[] = [{ id: 'y', targets: ['door-1'], action: 'lock', cron: '0 12 1 9 *' }];
    expect(state(yearly, '2025-09-14 12:00')).toMatchObject({ since: '2025-09-01 12:00' });
    expect(state(yearly, '2025-09-15 11:59')).toMatchObject({ since: '2025-09-01 12:00' });
    expect(state(yearly, '2025-09-15 12:00')).toBeNull(); // the window is (t − 14 days, t]
  });

  it('statesAt answers for every target at once', () => {
    const all = statesAt(doorRules, paris('2025-09-09 12:00'), TZ, calendar, 'B');
    expect([...all.keys()].sort()).toEqual(['door-1', 'door-2']);
  });

  it('a cron rule means what node-cron says, in local time', () => {
    const rules: ScheduleRule[] = [
      { id: 'c', targets: ['door-1'], action: 'unlock', cron: '30 7 * * 1-5' },
      { id: 'end-of-month', targets: ['lights'], action: 'off', cron: '0 12 L * *' },
      { id: 'second-monday', targets: ['lights'], action: 'on', cron: '0 0 9 * * 1#2' },
    ];
    expect(next(rules, '2025-09-12 19:00')).toMatchObject({ at: '2025-09-15 07:30', ruleId: 'c' });
    const month = changesBetween(rules.slice(1), paris('2026-02-01 00:00'), paris('2026-03-01 00:00'), TZ, calendar, 'B');
    expect(month.map((c) => `${local(c.at)} ${c.ruleId}`)).toEqual(['2026-02-09 09:00 second-monday', '2026-02-28 12:00 end-of-month']);
  });

  it('several rules at one instant: nextChanges gives all in rule order, the later one wins the state', () => {
    const rules: ScheduleRule[] = [
      { id: 'a', targets: ['lamp'], action: 'on', at: '08:00', days: ['mon'] },
      { id: 'b', targets: ['lamp', 'fan'], action: 'off', at: '08:00', days: ['mon'] },
    ];
    const all = nextChanges(rules, paris('2025-09-08 00:00'), TZ, calendar, 'B');
    expect(all?.map((c) => c.ruleId)).toEqual(['a', 'b']);
    expect(nextChange(rules, paris('2025-09-08 00:00'), TZ, calendar, 'B')?.ruleId).toBe('a');
    expect(state(rules, '2025-09-08 09:00', 'lamp')).toMatchObject({ action: 'off', ruleId: 'b' });
  });

  it('returns null beyond the horizon, which can be widened', () => {
    const leap: ScheduleRule[] = [{ id: 'leap', targets: ['x'], action: 'on', cron: '0 0 29 2 *' }];
    expect(nextChange(leap, paris('2025-03-01 00:00'), TZ, calendar, 'B')).toBeNull();
    const far = nextChange(leap, paris('2025-03-01 00:00'), TZ, calendar, 'B', { horizonDays: 1200 });
    expect(local(far!.at)).toBe('2028-02-29 00:00');
    expect(nextChange([], 0, TZ, calendar, 'B')).toBeNull();
  });

  it('refuses an unknown time zone', () => {
    expect(() => nextChange(doorRules, 0, 'Europe/Pari', calendar, 'B')).toThrow(/unknown time zone "Europe\/Pari"/);
  });
});

describe('daylight saving in Europe/Paris, 2026', () => {
  const nightly: ScheduleRule[] = [{ id: 'night', targets: ['door-1'], action: 'lock', at: '02:30', days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] }];

  it('29 March (spring forward): 02:30 does not exist, the rule fires at 03:00', () => {
    const c = nextChange(nightly, paris('2026-03-29 00:00'), TZ, calendar, 'B')!;
    expect(new Date(c.at).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(local(c.at)).toBe('2026-03-29 03:00');
    expect(next(nightly, '2026-03-29 03:00')).toMatchObject({ at: '2026-03-30 02:30' });
    expect(state(nightly, '2026-03-29 04:00')).toMatchObject({ since: '2026-03-29 03:00' });
  });

  it('25 October (fall back): 02:30 happens twice, the rule fires once, at the first', () => {
    const c = nextChange(nightly, paris('2026-10-25 00:00'), TZ, calendar, 'B')!;
    expect(new Date(c.at).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    const after = nextChange(nightly, c.at, TZ, calendar, 'B')!;
    expect(new Date(after.at).toISOString()).toBe('2026-10-26T01:30:00.000Z'); // next day, 02:30 CET
    // At 02:30 CET on the 25th (the second 02:30) the state still dates from the first.
    expect(stateAt(nightly, Date.parse('2026-10-25T01:30:00Z'), TZ, calendar, 'B', 'door-1')?.since).toBe(c.at);
  });

  it('a cron every 30 minutes: 46 changes on the 23-hour day, 48 (not 50) on the 25-hour day', () => {
    const half: ScheduleRule[] = [{ id: 'h', targets: ['fan'], action: 'on', cron: '*/30 * * * *' }];
    const count = (day: string, nextDay: string) =>
      changesBetween(half, paris(`${day} 00:00`) - 1, paris(`${nextDay} 00:00`) - 1, TZ, calendar, 'B').length;
    expect(count('2026-03-29', '2026-03-30')).toBe(46); // 02:00, 02:30 fold into 03:00
    expect(count('2026-10-25', '2026-10-26')).toBe(48); // the repeated hour fires once, not twice
    expect(count('2026-10-26', '2026-10-27')).toBe(48);
  });

  it('the 14-day look-back reaches 15 dates back when it contains the spring change', () => {
    const once: ScheduleRule[] = [{ id: 'once', targets: ['door-1'], action: 'lock', cron: '45 23 16 3 *' }];
    const fire = paris('2026-03-16 23:45');
    const t = fire + LOOKBACK_MS - 60_000; // 31 March 00:44 CEST, fifteen dates after the 16th
    expect(local(t)).toBe('2026-03-31 00:44');
    expect(stateAt(once, t, TZ, calendar, 'B', 'door-1')?.since).toBe(fire);
  });

  it('weekly rules keep their wall-clock time across the change', () => {
    const seen = changesBetween(doorRules.slice(0, 1), paris('2026-03-26 00:00'), paris('2026-04-01 00:00'), TZ, calendar, 'B');
    expect(seen.map((c) => local(c.at))).toEqual(['2026-03-26 07:30', '2026-03-27 07:30', '2026-03-30 07:30', '2026-03-31 07:30']);
  });
});

describe('school calendar', () => {
  const schoolDoor: ScheduleRule[] = [
    { id: 'open', targets: ['door-1'], action: 'unlock', at: '08:00', days: WEEKDAYS_ONLY, schoolDaysOnly: true },
  ];

  it('schoolDaysOnly skips holidays, per zone (winter 2026)', () => {
    expect(next(schoolDoor, '2026-02-20 09:00', 'A')).toMatchObject({ at: '2026-02-23 08:00' });
    expect(next(schoolDoor, '2026-02-20 09:00', 'B')).toMatchObject({ at: '2026-03-02 08:00' });
    expect(next(schoolDoor, '2026-02-20 09:00', 'C')).toMatchObject({ at: '2026-03-09 08:00' });
  });

  it('schoolDaysOnly skips bank holidays and, for a primary school, Wednesdays', () => {
    expect(next(schoolDoor, '2025-11-10 09:00')).toMatchObject({ at: '2025-11-12 08:00' }); // 11 November
    const primary = calendar.withOptions({ wednesdays: 'off' });
    const c = nextChange(schoolDoor, paris('2025-11-10 09:00'), TZ, primary, 'B');
    expect(local(c!.at)).toBe('2025-11-13 08:00');
  });

  it('holidaysOnly fires only during school holidays', () => {
    const centre: ScheduleRule[] = [
      { id: 'leisure', targets: ['hall'], action: 'on', at: '09:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], holidaysOnly: true },
    ];
    expect(next(centre, '2025-10-15 10:00')).toMatchObject({ at: '2025-10-19 09:00' }); // 18th is start_date
    expect(next(centre, '2025-11-02 10:00')).toMatchObject({ at: '2025-12-21 09:00' });
  });
});
