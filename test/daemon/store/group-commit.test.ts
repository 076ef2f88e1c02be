import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import { GroupCommit } from '../../../daemon/store/group-commit.js';
import type { Store } from '../../../daemon/store/store.js';
import { openStore, readings } from './helpers.js';

describe('group commit (store)', () => {
  let store: Store;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await store?.close();
    vi.useRealTimers();
  });

  it('commits after batchMs when few rows are queued', async () => {
    store = openStore({ path: ':memory:', batchMs: 200, batchRows: 1000 });
    let seq: number | undefined;
    void store.writeReadings(readings(5)).then((s) => (seq = s));
    await vi.advanceTimersByTimeAsync(199);
    expect(seq).toBeUndefined();
    expect(store.queryReadings({})).toHaveLength(0);
    expect(store.stats().pending).toBe(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(seq).toBe(5);
    expect(store.queryReadings({})).toHaveLength(5);
    expect(store.stats()).toMatchObject({ batches: 1, rowsCommitted: 5, lastBatchSize: 5, pending: 0, seq: 5 });
  });

  it('groups several callers into one transaction and gives each its own last seq', async () => {
    store = openStore({ path: ':memory:', batchMs: 200 });
    const a = store.writeReadings(readings(3));
    const b = store.writeReadings(readings(2, 3));
    const c = store.writeReadings(readings(4, 5));
    await vi.advanceTimersByTimeAsync(200);
    expect(await Promise.all([a, b, c])).toEqual([3, 5, 9]);
    expect(store.stats().batches).toBe(1);
  });

  it('commits as soon as batchRows are queued, without waiting for the timer', async () => {
    store = openStore({ path: ':memory:', batchMs: 10_000, batchRows: 1000 });
    const first = store.writeReadings(readings(600));
    const second = store.writeReadings(readings(400, 600)); // reaches 1000
    expect(await second).toBe(1000);
    expect(await first).toBe(600);
    expect(store.stats()).toMatchObject({ batches: 1, lastBatchSize: 1000 });
    // the timer was cleared: nothing more happens later
    await vi.advanceTimersByTimeAsync(20_000);
    expect(store.stats().batches).toBe(1);
  });

  it('a single call larger than batchRows is committed whole, in one batch', async () => {
    store = openStore({ path: ':memory:', batchRows: 100 });
    expect(await store.writeReadings(readings(250))).toBe(250);
    expect(store.stats()).toMatchObject({ batches: 1, lastBatchSize: 250 });
  });

  it('fills the batch-size histogram cumulatively', async () => {
    store = openStore({ path: ':memory:', batchRows: 1000 });
    for (const n of [1, 5, 50, 1000]) {
      void store.writeReadings(readings(n));
      await store.flush();
    }
    const h = store.stats().batchSizeHistogram;
    expect(h.map((b) => b.count)).toEqual([1, 2, 3, 4, 4]);
    expect(h[4].le).toBe(Number.POSITIVE_INFINITY);
  });

  it('an empty write resolves at once when idle, and after queued rows otherwise', async () => {
    store = openStore({ path: ':memory:', batchMs: 200 });
    expect(await store.writeReadings([])).toBe(0);
    const a = store.writeReadings(readings(3));
    let empty: number | undefined;
    void store.writeReadings([]).then((s) => (empty = s));
    await vi.advanceTimersByTimeAsync(0);
    expect(empty).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect([await a, empty]).toEqual([3, 3]);
  });

  it('rejects invalid rows without queueing them, so they cannot fail a shared batch', async () => {
    store = openStore({ path: ':memory:' });
    const good = store.writeReadings(readings(2));
    await expect(store.writeReadings([{ ...readings(1)[0], value: Number.NaN }])).rejects.toMatchObject({
      code: 'RELAIS_STORE_INVALID_ROW',
    });
    await expect(store.writeReadings([{ ...readings(1)[0], sensorId: '' }])).rejects.toBeInstanceOf(RelaisError);
    await store.flush();
    expect(await good).toBe(2);
  });
});

describe('GroupCommit isolation', () => {
  it('when a shared batch fails, each caller is retried alone so only the failing one rejects', async () => {
    const committed: string[][] = [];
    let seq = 0;
    const gc = new GroupCommit({
      batchMs: 50,
      batchRows: 1000,
      commit(rows) {
        if (rows.some((r) => r.sensorId === 'bad')) throw Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' });
        committed.push(rows.map((r) => r.sensorId));
        return (seq += rows.length);
      },
      mapError: (e) => e as Error,
    });
    const ok1 = gc.add(readings(2, 0, { sensorId: 'a' }));
    const bad = gc.add(readings(1, 0, { sensorId: 'bad' }));
    const ok2 = gc.add(readings(1, 0, { sensorId: 'b' }));
    gc.flush();
    await expect(ok1).resolves.toBe(2);
    await expect(bad).rejects.toThrow('constraint');
    await expect(ok2).resolves.toBe(3);
    expect(committed).toEqual([['a', 'a'], ['b']]);
  });
});
