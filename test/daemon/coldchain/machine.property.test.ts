// Properties of the equipment machine over random reading sequences: what must hold whatever the
// sensors send, in whatever rhythm.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../daemon/coldchain/incident.js';
import type { MachineConfig, MachineInput } from '../../../daemon/coldchain/machine.js';
import { MIN, T0, config, drive } from './helpers.js';

const cfgArb: fc.Arbitrary<MachineConfig> = fc
  .record({
    kind: fc.constantFrom('fridge', 'freezer', 'hot-holding', 'thawing'),
    grace: fc.integer({ min: 0, max: 30 }),
    tolGrace: fc.integer({ min: 0, max: 30 }),
    closeAfter: fc.integer({ min: 0, max: 20 }),
    defrost: fc.boolean(),
    sensors: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ kind, grace, tolGrace, closeAfter, defrost, sensors }) => {
    const range =
      kind === 'fridge' ? { min: null, max: 4 } : kind === 'freezer' ? { min: null, max: -18 } : kind === 'hot-holding' ? { min: 63, max: null } : { min: 0, max: 4 };
    return config({
      sensors: ['a', 'b'].slice(0, sensors),
      range,
      graceMs: grace * MIN,
      tolerance: kind === 'freezer' ? { max: -15, graceMs: Math.min(grace, tolGrace) * MIN } : null,
      // windows within the first hours of the random sequences (they start at local midnight)
      defrost: defrost && kind !== 'hot-holding' ? [{ at: '00:30', minutes: 20 }, { at: '01:10', minutes: 45 }, { at: '03:00', minutes: 120 }] : [],
      closeAfterMs: closeAfter * MIN,
    });
  });

interface Raw { gap: number; what: 'reading' | 'sensor' | 'tick'; sensor: number; tenths: number; fault: boolean; health: 'ok' | 'offline' | 'fault' }

const rawArb: fc.Arbitrary<Raw> = fc.record({
  gap: fc.integer({ min: 0, max: 30 * 60 }), // seconds
  what: fc.constantFrom<Raw['what']>('reading', 'reading', 'reading', 'reading', 'sensor', 'tick'),
  sensor: fc.integer({ min: 0, max: 1 }),
  tenths: fc.integer({ min: -250, max: 800 }),
  fault: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), // a fault sentinel now and then
  health: fc.constantFrom<Raw['health']>('ok', 'offline', 'fault'),
});

function toInputs(cfg: MachineConfig, raws: readonly Raw[]): MachineInput[] {
  let t = T0;
  return raws.map((r) => {
    t += r.gap * 1000;
    const sensorId = cfg.sensors[r.sensor % cfg.sensors.length];
    if (r.what === 'tick') return { type: 'tick', at: t };
    if (r.what === 'sensor') return { type: 'sensor', sensorId, state: r.health, at: t };
    return { type: 'reading', sensorId, value: r.fault ? 327.67 : r.tenths / 10, at: t };
  });
}

/** A value inside the equipment's range, from a number of tenths. */
function inRange(cfg: MachineConfig, tenths: number): number {
  const { min, max } = cfg.range!;
  const lo = min ?? max! - 10;
  const hi = max ?? min! + 10;
  const span = Math.round((hi - lo) * 10);
  return lo + (Math.abs(tenths) % (span + 1)) / 10;
}

const seqArb = fc.tuple(cfgArb, fc.array(rawArb, { maxLength: 80 }), fc.boolean());

describe('equipment machine properties', () => {
  it('never alarms, nor opens an incident, while every reading is within range', () => {
    fc.assert(
      fc.property(cfgArb, fc.array(rawArb, { maxLength: 80 }), (cfg, raws) => {
        let t = T0;
        const inputs: MachineInput[] = raws.map((r) => {
          t += r.gap * 1000;
          if (r.what === 'tick') return { type: 'tick', at: t };
          return { type: 'reading', sensorId: cfg.sensors[r.sensor % cfg.sensors.length], value: inRange(cfg, r.tenths), at: t };
        });
        const run = drive(cfg, inputs, { until: t + 3 * 3_600_000 });
        expect(run.events.filter((e) => e.type !== 'status')).toEqual([]);
        expect(run.events.some((e) => e.type === 'status' && e.to === 'alarm')).toBe(false);
        if (inputs.some((i) => i.type === 'reading')) expect(run.state.status).toBe('ok');
      }),
      { numRuns: 300 },
    );
  });

  it('time out of range never exceeds the incident duration; incidents of one kind never overlap', () => {
    fc.assert(
      fc.property(seqArb, ([cfg, raws, ticks]) => {
        const run = drive(cfg, toInputs(cfg, raws), { ticks });
        const snapshots: Incident[] = run.events.flatMap((e) => (e.type === 'status' ? [] : [e.incident]));
        snapshots.push(...run.incidents);
        for (const inc of snapshots) {
          expect(inc.outOfRangeMs).toBeGreaterThanOrEqual(0);
          expect(inc.outOfRangeMs).toBeLessThanOrEqual(inc.durationMs);
          expect(inc.defrostMs).toBeLessThanOrEqual(inc.outOfRangeMs);
          if (inc.end !== null) expect(inc.durationMs).toBe(inc.end - inc.start);
        }
        const closed = new Set(run.events.filter((e) => e.type === 'incident.closed').map((e) => (e.type === 'status' ? '' : e.incident.id)));
        for (const kind of ['temperature', 'sensor_offline', 'sensor_fault'] as const) {
          const list = run.incidents.filter((i) => i.kind === kind).sort((a, b) => a.start - b.start);
          for (let i = 1; i < list.length; i++) {
            expect(closed.has(list[i - 1].id)).toBe(true);
            expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end!);
          }
        }
        const opened = run.events.filter((e) => e.type === 'incident.opened').map((e) => (e.type === 'status' ? '' : e.incident.id));
        expect(new Set(opened).size).toBe(opened.length);
      }),
      { numRuns: 400 },
    );
  });

  it('a temperature alarm never comes before the grace, and once per incident', () => {
    fc.assert(
      fc.property(seqArb, ([cfg, raws, ticks]) => {
        const run = drive(cfg, toInputs(cfg, raws), { ticks });
        const shortest = Math.min(cfg.graceMs, cfg.tolerance?.graceMs ?? Infinity);
        const alarms = run.events.filter((e) => e.type === 'incident.alarm' && e.incident.kind === 'temperature');
        const ids = alarms.map((e) => (e.type === 'status' ? '' : e.incident.id));
        expect(new Set(ids).size).toBe(ids.length);
        for (const inc of run.incidents.filter((i) => i.kind === 'temperature' && i.alarmAt !== null)) {
          expect(inc.alarmAt! - inc.start).toBeGreaterThanOrEqual(shortest);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('honouring wakeAt or not changes when work is done, never what is recorded', () => {
    fc.assert(
      fc.property(cfgArb, fc.array(rawArb, { maxLength: 80 }), (cfg, raws) => {
        const inputs = toInputs(cfg, raws.filter((r) => r.what !== 'tick'));
        const lazy = drive(cfg, inputs, { ticks: false });
        const eager = drive(cfg, inputs, { ticks: true });
        expect(eager.events).toEqual(lazy.events);
        expect(eager.state).toEqual(lazy.state);
      }),
      { numRuns: 300 },
    );
  });
});
