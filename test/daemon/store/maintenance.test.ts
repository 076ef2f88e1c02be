import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../daemon/store/retention.js';
import type { Store } from '../../../daemon/store/store.js';
import type { ReadingInput } from '../../../daemon/store/types.js';
import { openStore, rawDb, readings, T0, tempDir, type TempDir } from './helpers.js';

const H = 3_600_000;

describe('retention', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore({ path: ':memory:', retention: { eventKindDays: { 'actuation.': 90 } } });
  });
  afterEach(() => store.close());

  it('deletes raw readings, hourly aggregates and events past their ages, and keeps latest values', async () => {
    await store.writeReadings([
      ...readings(5, 0, { ts: T0 - 91 * DAY_MS, sensorId: 'old' }),
      ...readings(5, 0, { ts: T0 - 89 * DAY_MS, sensorId: 'kept' }),
      ...readings(2, 0, { ts: T0 - 731 * DAY_MS, sensorId: 'ancient' }),
    ]);
    store.addEvent({ kind: 'sensor.offline', message: 'old', ts: T0 - 367 * DAY_MS });
    store.addEvent({ kind: 'sensor.offline', message: 'kept', ts: T0 - 365 * DAY_MS });
    store.addEvent({ kind: 'actuation.door', message: 'caretaker opened door', ts: T0 - 91 * DAY_MS });
    store.addEvent({ kind: 'actuation.door', message: 'recent', ts: T0 - 10 * DAY_MS });

    const r = store.runMaintenance(T0);
    expect(r.retentionApplied).toBe(true);
    expect(r.deleted).toEqual({ readings: 7, hourly: 1, events: 2 });
    expect(new Set(store.queryReadings({}).map((x) => x.sensorId))).toEqual(new Set(['kept']));
    expect(store.queryHourly({ sensorId: 'old', metric: 'temperature' })).toHaveLength(1); // hourly kept 730 days
    expect(store.queryHourly({ sensorId: 'ancient', metric: 'temperature' })).toHaveLength(0);
    expect(store.queryEvents({}).map((e) => e.message)).toEqual(['kept', 'recent']);
    expect(store.latestBySensor().has('ancient')).toBe(true);
  });

  it('deletes nothing by age when the wall clock looks unset (Pi without RTC after a power cut)', async () => {
    await store.writeReadings(readings(3, 0, { ts: 1000 }));
    const r = store.runMaintenance(5 * DAY_MS); // 1970
    expect(r.retentionApplied).toBe(false);
    expect(store.queryReadings({})).toHaveLength(3);
  });

  it('deletes in chunks larger retention backlogs', async () => {
    await store.writeReadings(readings(12_000, 0, { ts: T0 - 100 * DAY_MS }));
    expect(store.runMaintenance(T0).deleted.readings).toBe(12_000);
  });
});

