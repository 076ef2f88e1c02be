import { describe, expect, it } from 'vitest';
import { checkRules, parseRules, ScheduleRuleError } from '../../../daemon/schedule/index.js';

const base = { id: 'r', targets: ['door-1'], action: 'unlock' };

describe('schedule rules', () => {
  it('accepts weekly and cron rules', () => {
    const rules = parseRules([
      { ...base, id: 'a', at: '07:30', days: ['mon', 'tue'], schoolDaysOnly: true },
      { ...base, id: 'b', cron: '0 30 7 * * 1-5', holidaysOnly: true },
      { ...base, id: 'c', action: 'goto:50', cron: '0 12 L * *' },
    ]);
    expect(rules.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [{ ...base, at: '07:30' }, 'days', /required with at/],
    [{ ...base, days: ['mon'] }, 'at', /required with days/],
    [{ ...base }, null, /needs at and days/],
    [{ ...base, at: '07:30', days: ['mon'], cron: '0 7 * * *' }, 'cron', /cannot be combined/],
    [{ ...base, cron: '0 7 * * *', schoolDaysOnly: true, holidaysOnly: true }, 'holidaysOnly', /one or the other/],
    [{ ...base, cron: '61 7 * * *' }, 'cron', /minute/],
    [{ ...base, cron: '*/10 0 7 * * *' }, 'cron', /seconds field must be a single value/],
    [{ ...base, cron: '0 0 31 2 *' }, 'cron', /impossible day/],
    [{ ...base, at: '24:00', days: ['mon'] }, 'at', /HH:MM between 00:00 and 23:59/],
    [{ ...base, at: '07:30', days: ['monday'] }, 'days.0', /days among sun, mon/],
    [{ ...base, at: '07:30', days: ['mon'], when: 'now' }, 'when', /is not a rule field: use id, targets/],
    [{ ...base, action: 'un lock', at: '07:30', days: ['mon'] }, 'action', /verb such as unlock/],
    [{ ...base, targets: [], at: '07:30', days: ['mon'] }, 'targets', /at least one device/],
    [{ targets: ['x'], action: 'on', at: '07:30', days: ['mon'] }, 'id', /is required/],
  ])('reports %j at %s', (rule, field, message) => {
    const { rules, problems } = checkRules([rule]);
    expect(rules).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 0, field });
    expect(problems[0].message).toMatch(message);
  });

  it('refuses duplicate ids and lists every problem at once', () => {
    const { problems } = checkRules([
      { ...base, at: '07:30', days: ['mon'] },
      { ...base, at: '08:30', days: ['mon'] },
      { ...base, id: 'x', cron: 'nope' },
    ]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([[1, 'id'], [2, 'cron']]);
    expect(() => parseRules([{ ...base, cron: 'nope' }])).toThrow(ScheduleRuleError);
    expect(() => parseRules([{ ...base, cron: 'nope' }])).toThrow(/rules\[0\] \(r\)\.cron is not a valid cron expression/);
    expect(checkRules({}).problems[0].message).toMatch(/must be a list/);
  });
});
