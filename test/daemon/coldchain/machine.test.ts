// Scenario tests with explicit times: what the HACCP register and the alarms must show.
import { describe, expect, it } from 'vitest';
import { MAX_TIMELINE, defrostOnly } from '../../../daemon/coldchain/incident.js';
import { initialState, machineConfig, step, type MachineInput } from '../../../daemon/coldchain/machine.js';
import { MIN, T0, at, config, drive, local, reading, types, whats } from './helpers.js';

describe('door openings within grace', () => {
  const cfg = config(); // very perishable fridge: ≤ +4 °C, 20 min grace, closes after 10 min in range

  it('records a short excursion as an incident closed without alarm', () => {
    const run = drive(cfg, [
      reading(local('10:00'), 3.1),
      reading(local('10:05'), 6.5), // door open, delivery put away
      reading(local('10:10'), 5.0),
      reading(local('10:15'), 3.6),
      reading(local('10:20'), 3.2),
      reading(local('10:30'), 3.0),
    ]);
    expect(types(run.events)).toEqual([
      'status:ok', 'incident.opened:temperature', 'status:excursion',
      'incident.recovered:temperature', 'status:recovered', 'incident.closed:temperature', 'status:ok',
    ]);
    expect(run.events.some((e) => e.type === 'incident.alarm')).toBe(false);
    const [inc] = run.incidents;
    expect(inc).toMatchObject({
      id: `frigo/temperature/${new Date(local('10:05')).toISOString()}`,
      start: local('10:05'), end: local('10:15'), alarmAt: null, extreme: 6.5,
      outOfRangeMs: 10 * MIN, durationMs: 10 * MIN, sensors: ['s1'], range: { min: null, max: 4 },
    });
    expect(whats(inc)).toEqual(['excursion_started', 'back_in_range', 'closed']);
    // closed by the tick at wakeAt, 10 min after it was back in range, not by the 10:30 reading
    expect(run.ticks).toEqual([local('10:25')]);
    expect(inc.timeline.at(-1)?.at).toBe(local('10:25'));
    expect(run.state.status).toBe('ok');
  });

  it('merges a second opening before the close into the same incident', () => {
    const run = drive(cfg, [
      reading(local('10:00'), 3),
      reading(local('10:05'), 7),
      reading(local('10:10'), 3.5),
      reading(local('10:15'), 6), // opened again 5 min later
      reading(local('10:20'), 3.9),
      reading(local('10:40'), 3.5),
    ]);
    expect(run.incidents).toHaveLength(1);
    const [inc] = run.incidents;
    expect(whats(inc)).toEqual(['excursion_started', 'back_in_range', 'out_of_range_again', 'back_in_range', 'closed']);
    expect(inc).toMatchObject({ start: local('10:05'), end: local('10:20'), alarmAt: null, outOfRangeMs: 10 * MIN, durationMs: 15 * MIN });
  });

  it('a door flapping open uses up the grace across openings and alarms at the exact minute', () => {
    // out 8 min, in 2, out 8, in 2, out: 8 + 8 + 4 = 20 min out → alarm at minute 24 after the first opening
    const run = drive(cfg, [
      reading(at(0), 8), reading(at(8), 3), reading(at(10), 8), reading(at(18), 3), reading(at(20), 8), reading(at(40), 3),
    ]);
    const alarm = run.events.find((e) => e.type === 'incident.alarm');
    expect(alarm?.at).toBe(at(24));
    expect(run.incidents[0]).toMatchObject({ alarmAt: at(24), outOfRangeMs: 36 * MIN });
  });
});

