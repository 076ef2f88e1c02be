import { describe, expect, it } from 'vitest';
import { hourlyDeltas, hourStart, invalidReading, latestCandidates } from '../../../daemon/store/aggregate.js';
import { clampLimit } from '../../../daemon/store/queries.js';
import { addDropChunk, DAY_MS, emptyDropSummary, quotaDropMessage, quotaTarget, retentionCutoffs } from '../../../daemon/store/retention.js';
import { CommitStats } from '../../../daemon/store/stats.js';
import { readings, T0 } from './helpers.js';

describe('store pure logic', () => {
  it('computes retention cutoffs with defaults, and none for an unset clock', () => {
    expect(retentionCutoffs(T0)).toEqual({ raw: T0 - 90 * DAY_MS, hourly: T0 - 730 * DAY_MS, events: T0 - 366 * DAY_MS, eventKinds: [] });
    expect(retentionCutoffs(T0, { rawDays: 7, eventKindDays: { 'actuation.': 90, '': 1 } })).toMatchObject({
      raw: T0 - 7 * DAY_MS,
      eventKinds: [['actuation.', T0 - 90 * DAY_MS]],
    });
    expect(retentionCutoffs(0)).toBeNull();
    expect(retentionCutoffs(Number.NaN)).toBeNull();
    expect(retentionCutoffs(T0, { rawDays: -1 })?.raw).toBe(T0 - 90 * DAY_MS);
  });

  it('merges quota drop chunks into one summary', () => {
    const s = emptyDropSummary();
    addDropChunk(s, [
      { sensorId: 'a', metric: 'co2', count: 3, fromTs: 10, toTs: 20 },
      { sensorId: 'b', metric: 'co2', count: 1, fromTs: 15, toTs: 15 },
    ]);
    addDropChunk(s, [{ sensorId: 'a', metric: 'temperature', count: 2, fromTs: 21, toTs: 30 }]);
    expect(s).toEqual({
      count: 6,
      fromTs: 10,
      toTs: 30,
      sensors: { a: { count: 5, fromTs: 10, toTs: 30, metrics: { co2: 3, temperature: 2 } }, b: { count: 1, fromTs: 15, toTs: 15, metrics: { co2: 1 } } },
    });
    expect(quotaDropMessage(s, 1000)).toMatch(/dropped 6 oldest raw readings of 2 sensor/);
    expect(quotaTarget(1000)).toBe(900);
  });

  it('aggregates a batch per series and hour, and picks the newest measurement per series', () => {
    const rows = [
      ...readings(2, 0, { sensorId: 'a', ts: T0 }),
      { ...readings(1)[0], sensorId: 'a', value: -1, ts: T0 + 3_600_000 },
      { ...readings(1)[0], sensorId: 'a', value: 8, ts: T0 - 5 },
    ];
    const d = hourlyDeltas(rows);
    expect(d).toHaveLength(3);
    expect(d.find((x) => x.hour === hourStart(T0))).toMatchObject({ min: 3, max: 3.1, count: 2 });
    expect(latestCandidates(rows, 10)).toEqual([{ sensorId: 'a', metric: 'temperature', value: -1, unit: '°C', ts: T0 + 3_600_000, seq: 12 }]);
    expect(hourStart(-1)).toBe(-3_600_000);
  });

  it('validates rows before they are queued', () => {
    const ok = readings(1)[0];
    expect(invalidReading(ok)).toBeNull();
    expect(invalidReading({ ...ok, value: Infinity })).toMatch(/finite/);
    expect(invalidReading({ ...ok, ts: Number.NaN })).toMatch(/ts/);
    expect(invalidReading({ ...ok, metric: '' as never })).toMatch(/metric/);
  });

  it('clamps query limits', () => {
    expect(clampLimit(undefined)).toBe(1000);
    expect(clampLimit(5.7)).toBe(5);
    expect(clampLimit(1e9)).toBe(100_000);
    expect(clampLimit(-3)).toBe(0);
  });

  it('counts batches in cumulative buckets and keeps the last error', () => {
    const s = new CommitStats();
    s.committed(1, 1, 0.1);
    s.committed(1000, 2, 3);
    s.committed(1001, 3, 4);
    s.failed(Object.assign(new Error('full'), { code: 'RELAIS_STORE_FULL' }), 4);
    expect(s.histogram().map((b) => b.count)).toEqual([1, 1, 1, 2, 3]);
    expect(s.lastError).toEqual({ code: 'RELAIS_STORE_FULL', message: 'full', at: 4 });
    expect(s.batchSizeSum).toBe(2002);
  });
});
