import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS, classify, co2Level, co2Trend, comfortLevel, initialRoomState, pm25Level, roomStep,
  type AirMetric, type RoomAirState, type StepConfig, type StepResult,
} from '../../../daemon/air/index.js';
import { MIN } from './helpers.js';

const cfg: StepConfig = { thresholds: DEFAULT_THRESHOLDS, alertAfterMinutes: 10 };

/** Feeds readings of one metric, one per `stepMin` minutes from t = 0; returns every result. */
function run(values: readonly number[], stepMin = 1, metric: AirMetric = 'co2', c = cfg, from: RoomAirState = initialRoomState()): StepResult[] {
  const out: StepResult[] = [];
  let state = from;
  values.forEach((value, i) => {
    const t = i * stepMin * MIN;
    const r = roomStep(state, { now: t, readings: { [metric]: { value, t } } }, c);
    out.push(r);
    state = r.state;
  });
  return out;
}
const levels = (rs: StepResult[], metric: AirMetric = 'co2') => rs.map((r) => r.state[metric].level);
const changes = (rs: StepResult[]) => rs.flatMap((r) => r.events).filter((e) => e.kind === 'level').length;

describe('classification of one reading', () => {
  it('CO2: < 800 good, 800…1500 aerate, > 1500 insufficient', () => {
    expect([799, 800, 1500, 1501].map((v) => co2Level(v))).toEqual(['good', 'aerate', 'aerate', 'insufficient']);
  });

  it('PM2.5: ≤ 10 good, 10…50 moderate, > 50 action', () => {
    expect([10, 10.1, 50, 50.1].map((v) => pm25Level(v))).toEqual(['good', 'moderate', 'moderate', 'action']);
  });

  it('comfort bands, and the overall state is the worst', () => {
    expect([18.9, 19, 26, 26.1].map((v) => comfortLevel(v, DEFAULT_THRESHOLDS.temperature))).toEqual(['low', 'ok', 'ok', 'high']);
    expect(classify({ co2: 650, pm2_5: 5, temperature: 21, humidity: 45 }).overall).toBe('good');
    expect(classify({ co2: 650, humidity: 20 })).toMatchObject({ humidity: 'low', pm2_5: 'unknown', overall: 'warning' });
    expect(classify({ co2: 900, pm2_5: 60 })).toMatchObject({ co2: 'aerate', pm2_5: 'action', overall: 'alert' });
    expect(classify({}).overall).toBe('unknown');
    expect(classify({ co2: Number.NaN }).co2).toBe('unknown');
  });

  it('room thresholds apply', () => {
    const t = { ...DEFAULT_THRESHOLDS, co2Aerate: 1000 };
    expect(co2Level(900, t)).toBe('good');
  });
});

