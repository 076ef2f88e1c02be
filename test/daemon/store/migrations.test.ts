import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../daemon/store/db.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../daemon/store/migrations.js';
import { Store } from '../../../daemon/store/store.js';
import { T0, tempDir, type TempDir } from './helpers.js';

const H = 3_600_000;

describe('migrations', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  /** A database as version 1 of Relais left it, with data. */
  function makeV1(path: string): void {
    const db = openDatabase(path);
    expect(migrate(db, T0, MIGRATIONS.slice(0, 1))).toEqual([1]);
    db.prepare("INSERT INTO boots (id, boot_id, started) VALUES (1, 'old-boot', ?)").run(T0 - H);
    const ins = db.prepare(
      "INSERT INTO readings (seq, sensor_id, metric, value, unit, ts, boot, mono, source) VALUES (?, ?, 'temperature', ?, '°C', ?, 1, 0, 'mqtt')",
    );
    const hour = Math.floor(T0 / H) * H;
    ins.run(1, 'f1', 4, hour + 10);
    ins.run(2, 'f1', 2, hour + 20);
    ins.run(3, 'f1', 7, hour + H + 5);
    ins.run(5, 'f2', -18, hour + 30);
    ins.run(6, 'f1', 5, hour + 15); // late arrival: not the latest
    db.prepare("INSERT INTO events (seq, kind, message, ts, boot, mono) VALUES (4, 'sensor.offline', 'f2 off', ?, 1, 0)").run(T0);
    db.prepare("INSERT INTO meta (key, value) VALUES ('store.seq', '6'), ('sync.cursor', '3')").run();
    db.close();
  }

  it('opens a version-1 database, migrates it forward and keeps every row', async () => {
    const path = tmp.file();
    makeV1(path);
    const store = Store.open({ path, now: () => T0, bootId: 'new-boot' });
    const hour = Math.floor(T0 / H) * H;
    expect(store.queryReadings({}).map((r) => [r.seq, r.value, r.bootId])).toEqual([
      [1, 4, 'old-boot'],
      [6, 5, 'old-boot'],
      [2, 2, 'old-boot'],
      [5, -18, 'old-boot'],
      [3, 7, 'old-boot'],
    ]);
    expect(store.queryEvents({})).toHaveLength(1);
    expect(store.getMeta('sync.cursor')).toBe('3');
    // backfilled aggregates and latest values
    expect(store.queryHourly({ sensorId: 'f1', metric: 'temperature' })).toEqual([
      { sensorId: 'f1', metric: 'temperature', unit: '°C', hour, min: 2, max: 5, sum: 11, count: 3 },
      { sensorId: 'f1', metric: 'temperature', unit: '°C', hour: hour + H, min: 7, max: 7, sum: 7, count: 1 },
    ]);
    expect(store.latestBySensor().get('f1')?.get('temperature')?.value).toBe(7);
    expect(store.latestBySensor().get('f2')?.get('temperature')?.value).toBe(-18);
    // seq continues after the stored counter
    expect(await store.writeReadings([{ sensorId: 'f1', metric: 'temperature', value: 3, unit: '°C', ts: T0 + 2 * H, source: 'mqtt' }])).toBe(7);
    await store.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('refuses a database written by a newer Relais, without touching it', () => {
    const path = tmp.file();
    const db = openDatabase(path);
    migrate(db, T0);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Store.open({ path })).toThrow(expect.objectContaining({ code: 'RELAIS_STORE_VERSION' }));
  });

  it('applies each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const db = openDatabase(tmp.file());
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, T0, [...MIGRATIONS, broken])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(migrate(db, T0)).toEqual([]); // already current
    db.close();
  });

  it('numbers migrations strictly increasing from 1', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});