describe('a failing freezer rising 0.2 °C/min from −20 °C', () => {
  const value = (k: number) => Math.round((-20 + 0.2 * k) * 10) / 10;
  const firstAbove = (limit: number) => {
    let k = 0;
    while (value(k) <= limit) k++;
    return k;
  };
  // −17.8 °C at minute 11 is the first reading above −18; −14.8 °C at minute 26 the first above −15
  it.each([
    [20, 5],
    [30, 5],
    [30, 10],
    [15, 15],
  ])('grace %i min, tolerance grace %i min: alarm at the computed minute', (grace, tolGrace) => {
    const cfg = config({
      equipmentId: 'congel', range: { min: null, max: -18 }, graceMs: grace * MIN, tolerance: { max: -15, graceMs: tolGrace * MIN },
    });
    const expected = Math.min(firstAbove(-18) + grace, firstAbove(-15) + tolGrace);
    const inputs = Array.from({ length: 60 }, (_, k) => reading(at(k), value(k)));
    const run = drive(cfg, inputs);
    const alarms = run.events.filter((e) => e.type === 'incident.alarm');
    expect(alarms).toHaveLength(1);
    expect(alarms[0].at).toBe(at(expected));
    const inc = run.incidents[0];
    expect(inc.start).toBe(at(11));
    expect(inc.alarmAt).toBe(at(expected));
    expect(inc.extreme).toBe(value(59));
    expect(run.state.status).toBe('alarm');
  });

  it('with a reading every 10 min, wakeAt brings the alarm at the exact minute between readings', () => {
    const cfg = machineConfig(
      { id: 'congel', name: 'Congélateur', kind: 'freezer', sensors: ['s1'], graceMinutes: 20, defrost: [], tolerance: { max: -15, graceMinutes: 5 } },
      'Europe/Paris',
    );
    // −18.0 at 10 (in range: ≤ −18), −16 at 20 (excursion), −14 at 30 (above the tolerance): alarm at 35, not at 40
    const run = drive(cfg, [0, 10, 20, 30, 40, 50].map((k) => reading(at(k), value(k))));
    expect(run.ticks).toContain(at(35));
    expect(run.events.find((e) => e.type === 'incident.alarm')?.at).toBe(at(35));
  });

  it('a late tick still stamps the alarm at the minute the grace ended', () => {
    const cfg = config({ range: { min: null, max: -18 }, tolerance: null });
    const r1 = step(cfg, initialState(cfg), reading(at(0), -17));
    expect(r1.wakeAt).toBe(at(20));
    const r2 = step(cfg, r1.state, { type: 'tick', at: at(33) });
    expect(r2.events.map((e) => [e.type, e.at])).toEqual([['incident.alarm', at(20)], ['status', at(20)]]);
  });
});

describe('no grace, no close delay', () => {
  it('alarms and closes in the step of the reading itself', () => {
    const cfg = config({ graceMs: 0, closeAfterMs: 0 });
    const r1 = step(cfg, initialState(cfg), reading(at(0), 9));
    expect(r1.events.map((e) => e.type)).toEqual(['incident.opened', 'incident.alarm', 'status']);
    expect(r1.state.status).toBe('alarm');
    const r2 = step(cfg, r1.state, reading(at(3), 3));
    expect(r2.events.map((e) => e.type)).toEqual(['incident.recovered', 'incident.closed', 'status']);
    expect(r2.state.status).toBe('ok');
    expect(r2.wakeAt).toBeNull();
  });
});

