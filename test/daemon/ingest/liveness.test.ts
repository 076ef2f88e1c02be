import { describe, expect, it } from 'vitest';
import { LivenessTracker, formatDuration } from '../../../daemon/ingest/liveness.js';

const T0 = Date.parse('2025-03-10T08:00:00Z');
const MIN = 60_000;
const probe = { code: 'probe_disconnected', message: 'no probe' };

function tracker() {
  const t = new LivenessTracker({ offlineAfterIntervals: 3, now: T0 });
  t.register([{ id: 'fridge', intervalS: 600 }, { id: 'co2', intervalS: 60 }]);
  return t;
}

describe('LivenessTracker', () => {
  it('a sensor never seen goes offline counted from the start time', () => {
    const t = tracker();
    expect(t.state('fridge')).toBe('ok');
    expect(t.lastSeen('fridge')).toBeNull();
    expect(t.tick(T0 + 3 * MIN)).toEqual([]);
    expect(t.tick(T0 + 3 * MIN + 1)).toEqual([
      { sensorId: 'co2', from: 'ok', to: 'offline', at: T0 + 3 * MIN + 1, message: 'no reading since start for 3 min (expected every 1 min)' },
    ]);
    expect(t.tick(T0 + 31 * MIN).map((x) => x.sensorId)).toEqual(['fridge']);
    expect(t.tick(T0 + 60 * MIN)).toEqual([]); // offline is reported once
  });

  it('offline after offlineAfterIntervals × intervalS of silence, back to ok on the next reading', () => {
    const t = tracker();
    expect(t.seen('fridge', T0 + MIN)).toBeNull();
    expect(t.tick(T0 + 31 * MIN)).toEqual([expect.objectContaining({ sensorId: 'co2' })]);
    const [off] = t.tick(T0 + 31 * MIN + 1).filter((x) => x.sensorId === 'fridge');
    expect(off).toEqual({ sensorId: 'fridge', from: 'ok', to: 'offline', at: T0 + 31 * MIN + 1, message: 'no reading for 30 min (expected every 10 min)' });
    expect(t.state('fridge')).toBe('offline');
    const back = t.seen('fridge', T0 + 121 * MIN);
    expect(back).toEqual({ sensorId: 'fridge', from: 'offline', to: 'ok', at: T0 + 121 * MIN, message: 'readings again after 2 h of silence' });
    expect(t.lastSeen('fridge')).toBe(T0 + 121 * MIN);
  });

  it('fault, then cleared by the next good reading', () => {
    const t = tracker();
    expect(t.fault('fridge', probe, T0 + MIN)).toEqual({ sensorId: 'fridge', from: 'ok', to: 'fault', at: T0 + MIN, message: 'probe_disconnected: no probe', fault: probe });
    expect(t.fault('fridge', probe, T0 + 2 * MIN)).toBeNull(); // same fault: no new transition
    expect(t.state('fridge')).toBe('fault');
    expect(t.seen('fridge', T0 + 3 * MIN)).toEqual({ sensorId: 'fridge', from: 'fault', to: 'ok', at: T0 + 3 * MIN, message: 'fault cleared (probe_disconnected): good reading received' });
    expect(t.state('fridge')).toBe('ok');
  });

  it('a message with values and a fault keeps the fault without flapping', () => {
    const t = tracker();
    expect(t.seen('fridge', T0 + MIN, [probe])).toMatchObject({ from: 'ok', to: 'fault' });
    expect(t.seen('fridge', T0 + 2 * MIN, [probe])).toBeNull();
    expect(t.seen('fridge', T0 + 3 * MIN, [])).toMatchObject({ from: 'fault', to: 'ok' });
  });

  it('a different fault code is a new transition; a faulty sensor can still go offline; a fault counts as seen', () => {
    const t = tracker();
    t.fault('fridge', probe, T0);
    const low = { code: 'battery_low', message: 'battery low' };
    expect(t.fault('fridge', low, T0 + MIN)).toMatchObject({ from: 'fault', to: 'fault', fault: low });
    expect(t.lastSeen('fridge')).toBe(T0 + MIN);
    expect(t.tick(T0 + 32 * MIN).find((x) => x.sensorId === 'fridge')).toMatchObject({ from: 'fault', to: 'offline' });
    expect(t.fault('fridge', probe, T0 + 40 * MIN)).toMatchObject({ from: 'offline', to: 'fault' });
  });

  it('unknown sensors are ignored; re-registering keeps state; late registration counts from its own time', () => {
    const t = tracker();
    expect(t.seen('nobody', T0)).toBeNull();
    expect(t.state('nobody')).toBeUndefined();
    t.seen('fridge', T0 + MIN);
    t.register([{ id: 'fridge', intervalS: 60 }, { id: 'late', intervalS: 60 }], T0 + 10 * MIN);
    expect(t.lastSeen('fridge')).toBe(T0 + MIN);
    const off = t.tick(T0 + 12 * MIN).map((x) => x.sensorId).sort();
    expect(off).toEqual(['co2', 'fridge']); // fridge now on a 1-min interval; 'late' only since T0+10min
    expect(t.list().map((e) => [e.sensorId, e.state])).toEqual([['fridge', 'offline'], ['co2', 'offline'], ['late', 'ok']]);
  });

  it('formats durations for people', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * MIN)).toBe('12 min');
    expect(formatDuration(125 * MIN)).toBe('2 h 5 min');
    expect(formatDuration(76 * 60 * MIN)).toBe('3 d 4 h');
  });
});
