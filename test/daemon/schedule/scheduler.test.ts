import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type FiredChange, type ScheduleRule, type SchedulerOptions, type TargetState } from '../../../daemon/schedule/index.js';
import { TZ, calendar, doorRules, local, paris } from './helpers.js';

const DAY = 86_400_000;
const EVERY_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as ScheduleRule['days'];

let fired: FiredChange[];
let resyncs: { states: TargetState[]; why: string }[];

function driver(rules: readonly ScheduleRule[], extra: Partial<SchedulerOptions<ReturnType<typeof setTimeout>>> = {}) {
  return new Scheduler({
    rules, tz: TZ, zone: 'B', calendar: () => calendar,
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h),
    onChange: (c) => fired.push(c),
    onResync: (states, why) => resyncs.push({ states, why }),
    ...extra,
  });
}
const seen = () => fired.map((c) => `${local(c.at)} ${c.action}${c.held ? ' (held)' : ''}`);

beforeEach(() => {
  vi.useFakeTimers();
  fired = [];
  resyncs = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the schedule driver', () => {
  it('fires at the right local times across the spring change (29 March 2026)', () => {
    vi.setSystemTime(paris('2026-03-27 12:00'));
    const rules: ScheduleRule[] = [{ id: 'night', targets: ['door-1'], action: 'lock', at: '02:30', days: EVERY_DAY }, doorRules[0]];
    const s = driver(rules);
    const states = s.start();
    expect(states.find((x) => x.target === 'door-1')).toMatchObject({ action: 'unlock', since: paris('2026-03-27 07:30') });
    vi.advanceTimersByTime(4 * DAY);
    expect(seen()).toEqual([
      '2026-03-28 02:30 lock', '2026-03-29 03:00 lock', '2026-03-30 02:30 lock', '2026-03-30 07:30 unlock',
      '2026-03-31 02:30 lock', '2026-03-31 07:30 unlock',
    ]);
    // Each fired at its instant, not a timer's worth late.
    for (const c of fired) expect(c.at).toBeLessThanOrEqual(Date.now());
    expect(resyncs).toEqual([]);
    s.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires once, not twice, in the repeated hour of 25 October 2026', () => {
    vi.setSystemTime(paris('2026-10-24 12:00'));
    const times: number[] = [];
    const s = driver([{ id: 'night', targets: ['door-1'], action: 'lock', at: '02:30', days: EVERY_DAY }], {
      onChange: (c) => {
        times.push(Date.now());
        fired.push(c);
      },
    });
    s.start();
    vi.advanceTimersByTime(2 * DAY);
    expect(seen()).toEqual(['2026-10-25 02:30 lock', '2026-10-26 02:30 lock']);
    expect(new Date(times[0]).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30 (CEST)
    s.stop();
  });

  it('after a jump of +3 days, resync applies the state once and never replays', () => {
    vi.setSystemTime(paris('2025-09-08 12:00')); // Monday, doors unlocked since 07:30
    const s = driver(doorRules);
    s.start();
    vi.setSystemTime(Date.now() + 3 * DAY); // Thursday 12:00: Monday 18:00 … Thursday 07:30 were missed
    const states = s.resync(Date.now());
    expect(states).toEqual([
      { target: 'door-1', action: 'unlock', ruleId: 'open-morning', since: paris('2025-09-11 07:30'), held: false },
      { target: 'door-2', action: 'unlock', ruleId: 'open-morning', since: paris('2025-09-11 07:30'), held: false },
    ]);
    vi.advanceTimersByTime(7 * 3_600_000); // to Thursday 19:00
    expect(seen()).toEqual(['2025-09-11 18:00 lock']); // nothing from Monday to Thursday morning
    expect(resyncs).toEqual([]);
    s.stop();
  });

  it('notices a missed change by itself and resyncs instead of replaying', () => {
    vi.setSystemTime(paris('2025-09-08 12:00'));
    const s = driver(doorRules);
    s.start();
    vi.setSystemTime(Date.now() + 3 * DAY); // the caller did not call resync
    vi.advanceTimersByTime(7 * 3_600_000);
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0].why).toMatch(/missed/);
    expect(resyncs[0].states.map((x) => `${x.target} ${x.action} ${local(x.since)}`)).toEqual([
      'door-1 unlock 2025-09-11 07:30', 'door-2 unlock 2025-09-11 07:30',
    ]);
    expect(seen()).toEqual(['2025-09-11 18:00 lock']);
    s.stop();
  });

  it('resyncs when the clock goes backwards, then fires the changes that are ahead again', () => {
    vi.setSystemTime(paris('2025-09-09 17:00'));
    const s = driver(doorRules);
    s.start();
    vi.advanceTimersByTime(2 * 3_600_000); // Tuesday 18:00 lock fired
    vi.setSystemTime(paris('2025-09-08 19:00')); // NTP corrects a clock that ran a day ahead
    vi.advanceTimersByTime(3_600_000);
    expect(resyncs.map((r) => r.why)).toEqual(['the clock went backwards']);
    vi.advanceTimersByTime(DAY);
    expect(seen()).toEqual(['2025-09-09 18:00 lock', '2025-09-09 07:30 unlock', '2025-09-09 18:00 lock']);
    s.stop();
  });

  it('holds unlock and open while the clock is untrusted, with a reason', () => {
    vi.setSystemTime(paris('2025-09-08 05:00'));
    const rules: ScheduleRule[] = [
      ...doorRules,
      { id: 'shutters', targets: ['shutter-1'], action: 'goto:50', at: '07:30', days: ['mon'] },
    ];
    const s = driver(rules, { clockTrusted: false, holdWhenUntrusted: ['unlock', 'open', 'goto'] });
    const states = s.start();
    expect(states.find((x) => x.target === 'door-1')).toMatchObject({ action: 'lock', held: false });
    vi.advanceTimersByTime(3 * 3_600_000);
    expect(seen()).toEqual(['2025-09-08 07:30 unlock (held)', '2025-09-08 07:30 goto:50 (held)']);
    expect(fired[0].reason).toMatch(/clock not trusted/);
    expect(s.resync().find((x) => x.target === 'door-1')).toMatchObject({ action: 'unlock', held: true });
    s.clockTrusted = true;
    expect(s.resync().find((x) => x.target === 'door-1')).toMatchObject({ action: 'unlock', held: false });
    vi.advanceTimersByTime(11 * 3_600_000);
    expect(seen().at(-1)).toBe('2025-09-08 18:00 lock');
    s.stop();
  });

  it('delivers every change of an instant even if one callback throws', () => {
    vi.setSystemTime(paris('2025-09-08 07:00'));
    const errors: string[] = [];
    const s = driver(doorRules, {
      onChange: (c) => {
        fired.push(c);
        if (fired.length === 1) throw new Error('relay busy');
      },
      onError: (err, c) => errors.push(`${(err as Error).message} ${c.ruleId}`),
    });
    s.start();
    vi.advanceTimersByTime(3_600_000);
    expect(errors).toEqual(['relay busy open-morning']);
    expect(s.running).toBe(true);
    expect(s.next?.[0].ruleId).toBe('close-evening');
    s.stop();
  });

  it('refuses a bad rule at construction, not at 7 am', () => {
    expect(() => driver([{ id: 'x', targets: ['a'], action: 'on', cron: 'nope' }])).toThrow(/not a valid cron/);
  });
});