describe('quota', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  function mixed(n: number): ReadingInput[] {
    // 4 sensors, 2 metrics, one reading each per 10 s, with a few late arrivals mixed in
    return Array.from({ length: n }, (_, i) => ({
      sensorId: `s${i % 4}`,
      metric: i % 8 < 4 ? 'temperature' : 'humidity',
      value: (i % 50) / 2,
      unit: i % 8 < 4 ? '°C' : '%RH',
      ts: T0 + (i % 97 === 0 ? i - 50 : i) * 10_000,
      source: 'mqtt',
    })) as ReadingInput[];
  }

  it('drops the oldest raw readings, never events, and records exactly what was dropped', async () => {
    const path = tmp.file();
    let store = openStore({ path, batchRows: 2000 });
    const rows = mixed(30_000);
    for (let i = 0; i < rows.length; i += 2000) await store.writeReadings(rows.slice(i, i + 2000));
    for (let i = 0; i < 20; i++) store.addEvent({ kind: 'sensor.offline', message: `e${i}`, ts: T0 + i });
    const before = store.queryReadings({ limit: 100_000 });
    const hourlyBefore = store.queryHourly({ sensorId: 's0', metric: 'temperature' });
    await store.close();
    const size = statSync(path).size;

    const quota = Math.floor(size * 0.6);
    store = openStore({ path, quotaBytes: quota, now: () => T0 + DAY_MS });
    const r = store.runMaintenance();
    const drop = r.quotaDrop;
    expect(drop).not.toBeNull();
    expect(drop!.met).toBe(true);
    expect(r.dbBytes + r.walBytes).toBeLessThanOrEqual(quota);
    expect(statSync(path).size).toBeLessThanOrEqual(quota);

    const after = store.queryReadings({ limit: 100_000 });
    const keptSeqs = new Set(after.map((x) => x.seq));
    const dropped = before.filter((x) => !keptSeqs.has(x.seq));
    expect(dropped.length).toBe(drop!.count);
    expect(dropped.length).toBeGreaterThan(0);
    // oldest first: every dropped reading is older than (or as old as) every kept one
    expect(Math.max(...dropped.map((x) => x.ts))).toBeLessThanOrEqual(Math.min(...after.map((x) => x.ts)));

    // exactly one record, with per-sensor counts and time spans matching what is gone
    const ev = store.queryEvents({ kind: 'store.quota_drop' });
    expect(ev).toHaveLength(1);
    expect(ev[0].seq).toBe(drop!.eventSeq);
    const data = ev[0].data as { count: number; fromTs: number; toTs: number; sensors: Record<string, { count: number; fromTs: number; toTs: number; metrics: Record<string, number> }>; quotaBytes: number; bytesAfter: number; met: boolean };
    expect(data.count).toBe(dropped.length);
    expect(data.fromTs).toBe(Math.min(...dropped.map((x) => x.ts)));
    expect(data.toTs).toBe(Math.max(...dropped.map((x) => x.ts)));
    expect(data.quotaBytes).toBe(quota);
    expect(data.met).toBe(true);
    for (const s of ['s0', 's1', 's2', 's3']) {
      const mine = dropped.filter((x) => x.sensorId === s);
      expect(data.sensors[s].count).toBe(mine.length);
      expect(data.sensors[s].fromTs).toBe(Math.min(...mine.map((x) => x.ts)));
      expect(data.sensors[s].toTs).toBe(Math.max(...mine.map((x) => x.ts)));
      expect(data.sensors[s].metrics.temperature + data.sensors[s].metrics.humidity).toBe(mine.length);
    }
    expect(ev[0].message).toContain(`dropped ${dropped.length} oldest raw readings`);

    // events and hourly aggregates untouched; the drop is itself a record for sync
    expect(store.queryEvents({ kind: 'sensor.offline' })).toHaveLength(20);
    expect(store.queryHourly({ sensorId: 's0', metric: 'temperature' })).toEqual(hourlyBefore);
    expect(store.recordsAfter(30_020, 10).map((x) => x.type)).toEqual(['event']);

    // under the quota now: the next run drops nothing more
    expect(store.runMaintenance().quotaDrop).toBeNull();
    await store.close();
  });

  it('reclaims free pages before dropping anything', async () => {
    const path = tmp.file();
    let store = openStore({ path });
    await store.writeReadings(readings(20_000));
    rawDb(store).exec('DELETE FROM readings WHERE seq <= 15000'); // e.g. a past retention run
    await store.close();
    const size = statSync(path).size;
    store = openStore({ path, quotaBytes: Math.floor(size * 0.8) });
    const r = store.runMaintenance(T0);
    expect(r.vacuumedPages).toBeGreaterThan(0);
    expect(r.quotaDrop).toBeNull();
    expect(store.queryReadings({ limit: 100_000 })).toHaveLength(5000);
    expect(r.dbBytes).toBeLessThan(size * 0.8);
    await store.close();
  });

  it('returns a large surplus of free pages after retention even without a quota', async () => {
    const path = tmp.file();
    const store = openStore({ path });
    await store.writeReadings(readings(20_000, 0, { ts: T0 - 100 * DAY_MS }));
    await store.writeReadings(readings(1000));
    const r = store.runMaintenance(T0);
    expect(r.deleted.readings).toBe(20_000);
    expect(r.vacuumedPages).toBeGreaterThan(0);
    expect(Number(rawDb(store).pragma('freelist_count', { simple: true }))).toBe(0);
    await store.close();
  });

  it('never drops events or hourly rows, even when the quota cannot be met', async () => {
    const store = openStore({ path: tmp.file(), quotaBytes: 4096 });
    store.addEvent({ kind: 'sensor.fault', message: 'no probe' });
    await store.writeReadings(readings(10));
    const r = store.runMaintenance(T0);
    expect(r.quotaDrop).toMatchObject({ count: 10, met: false });
    expect(store.queryReadings({})).toHaveLength(0);
    expect(store.queryEvents({ kind: 'sensor.fault' })).toHaveLength(1);
    expect(store.queryHourly({ sensorId: 'fridge-0', metric: 'temperature' })).toHaveLength(1);
    expect(store.runMaintenance(T0 + H).quotaDrop).toBeNull(); // nothing left to drop, no empty record
    expect(store.queryEvents({ kind: 'store.quota_drop' })).toHaveLength(1);
    await store.close();
  });
});
