import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleWakeAt, startCycle, stepCycle, type CycleInput, type CycleStart, type CycleState } from '../../../daemon/coldchain/cooling.js';
import { MIN, local } from './helpers.js';

const start = (over: Partial<CycleStart> = {}): CycleState =>
  startCycle({ id: 'c1', kind: 'cooling', sensorId: 'sonde-1', equipmentId: 'cellule', batch: 'Blanquette, 40 parts', startedBy: 'Nadia', startedAt: local('11:00'), ...over });

/** Feeds inputs, ticking at wakeAt whenever it falls before the next input, as the daemon will. */
function run(state: CycleState, inputs: CycleInput[], until?: number): CycleState {
  let s = state;
  const tickBefore = (t: number, inclusive: boolean) => {
    const w = cycleWakeAt(s);
    if (w !== null && (inclusive ? w <= t : w < t)) s = stepCycle(s, { type: 'tick', at: w }).state;
  };
  for (const input of inputs) {
    tickBefore(input.at, false);
    s = stepCycle(s, input).state;
  }
  if (until !== undefined) tickBefore(until, true);
  return s;
}

const probe = (minutes: number, value: number): CycleInput => ({ type: 'reading', value, at: local('11:00') + minutes * MIN, sensorId: 'sonde-1' });

describe('rapid cooling: +63 °C → below +10 °C at the core in under 2 h', () => {
  it('passes from 63 °C to 9.5 °C in 95 min', () => {
    // clock starts at the first reading ≥ 63 °C (11:01), linear cooling to 9.5 °C 95 min later
    const inputs = [probe(1, 63), ...Array.from({ length: 19 }, (_, i) => probe(1 + 5 * (i + 1), Math.round((63 - (53.5 * (i + 1)) / 19) * 10) / 10))];
    expect(inputs.at(-1)).toMatchObject({ value: 9.5, at: local('12:36') });
    const s = run(start(), inputs);
    expect(s).toMatchObject({
      status: 'passed', clockStart: local('11:01'), deadline: local('13:01'), reachedAt: local('12:36'),
      durationMs: 95 * MIN, minValue: 9.5, maxValue: 63, readings: 20, endedAt: local('12:36'), reason: null,
    });
    expect(cycleWakeAt(s)).toBeNull();
  });

  it('fails loudly at the 2 h mark when the core is still at 12 °C', () => {
    const inputs = [probe(2, 71), probe(30, 40), probe(60, 22), probe(90, 15), probe(115, 12.4)];
    const s0 = run(start(), inputs);
    expect(s0.status).toBe('running');
    expect(cycleWakeAt(s0)).toBe(local('13:02'));
    const s = run(s0, [probe(125, 12)], local('13:30'));
    expect(s).toMatchObject({ status: 'failed', endedAt: local('13:02'), reachedAt: null, lastValue: 12.4, minValue: 12.4 });
    expect(s.reason).toMatch(/not below \+10 °C .* within 2 h .*last reading \+12\.4 °C/);
    // a reading after the limit does not pass a failed cycle
    expect(stepCycle(s, probe(130, 8)).state).toBe(s);
  });

  it('the 2 h mark is reached by a tick too, with no reading at all after the start', () => {
    const s = run(start(), [probe(0, 80)], local('14:00'));
    expect(s).toMatchObject({ status: 'failed', endedAt: local('13:00'), readings: 1 });
  });

  it('a reading stamped exactly at the limit counts; one a second later does not', () => {
    const onTime = run(start(), [probe(0, 70), probe(120, 9.9)]);
    expect(onTime).toMatchObject({ status: 'passed', durationMs: 120 * MIN });
    const late = stepCycle(stepCycle(start(), probe(0, 70)).state, { type: 'reading', value: 9.9, at: local('13:00') + 1000 }).state;
    expect(late).toMatchObject({ status: 'failed', endedAt: local('13:00') });
  });

  it('is an invalid start when the probe never shows 63 °C within 15 min', () => {
    const s = run(start(), [probe(1, 48), probe(6, 55), probe(11, 58), probe(16, 61)]);
    expect(s).toMatchObject({ status: 'invalid_start', endedAt: local('11:15'), maxValue: 58, clockStart: null });
    expect(s.reason).toMatch(/did not show \+63 °C .*highest reading \+58 °C/);
    const silent = run(start(), [], local('11:20'));
    expect(silent).toMatchObject({ status: 'invalid_start', endedAt: local('11:15') });
    expect(silent.reason).toMatch(/no reading from the probe/);
  });

  it('a probe warming up to 63 °C within the window starts the clock when it gets there', () => {
    const s = run(start(), [probe(1, 40), probe(8, 66), probe(100, 9)]);
    expect(s).toMatchObject({ status: 'passed', clockStart: local('11:08'), durationMs: 92 * MIN });
  });

  it('ignores readings before the start, from another probe, fault sentinels and out-of-order ones', () => {
    let s = start();
    for (const input of [
      { type: 'reading', value: 5, at: local('10:59') },
      { type: 'reading', value: 70, at: local('11:01'), sensorId: 'autre' },
      { type: 'reading', value: 327.67, at: local('11:02') },
      { type: 'reading', value: 70, at: local('11:05') },
      { type: 'reading', value: 8, at: local('11:04') }, // older than the clock start
    ] as CycleInput[]) s = stepCycle(s, input).state;
    expect(s).toMatchObject({ status: 'running', ignored: 4, readings: 1, clockStart: local('11:05') });
  });

  it('can be cancelled by staff, and then never fails', () => {
    const s = stepCycle(start(), { type: 'cancel', at: local('11:03'), by: 'Nadia', reason: 'wrong batch' }).state;
    expect(s).toMatchObject({ status: 'cancelled', reason: 'cancelled by Nadia: wrong batch' });
    expect(stepCycle(s, { type: 'tick', at: local('15:00') }).state.status).toBe('cancelled');
  });

  it('needs an equipment or a probe', () => {
    expect(() => startCycle({ id: 'x', kind: 'cooling', batch: 'b', startedBy: 'n', startedAt: 0 })).toThrow(/probe/);
  });

  it('property: passes exactly when a reading below 10 °C comes within 2 h of the first ≥ 63 °C', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 20 * 60 }), tenths: fc.integer({ min: 0, max: 900 }) }), { maxLength: 40 }),
        (raws) => {
          let t = local('11:00');
          const inputs: CycleInput[] = raws.map((r) => ({ type: 'reading', value: r.tenths / 10, at: (t += r.gap * 1000) }));
          const s = run(start(), inputs, t + 3 * 3_600_000);
          const readings = inputs.filter((i) => i.type === 'reading');
          const h = readings.findIndex((i) => i.value >= 63 && i.at <= local('11:15'));
          if (h < 0) {
            expect(s.status).toBe('invalid_start');
            return;
          }
          const hot = readings[h];
          const cold = readings.slice(h + 1).find((i) => i.value < 10);
          const passes = cold !== undefined && cold.at <= hot.at + 2 * 3_600_000;
          expect(s.status).toBe(passes ? 'passed' : 'failed');
          if (passes) expect(s.durationMs).toBe(cold!.at - hot.at);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reheating: ≥ +63 °C at the core in under 1 h', () => {
  const reheat = () => start({ kind: 'reheating' });

  it('passes when the core reaches 63 °C within the hour', () => {
    const s = run(reheat(), [probe(0, 4), probe(20, 35), probe(40, 58), probe(50, 64.5)]);
    expect(s).toMatchObject({ status: 'passed', clockStart: local('11:00'), reachedAt: local('11:50'), durationMs: 50 * MIN, maxValue: 64.5, minValue: 4 });
  });

  it('fails at the hour when the core is still at 58 °C', () => {
    const s = run(reheat(), [probe(0, 4), probe(30, 45), probe(55, 58)], local('12:30'));
    expect(s).toMatchObject({ status: 'failed', endedAt: local('12:00') });
    expect(s.reason).toMatch(/not \+63 °C or more .* within 1 h \(last reading \+58 °C\)/);
  });

  it('has no start window: a cold first reading is what reheating starts from', () => {
    const s = stepCycle(reheat(), probe(20, 3)).state;
    expect(s.status).toBe('running');
    expect(cycleWakeAt(s)).toBe(local('12:00'));
  });
});
