import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import type { Store } from '../../../daemon/store/store.js';
import { openStore, rawDb, readings, tempDir, type TempDir } from './helpers.js';

/** Caps the database near its current size: the next big write fails with SQLITE_FULL. */
function fillDisk(store: Store, spare = 2): void {
  const db = rawDb(store);
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages + spare}`);
}

function freeDisk(store: Store): void {
  rawDb(store).pragma('max_page_count = 1073741823');
}

describe('commit failure (disk full)', () => {
  let tmp: TempDir;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = openStore({ path: tmp.file() });
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('rejects with RELAIS_STORE_FULL, commits nothing of the batch, keeps earlier data, and later batches work', async () => {
    expect(await store.writeReadings(readings(100))).toBe(100);
    const before = store.latestBySensor();
    fillDisk(store);
    const failed = store.writeReadings(readings(5000, 100));
    await store.flush();
    const err = await failed.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RelaisError);
    expect((err as RelaisError).code).toBe('RELAIS_STORE_FULL');

    // nothing of the failed batch is visible, earlier rows intact, aggregates untouched
    expect(store.queryReadings({ limit: 100_000 })).toHaveLength(100);
    expect(store.latestBySensor()).toEqual(before);
    expect(store.queryHourly({ sensorId: 'fridge-0', metric: 'temperature' }).reduce((n, h) => n + h.count, 0)).toBe(34);
    const st = store.stats();
    expect(st).toMatchObject({ failedBatches: 1, batches: 1, seq: 100 });
    expect(st.lastError?.code).toBe('RELAIS_STORE_FULL');

    // space comes back: the next batch commits and seq continues without a gap
    freeDisk(store);
    expect(await store.writeReadings(readings(10, 100))).toBe(110);
    expect(store.queryReadings({ limit: 100_000 }).map((r) => r.seq)).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
  });

  it('events fail loudly too and do not consume a seq', async () => {
    await store.writeReadings(readings(3));
    fillDisk(store, 0);
    const big = 'x'.repeat(20_000);
    expect(() => store.addEvent({ kind: 'test.big', message: big })).toThrow(expect.objectContaining({ code: 'RELAIS_STORE_FULL' }));
    freeDisk(store);
    expect(store.addEvent({ kind: 'test.small', message: 'ok' }).seq).toBe(4);
  });

  it('when a shared batch does not fit, smaller callers that fit are still committed', async () => {
    await store.writeReadings(readings(10));
    fillDisk(store, 1);
    const small = store.writeReadings(readings(1, 10));
    const large = store.writeReadings(readings(5000, 11));
    await store.flush();
    await expect(small).resolves.toBe(11);
    await expect(large).rejects.toMatchObject({ code: 'RELAIS_STORE_FULL' });
    expect(store.queryReadings({ limit: 100_000 })).toHaveLength(11);
  });

  it('survives a close and reopen after a failure', async () => {
    const path = tmp.file();
    await store.writeReadings(readings(20));
    fillDisk(store);
    await expect(
      (async () => {
        const p = store.writeReadings(readings(5000, 20));
        await store.flush();
        return p;
      })(),
    ).rejects.toBeInstanceOf(RelaisError);
    await store.close();
    store = openStore({ path });
    expect(store.queryReadings({ limit: 1000 })).toHaveLength(20);
    expect(await store.writeReadings(readings(1, 20))).toBe(21);
  });
});