describe('roomStep', () => {
  it('from unknown the first reading sets the level at once, with events', () => {
    const [r] = run([650]);
    expect(r.state.co2.level).toBe('good');
    expect(r.state.overall).toBe('good');
    expect(r.events).toEqual([
      { kind: 'level', metric: 'co2', from: 'unknown', to: 'good', at: 0, value: 650 },
      { kind: 'overall', from: 'unknown', to: 'good', at: 0 },
    ]);
  });

  it('goes up only after alertAfterMinutes above the threshold', () => {
    const rs = run([650, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900], 1);
    expect(levels(rs).indexOf('aerate')).toBe(11); // first above at 1 min, up at 11 min
    expect(rs[11].outputs).toEqual({ aerate: true, ventilation: true });
    expect(rs[10].outputs.aerate).toBe(false);
    expect(rs[11].events.map((e) => e.kind)).toEqual(['level', 'overall']);
  });

  it('a sensor every 10 min: two readings above, 10 min apart, raise it; one spike does not', () => {
    expect(levels(run([650, 900, 900], 10))).toEqual(['good', 'good', 'aerate']);
    const spike = run([650, 900, 650, 650], 10);
    expect(levels(spike)).toEqual(['good', 'good', 'good', 'good']);
  });

  it('the clock alone never raises it: a tick long after a reading above keeps the level', () => {
    const [, second] = run([650, 900], 10);
    const tick = roomStep(second.state, { now: 10 * MIN + 25 * MIN, readings: {} }, cfg);
    expect(tick.state.co2.level).toBe('good');
  });

  it('comes down once below the threshold minus 50 ppm, not before', () => {
    const up = run([900, 780, 760, 751, 749]);
    expect(levels(up)).toEqual(['aerate', 'aerate', 'aerate', 'aerate', 'good']);
  });

  it('climbs straight to insufficient, and steps down through aerate', () => {
    const rs = run([650, ...Array(11).fill(1600), 1460, 1440, 700]);
    expect(levels(rs).slice(10)).toEqual(['good', 'insufficient', 'insufficient', 'aerate', 'good']);
    expect(rs[11].state.overall).toBe('alert');
  });

  it('no flapping on a noisy 790–810 ppm series (alternating each minute for a day)', () => {
    const noisy = Array.from({ length: 24 * 60 }, (_, i) => (i % 2 === 0 ? 790 : 810));
    expect(changes(run([650, ...noisy]).slice(1))).toBe(0);
  });

  it('no flapping on any 790–810 ppm series: at most one change, none once aerate (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 790, max: 810 }), { minLength: 1, maxLength: 600 }), fc.boolean(), (noisy, fromAerate) => {
        const first = fromAerate ? 900 : 650;
        const rs = run([first, ...noisy]).slice(1);
        return fromAerate ? changes(rs) === 0 : changes(rs) <= 1;
      }),
    );
  });

  it('alertAfterMinutes 0 reacts to the first reading', () => {
    expect(levels(run([650, 900], 1, 'co2', { ...cfg, alertAfterMinutes: 0 }))).toEqual(['good', 'aerate']);
  });

  it('a silent sensor becomes unknown at wakeAt and the outputs drop', () => {
    const [, , up] = run([650, 900, 900], 10);
    expect(up.state.co2.level).toBe('aerate');
    expect(up.wakeAt).toBe(20 * MIN + 30 * MIN + 1);
    const before = roomStep(up.state, { now: up.wakeAt! - 2, readings: {} }, cfg);
    expect(before.state.co2.level).toBe('aerate');
    const stale = roomStep(up.state, { now: up.wakeAt!, readings: {} }, cfg);
    expect(stale.state.co2).toMatchObject({ level: 'unknown', value: 900 });
    expect(stale.state.overall).toBe('unknown');
    expect(stale.outputs.aerate).toBe(false);
    expect(stale.wakeAt).toBeNull();
    expect(stale.events.map((e) => e.kind)).toEqual(['level', 'overall']);
  });

  it('PM2.5 and comfort use the same debounce with their own margins', () => {
    expect(levels(run([5, 12, 12, 9, 7], 10, 'pm2_5'), 'pm2_5')).toEqual(['good', 'good', 'moderate', 'moderate', 'good']);
    expect(levels(run([20, 18.5, 18.5, 19.2, 19.5], 10, 'temperature'), 'temperature')).toEqual(['ok', 'ok', 'low', 'low', 'ok']);
    const hot = run([22, 27, 27], 10, 'temperature');
    expect(hot[2].state).toMatchObject({ temperature: { level: 'high' }, overall: 'warning' });
    expect(hot[2].outputs.aerate).toBe(false); // relays follow CO2 only
  });

  it('metrics are independent and the overall state is the worst of them', () => {
    let s = initialRoomState();
    s = roomStep(s, { now: 0, readings: { co2: { value: 650, t: 0 }, pm2_5: { value: 60, t: 0 } } }, cfg).state;
    expect(s).toMatchObject({ co2: { level: 'good' }, pm2_5: { level: 'action' }, overall: 'alert' });
  });
});

describe('co2Trend', () => {
  const line = (slope: number, noise = 0) =>
    Array.from({ length: 21 }, (_, i) => ({ t: i * MIN, ppm: 700 + slope * i + (i % 2 === 0 ? noise : -noise) }));

  it('rising, falling, steady', () => {
    expect(co2Trend(line(20), 20 * MIN)).toMatchObject({ trend: 'rising' });
    expect(co2Trend(line(20), 20 * MIN)!.slope).toBeCloseTo(20, 9);
    expect(co2Trend(line(-40), 20 * MIN)).toMatchObject({ trend: 'falling' });
    expect(co2Trend(line(0, 30), 20 * MIN)).toMatchObject({ trend: 'steady' });
  });

  it('only the window counts, and too little data gives null', () => {
    const old = line(20).map((r) => ({ ...r, t: r.t - 60 * MIN }));
    expect(co2Trend(old, 20 * MIN)).toBeNull();
    expect(co2Trend([{ t: 0, ppm: 700 }], 0)).toBeNull();
    expect(co2Trend([{ t: 0, ppm: 700 }, { t: 2 * MIN, ppm: 760 }], 2 * MIN)).toBeNull(); // spans < 5 min
  });
});