describe('defrost windows (local time)', () => {
  const freezer = config({
    equipmentId: 'congel', range: { min: null, max: -18 }, tolerance: { max: -15, graceMs: 5 * MIN },
    defrost: [{ at: '02:00', minutes: 20 }],
  });
  const curve: Array<[string, number]> = [
    ['01:50', -19.5], ['01:56', -19.2], ['02:02', -16], ['02:06', -11], ['02:10', -8], ['02:14', -10], ['02:18', -18.4], ['02:24', -19], ['02:40', -19.5],
  ];

  it('tolerates a defrost cycle at 02:00 for 20 min and marks it', () => {
    const run = drive(freezer, curve.map(([t, v]) => reading(local(t), v)));
    expect(run.events.some((e) => e.type === 'incident.alarm')).toBe(false);
    const [inc] = run.incidents;
    expect(inc.timeline[0]).toMatchObject({ what: 'excursion_started', at: local('02:02'), defrost: true, value: -16 });
    expect(inc).toMatchObject({ alarmAt: null, extreme: -8, end: local('02:18'), outOfRangeMs: 16 * MIN, defrostMs: 16 * MIN });
    expect(defrostOnly(inc)).toBe(true);
    expect(types(run.events)).toContain('status:defrost');
  });

  it('a freezer that does not come back after the defrost alarms once the window ends', () => {
    // still −10 °C (above the −15 °C tolerance) after 02:20: tolerance grace 5 min → alarm 02:25
    const stuck = curve.slice(0, 6).map(([t, v]) => reading(local(t), v)).concat([reading(local('02:30'), -10)]);
    const run = drive(freezer, stuck);
    const [inc] = run.incidents;
    expect(inc.alarmAt).toBe(local('02:25'));
    expect(whats(inc)).toEqual(['excursion_started', 'defrost_ended', 'alarm_raised']);
    expect(inc.timeline[1].at).toBe(local('02:20'));
    expect(defrostOnly(inc)).toBe(false);
    expect(run.ticks).toEqual([local('02:20'), local('02:25')]);
  });

  it('follows the local clock through daylight saving time', () => {
    const summer = Date.UTC(2025, 6, 15, 0, 5); // 02:05 in Paris in July (UTC+2)
    const run = drive(freezer, [reading(summer - 10 * MIN, -19), reading(summer, -12)]);
    expect(run.incidents[0].timeline[0].defrost).toBe(true);
    const winter = Date.UTC(2025, 0, 15, 0, 5); // 01:05 in Paris in January: no defrost
    const run2 = drive(freezer, [reading(winter - 10 * MIN, -19), reading(winter, -12)]);
    expect(run2.incidents[0].timeline[0].defrost).toBeUndefined();
  });
});

describe('missing data is never ok', () => {
  it('starts unknown, not ok', () => {
    const cfg = config();
    const r = step(cfg, initialState(cfg), { type: 'tick', at: T0 });
    expect(r.state.status).toBe('unknown');
  });

  it('a silent sensor opens an offline incident at once, closed when it returns', () => {
    const cfg = config();
    const run = drive(cfg, [
      reading(local('08:00'), 3),
      { type: 'sensor', sensorId: 's1', state: 'offline', at: local('08:30'), detail: 'no reading for 30 min' },
      reading(local('09:12'), 3.4),
    ]);
    expect(types(run.events)).toEqual([
      'status:ok', 'incident.opened:sensor_offline', 'incident.alarm:sensor_offline', 'status:offline',
      'incident.closed:sensor_offline', 'status:ok',
    ]);
    const [inc] = run.incidents;
    expect(inc).toMatchObject({
      kind: 'sensor_offline', start: local('08:30'), alarmAt: local('08:30'), end: local('09:12'),
      durationMs: 42 * MIN, outOfRangeMs: 0, extreme: null, sensors: ['s1'],
    });
    expect(whats(inc)).toEqual(['sensor_offline', 'sensor_back', 'closed']);
  });

  it('a fault value (Dragino 327.67 °C) opens a fault incident, a good reading closes it', () => {
    const cfg = config();
    const run = drive(cfg, [reading(at(0), 3), reading(at(10), 327.67), reading(at(20), 327.67), reading(at(30), 3.2)]);
    expect(types(run.events)).toEqual([
      'status:ok', 'incident.opened:sensor_fault', 'incident.alarm:sensor_fault', 'status:fault', 'incident.closed:sensor_fault', 'status:ok',
    ]);
    expect(run.incidents[0]).toMatchObject({ kind: 'sensor_fault', start: at(10), end: at(30) });
    expect(run.incidents[0].timeline[0].detail).toMatch(/outside/);
    expect(run.incidents.some((i) => i.kind === 'temperature')).toBe(false);
  });

  it('a reported fault carries its detail', () => {
    const cfg = config();
    const run = drive(cfg, [{ type: 'sensor', sensorId: 's1', state: 'fault', at: at(0), detail: 'no_probe: probe disconnected' }]);
    expect(run.state.status).toBe('fault');
    expect(run.incidents[0].timeline[0]).toMatchObject({ what: 'sensor_fault', detail: 'no_probe: probe disconnected' });
  });

  it('with two sensors, the worst counts and one offline shows the equipment offline', () => {
    const cfg = config({ sensors: ['haut', 'bas'] });
    const run = drive(cfg, [
      reading(at(0), 2, 'haut'), reading(at(1), 5, 'bas'), // bas is the warm one: excursion
      { type: 'sensor', sensorId: 'haut', state: 'offline', at: at(5) },
    ]);
    expect(run.state.temp).toBe('excursion');
    expect(run.state.status).toBe('offline'); // an offline probe outranks an excursion still in grace
    expect(run.incidents.map((i) => i.kind).sort()).toEqual(['sensor_offline', 'temperature']);
    expect(run.incidents.find((i) => i.kind === 'temperature')?.sensors).toEqual(['bas']);
  });

  it('an excursion does not recover because its warm probe went silent', () => {
    const cfg = config({ sensors: ['haut', 'bas'] });
    const run = drive(cfg, [
      reading(at(0), 2, 'haut'), reading(at(1), 6, 'bas'),
      { type: 'sensor', sensorId: 'bas', state: 'offline', at: at(5) },
      reading(at(10), 2.5, 'haut'),
      reading(at(40), 2.5, 'haut'),
    ]);
    const temp = run.incidents.find((i) => i.kind === 'temperature');
    expect(temp?.end).toBeNull();
    expect(whats(temp!)).toEqual(['excursion_started', 'no_data']);
    // no grace used while blind: only the 4 min out of range before the probe went silent
    expect(temp?.outOfRangeMs).toBe(4 * MIN);
    expect(run.state.track.graceUsedMs).toBe(4 * MIN);
  });
});

