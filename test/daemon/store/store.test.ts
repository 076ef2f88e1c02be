import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../daemon/store/store.js';
import { SCHEMA_VERSION } from '../../../daemon/store/migrations.js';
import { openStore, rawDb, readings, T0, tempDir, type TempDir } from './helpers.js';

describe('Store on a file', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('creates the parent directory and sets the pragmas', async () => {
    const path = tmp.file();
    const store = openStore({ path });
    expect(existsSync(path)).toBe(true);
    const db = rawDb(store);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(2000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(16 * 1024 * 1024);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    await store.close();
  });

  it('keeps seq strictly increasing across readings, events and reopen', async () => {
    const path = tmp.file();
    let store = openStore({ path, bootId: 'boot-a' });
    expect(await store.writeReadings(readings(3))).toBe(3);
    expect(store.addEvent({ kind: 'sensor.offline', sensorId: 'fridge-1', message: 'offline' }).seq).toBe(4);
    expect(await store.writeReadings(readings(2, 3))).toBe(6);
    await store.close();

    store = openStore({ path, bootId: 'boot-b' });
    expect(store.stats().seq).toBe(6);
    const ev = store.addEvent({ kind: 'sensor.online', sensorId: 'fridge-1', message: 'back', data: { after: 3 } });
    expect(ev).toMatchObject({ seq: 7, bootId: 'boot-b', data: { after: 3 }, ts: T0 });
    expect(await store.writeReadings(readings(1, 5))).toBe(8);
    const all = store.recordsAfter(0, 100);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.map((r) => r.type)).toEqual(['reading', 'reading', 'reading', 'event', 'reading', 'reading', 'event', 'reading']);
    expect(all.map((r) => r.bootId)).toEqual(['boot-a', 'boot-a', 'boot-a', 'boot-a', 'boot-a', 'boot-a', 'boot-b', 'boot-b']);
    expect(store.recordsAfter(4, 2).map((r) => r.seq)).toEqual([5, 6]);
    await store.close();
  });

  it('never reuses a seq after the newest rows are deleted', async () => {
    const path = tmp.file();
    let store = openStore({ path });
    await store.writeReadings(readings(5));
    rawDb(store).exec('DELETE FROM readings');
    await store.close();
    store = openStore({ path });
    expect(await store.writeReadings(readings(1))).toBe(6);
    await store.close();
  });

  it('close() commits pending rows; reopening keeps everything; close is idempotent', async () => {
    const path = tmp.file();
    let store = openStore({ path, batchMs: 60_000 });
    const p = store.writeReadings(readings(42));
    expect(store.stats().pending).toBe(42);
    await store.close();
    await store.close();
    expect(await p).toBe(42);
    await expect(store.writeReadings(readings(1))).rejects.toMatchObject({ code: 'RELAIS_STORE_CLOSED' });
    expect(() => store.queryReadings({})).toThrow(/closed/);

    store = openStore({ path });
    const rows = store.queryReadings({ limit: 100 });
    expect(rows).toHaveLength(42);
    expect(rows[0]).toMatchObject({ seq: 1, sensorId: 'fridge-0', metric: 'temperature', value: 3, unit: '°C', ts: T0, source: 'mqtt', bootId: 'boot-test', mono: 1 });
    await store.close();
  });

  it('records each boot with its wall start time', async () => {
    const path = tmp.file();
    await Store.open({ path, now: () => T0, bootId: 'x' }).close();
    const s = Store.open({ path, now: () => T0 + 5000 });
    expect(s.bootId).toMatch(/^[0-9a-f-]{36}$/);
    const boots = rawDb(s).prepare('SELECT boot_id, started FROM boots ORDER BY id').all();
    expect(boots).toEqual([{ boot_id: 'x', started: T0 }, { boot_id: s.bootId, started: T0 + 5000 }]);
    expect(s.stats().dbBytes).toBeGreaterThan(0);
    await s.close();
  });

  it('stamps mono at commit time and the injected boot id', async () => {
    let mono = 100;
    const store = Store.open({ path: tmp.file(), now: () => T0, mono: () => mono, bootId: 'b1' });
    const p = store.writeReadings(readings(1));
    mono = 250;
    await store.flush();
    await p;
    expect(store.queryReadings({})[0]).toMatchObject({ mono: 250, bootId: 'b1' });
    await store.close();
  });
});

