// A migrated in-memory site database and a register on it with a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../daemon/store/db.js';
import { migrate } from '../../../daemon/store/migrations.js';
import { HaccpRegister, type HaccpRecordInput, type HaccpRegisterOptions } from '../../../daemon/haccp/records.js';

export const DAY = 86_400_000;
/** 2025-01-15 09:00 UTC */
export const T0 = Date.UTC(2025, 0, 15, 9, 0);

export function memoryDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db, T0);
  return db;
}

export function clock(start = T0) {
  let t = start;
  return { now: () => t, set: (v: number) => void (t = v), advance: (ms: number) => void (t += ms) };
}

export function register(over: Partial<HaccpRegisterOptions> = {}) {
  const db = over.db ?? memoryDb();
  const c = clock();
  const reg = new HaccpRegister({ db, bootId: 'boot-1', now: c.now, clockTrusted: () => true, ...over });
  return { db, clock: c, reg };
}

export function rec(i: number, over: Partial<HaccpRecordInput> = {}): HaccpRecordInput {
  return {
    kind: i % 3 === 0 ? 'manual_reading' : i % 3 === 1 ? 'incident.opened' : 'alarm.ack',
    equipmentId: `frigo-${i % 2}`,
    incidentId: i % 3 === 0 ? null : `frigo-${i % 2}/temperature/${i}`,
    userLogin: i % 3 === 2 ? 'marie' : null,
    payload: { value: 3 + i / 10, note: `n° ${i} — crème fraîche`, nested: { b: 1, a: [i, null, true] } },
    ...over,
  };
}

/** Runs SQL with the register's triggers lifted, as someone with the sqlite3 tool would. */
export function behindTheBack(db: Db, sql: string, ...args: unknown[]): void {
  db.exec('DROP TRIGGER haccp_records_no_update; DROP TRIGGER haccp_records_no_delete;');
  db.prepare(sql).run(...args);
}

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'relais-haccp-'));
  return { dir, file: (name = 'site.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
