// Test helpers for the store: temporary directories and reading factories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Store } from '../../../daemon/store/store.js';
import type { ReadingInput, StoreOptions } from '../../../daemon/store/types.js';

export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0); // a Monday morning

export interface TempDir {
  dir: string;
  file(name?: string): string;
  cleanup(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'relais-store-'));
  return {
    dir,
    file: (name = 'site.db') => join(dir, 'nested', name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function reading(i: number, over: Partial<ReadingInput> = {}): ReadingInput {
  return {
    sensorId: `fridge-${i % 3}`,
    metric: 'temperature',
    value: 3 + (i % 10) / 10,
    unit: '°C',
    ts: T0 + i * 1000,
    source: 'mqtt',
    ...over,
  };
}

export function readings(n: number, start = 0, over: Partial<ReadingInput> = {}): ReadingInput[] {
  return Array.from({ length: n }, (_, k) => reading(start + k, over));
}

/** A clock the tests move by hand. */
export function manualClock(start = T0) {
  let t = start;
  return { now: () => t, set: (v: number) => void (t = v), advance: (ms: number) => void (t += ms) };
}

export function openStore(opts: Partial<StoreOptions> & { path: string }): Store {
  return Store.open({ now: () => T0, mono: () => 1, bootId: 'boot-test', batchMs: 5, ...opts });
}

/** The raw connection, to simulate faults (e.g. a full disk). */
export function rawDb(store: Store): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}