describe('Store queries', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('filters readings by sensor, metric and [from, to), ordered by ts then seq, with a limit', async () => {
    await store.writeReadings([
      { sensorId: 's1', metric: 'co2', value: 900, unit: 'ppm', ts: T0 + 2000, source: 'mqtt' },
      { sensorId: 's1', metric: 'co2', value: 800, unit: 'ppm', ts: T0, source: 'mqtt' }, // late arrival
      { sensorId: 's1', metric: 'temperature', value: 21, unit: '°C', ts: T0 + 1000, source: 'mqtt' },
      { sensorId: 's2', metric: 'co2', value: 500, unit: 'ppm', ts: T0 + 1000, source: 'lora' },
      { sensorId: 's1', metric: 'co2', value: 810, unit: 'ppm', ts: T0, source: 'mqtt' },
    ]);
    expect(store.queryReadings({}).map((r) => r.seq)).toEqual([2, 5, 3, 4, 1]);
    expect(store.queryReadings({ sensorId: 's1', metric: 'co2' }).map((r) => r.value)).toEqual([800, 810, 900]);
    expect(store.queryReadings({ from: T0 + 1000, to: T0 + 2000 }).map((r) => r.seq)).toEqual([3, 4]);
    expect(store.queryReadings({ limit: 2 }).map((r) => r.seq)).toEqual([2, 5]);
    expect(store.queryReadings({ limit: 10_000_000 })).toHaveLength(5);
  });

  it('keeps the newest measurement per sensor and metric, ignoring late arrivals', async () => {
    await store.writeReadings([
      { sensorId: 's1', metric: 'co2', value: 900, unit: 'ppm', ts: T0 + 2000, source: 'mqtt' },
      { sensorId: 's1', metric: 'temperature', value: 21, unit: '°C', ts: T0, source: 'mqtt' },
    ]);
    await store.writeReadings([{ sensorId: 's1', metric: 'co2', value: 700, unit: 'ppm', ts: T0 + 1000, source: 'lora' }]);
    const latest = store.latestBySensor();
    expect(latest.get('s1')?.get('co2')).toEqual({ value: 900, unit: 'ppm', ts: T0 + 2000 });
    expect(latest.get('s1')?.get('temperature')).toEqual({ value: 21, unit: '°C', ts: T0 });
    await store.writeReadings([{ sensorId: 's1', metric: 'co2', value: 650, unit: 'ppm', ts: T0 + 3000, source: 'mqtt' }]);
    expect(store.latestBySensor().get('s1')?.get('co2')?.value).toBe(650);
  });

  it('maintains hourly min/max/sum/count across batches', async () => {
    const H = 3_600_000;
    const hour = Math.floor(T0 / H) * H;
    await store.writeReadings([
      { sensorId: 'f', metric: 'temperature', value: 3, unit: '°C', ts: hour + 10, source: 'm' },
      { sensorId: 'f', metric: 'temperature', value: 5, unit: '°C', ts: hour + 20, source: 'm' },
      { sensorId: 'f', metric: 'temperature', value: 9, unit: '°C', ts: hour + H, source: 'm' },
    ]);
    await store.writeReadings([{ sensorId: 'f', metric: 'temperature', value: 1, unit: '°C', ts: hour + 30, source: 'm' }]);
    const agg = store.queryHourly({ sensorId: 'f', metric: 'temperature' });
    expect(agg).toEqual([
      { sensorId: 'f', metric: 'temperature', unit: '°C', hour, min: 1, max: 5, sum: 9, count: 3 },
      { sensorId: 'f', metric: 'temperature', unit: '°C', hour: hour + H, min: 9, max: 9, sum: 9, count: 1 },
    ]);
    expect(store.queryHourly({ sensorId: 'f', metric: 'temperature', from: hour + 1, to: hour + 2 * H })).toHaveLength(1);
  });

  it('queries events by kind, sensor and time', () => {
    store.addEvent({ kind: 'sensor.offline', sensorId: 'a', message: 'a off', ts: T0 });
    store.addEvent({ kind: 'sensor.offline', sensorId: 'b', message: 'b off', ts: T0 + 10 });
    store.addEvent({ kind: 'sensor.online', sensorId: 'a', message: 'a on', ts: T0 + 20 });
    store.addEvent({ kind: 'ingest.serial_closed', message: 'port gone', data: { path: '/dev/ttyUSB0' }, ts: T0 + 5 });
    expect(store.queryEvents({}).map((e) => e.seq)).toEqual([1, 4, 2, 3]);
    expect(store.queryEvents({ kind: 'sensor.offline' }).map((e) => e.sensorId)).toEqual(['a', 'b']);
    expect(store.queryEvents({ sensorId: 'a' }).map((e) => e.kind)).toEqual(['sensor.offline', 'sensor.online']);
    expect(store.queryEvents({ from: T0 + 5, to: T0 + 20 }).map((e) => e.seq)).toEqual([4, 2]);
    expect(store.queryEvents({ kind: 'ingest.serial_closed' })[0]).toMatchObject({ sensorId: null, data: { path: '/dev/ttyUSB0' } });
  });

  it('stores meta values and protects its own keys', () => {
    expect(store.getMeta('sync.cursor')).toBeUndefined();
    store.setMeta('sync.cursor', '42');
    store.setMeta('sync.cursor', '43');
    expect(store.getMeta('sync.cursor')).toBe('43');
    expect(() => store.setMeta('store.seq', '0')).toThrow(/reserved/);
  });

  it('resolves an empty write with the current seq', async () => {
    await store.writeReadings(readings(2));
    expect(await store.writeReadings([])).toBe(2);
  });
});