describe('a door flapping for hours', () => {
  it('keeps one incident with a bounded timeline, the alarm and the closing kept', () => {
    const inputs = Array.from({ length: 400 }, (_, i) => reading(at(i), i % 2 === 0 ? 6 : 3));
    inputs.push(reading(at(400), 3), reading(at(430), 3));
    const run = drive(config(), inputs);
    expect(run.incidents).toHaveLength(1);
    const [inc] = run.incidents;
    expect(inc.timeline.length).toBeLessThanOrEqual(MAX_TIMELINE + 2);
    expect(inc.omitted).toBeGreaterThan(300);
    expect(inc.alarmAt).toBe(at(39)); // 20 min out of range, one minute in two
    expect(whats(inc)).toContain('alarm_raised');
    expect(inc.timeline.at(-1)?.what).toBe('closed');
  });
});

describe('other equipment', () => {
  it('hot holding below +63 °C is an excursion on the low side', () => {
    const cfg = config({ equipmentId: 'bain-marie', range: { min: 63, max: null } });
    const run = drive(cfg, [reading(at(0), 70), reading(at(5), 58), reading(at(30), 66)]);
    expect(run.incidents[0]).toMatchObject({ start: at(5), alarmAt: at(25), extreme: 58, end: at(30) });
  });

  it('a cooling cell has no static range: readings never open a temperature incident', () => {
    const cfg = config({ range: null });
    const run = drive(cfg, [reading(at(0), 70), reading(at(60), 3)]);
    expect(run.incidents).toEqual([]);
    expect(run.state.status).toBe('ok');
  });

  it('ignores readings of other sensors and stale readings', () => {
    const cfg = config();
    const r1 = step(cfg, initialState(cfg), reading(at(10), 3));
    const r2 = step(cfg, r1.state, reading(at(11), 9, 'autre'));
    const r3 = step(cfg, r2.state, reading(at(5), 9)); // older than the last reading of s1
    expect([r2.events, r3.events]).toEqual([[], []]);
    expect(r3.state.sensors.s1.value).toBe(3);
  });

  it('never mutates the state it is given', () => {
    const cfg = config();
    const s0 = step(cfg, initialState(cfg), reading(at(0), 7)).state;
    const copy = structuredClone(s0);
    const inputs: MachineInput[] = [{ type: 'tick', at: at(30) }, reading(at(31), 3), { type: 'sensor', sensorId: 's1', state: 'offline', at: at(40) }];
    for (const input of inputs) step(cfg, s0, input);
    expect(s0).toEqual(copy);
  });
});
