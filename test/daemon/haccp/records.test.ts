import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import { GENESIS_HASH, canonicalJson, hashInput } from '../../../daemon/haccp/chain.js';
import { HEAD_META_KEY, HaccpRegister, PURGE_ANCHOR_KIND, verifyChain } from '../../../daemon/haccp/records.js';
import { Store } from '../../../daemon/store/store.js';
import { SCHEMA_VERSION } from '../../../daemon/store/migrations.js';
import { DAY, T0, behindTheBack, memoryDb, rec, register } from './helpers.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof RelaisError ? err.code : (err as Error).message;
  }
  return undefined;
};

describe('HACCP register: append and list', () => {
  it('chains records from 64 zeros, with the boot, the clock state and the payload as given', () => {
    const { reg, clock } = register();
    const a = reg.append(rec(0));
    clock.advance(60_000);
    const b = reg.append(rec(1, { ts: T0 + 30_000 }));
    expect(a).toMatchObject({ seq: 1, ts: T0, kind: 'manual_reading', equipmentId: 'frigo-0', bootId: 'boot-1', clockTrusted: true, prevHash: GENESIS_HASH });
    expect(a.payload).toEqual(rec(0).payload);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatchObject({ seq: 2, ts: T0 + 30_000, prevHash: a.hash });
    expect(reg.head()).toEqual({ seq: 2, hash: b.hash });
  });

  it('hashes the documented text, so another tool can recompute it', () => {
    const { reg, db } = register({ clockTrusted: () => null });
    const r = reg.append({ kind: 'corrective_action', equipmentId: 'frigo-1', userLogin: 'marie', payload: { z: 1, a: 'é' } });
    const row = db.prepare('SELECT * FROM haccp_records WHERE seq = 1').get() as Record<string, unknown>;
    expect(row.payload).toBe('{"a":"é","z":1}');
    const text =
      '{"boot_id":"boot-1","clock_trusted":null,"equipment_id":"frigo-1","incident_id":null,"kind":"corrective_action",' +
      `"payload":"{\\"a\\":\\"é\\",\\"z\\":1}","prev_hash":"${GENESIS_HASH}","seq":1,"ts":${T0},"user_login":"marie","v":1}`;
    expect(hashInput(row as never)).toBe(text);
    expect(r.hash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('canonical JSON sorts keys at every depth and refuses what JSON cannot hold exactly', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: undefined, c: new Date(0) })).toBe('{"b":[{"c":2,"d":1}],"c":"1970-01-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ x: 1n })).toThrow();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
  });

  it('refuses invalid records with RELAIS_HACCP_RECORD_INVALID and writes nothing', () => {
    const { reg } = register();
    expect(code(() => reg.append({ kind: '' }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: 'Alarm ack' }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: PURGE_ANCHOR_KIND }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: 'manual_reading', payload: { v: Infinity } }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: 'manual_reading', payload: { big: 'x'.repeat(40_000) } }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: 'manual_reading', equipmentId: '' }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(code(() => reg.append({ kind: 'manual_reading', ts: Number.NaN }))).toBe('RELAIS_HACCP_RECORD_INVALID');
    expect(reg.list()).toEqual([]);
    expect(reg.verify()).toMatchObject({ ok: true, count: 0 });
  });

  it('lists by time, equipment, incident and kinds, in either order, with a limit', () => {
    const { reg } = register();
    for (let i = 0; i < 30; i++) reg.append(rec(i, { ts: T0 + i * 60_000 }));
    expect(reg.list().map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(reg.list({ from: T0 + 10 * 60_000, to: T0 + 13 * 60_000 }).map((r) => r.seq)).toEqual([11, 12, 13]);
    expect(reg.list({ equipmentId: 'frigo-1', kinds: ['alarm.ack'] }).map((r) => r.seq)).toEqual([6, 12, 18, 24, 30]);
    expect(reg.list({ incidentId: 'frigo-1/temperature/5' }).map((r) => r.seq)).toEqual([6]);
    expect(reg.list({ kinds: [] })).toEqual([]);
    expect(reg.list({ order: 'desc', limit: 2 }).map((r) => r.seq)).toEqual([30, 29]);
  });

  it('comes with the site store: migration 4 on Store.open', async () => {
    const store = Store.open({ path: ':memory:', now: () => T0, bootId: 'boot-store' });
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    const reg = new HaccpRegister({ db: store.database, bootId: store.bootId, now: () => T0 });
    expect(reg.append(rec(1))).toMatchObject({ seq: 1, bootId: 'boot-store', clockTrusted: null });
    expect(reg.verify()).toEqual({ ok: true, count: 1, guarded: true });
    await store.close();
  });

  it('refuses a retention shorter than 366 days', () => {
    expect(code(() => new HaccpRegister({ db: memoryDb(), bootId: 'b', now: () => T0, minRetentionDays: 365 }))).toBe('RELAIS_CONFIG_INVALID');
  });
});

describe('HACCP register: append-only and verification', () => {
  it('verifies after many appends', () => {
    const { reg, clock } = register();
    for (let i = 0; i < 2000; i++) {
      reg.append(rec(i));
      clock.advance(1000);
    }
    expect(reg.verify()).toEqual({ ok: true, count: 2000, guarded: true });
  });

  it('refuses UPDATE and DELETE through SQL triggers', () => {
    const { reg, db } = register();
    for (let i = 0; i < 5; i++) reg.append(rec(i));
    expect(() => db.prepare("UPDATE haccp_records SET payload = '{}' WHERE seq = 2").run()).toThrow(/haccp_records is append-only/);
    expect(() => db.prepare('DELETE FROM haccp_records WHERE seq = 5').run()).toThrow(/haccp_records is append-only/);
    expect(() => db.prepare('DELETE FROM haccp_records').run()).toThrow(/haccp_records is append-only/);
    expect(reg.verify()).toEqual({ ok: true, count: 5, guarded: true });
  });

  it('detects a payload edited behind the daemon\'s back', () => {
    const { reg, db } = register();
    for (let i = 0; i < 100; i++) reg.append(rec(i));
    behindTheBack(db, "UPDATE haccp_records SET payload = json_set(payload, '$.value', 3.9) WHERE seq = 37");
    expect(reg.verify()).toEqual({ ok: false, count: 36, firstBadSeq: 37, reason: 'hash_mismatch', guarded: false });
  });

  it('detects an edit whose hash was recomputed (the next link breaks)', () => {
    const { reg, db } = register();
    for (let i = 0; i < 10; i++) reg.append(rec(i));
    const row = db.prepare('SELECT * FROM haccp_records WHERE seq = 4').get() as Record<string, unknown>;
    const forged = { ...row, user_login: 'someone-else' };
    const hash = createHash('sha256').update(hashInput(forged as never)).digest('hex');
    behindTheBack(db, 'UPDATE haccp_records SET user_login = ?, hash = ? WHERE seq = 4', 'someone-else', hash);
    expect(reg.verify()).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'broken_link' });
  });

  it('detects a record deleted in the middle, at the start and at the end', () => {
    const mid = register();
    for (let i = 0; i < 10; i++) mid.reg.append(rec(i));
    behindTheBack(mid.db, 'DELETE FROM haccp_records WHERE seq = 6');
    expect(mid.reg.verify()).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'broken_link' });

    const start = register();
    for (let i = 0; i < 10; i++) start.reg.append(rec(i));
    behindTheBack(start.db, 'DELETE FROM haccp_records WHERE seq <= 3');
    expect(start.reg.verify()).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'bad_start' });

    const end = register();
    for (let i = 0; i < 10; i++) end.reg.append(rec(i));
    behindTheBack(end.db, 'DELETE FROM haccp_records WHERE seq >= 9');
    expect(end.reg.verify()).toMatchObject({ ok: false, count: 8, firstBadSeq: 9, reason: 'truncated' });
    // the daemon keeps appending after the stored head: the gap stays visible
    expect(end.reg.append(rec(10)).seq).toBe(11);
    expect(end.reg.verify()).toMatchObject({ ok: false, firstBadSeq: 11, reason: 'broken_link' });
  });

  it('detects a head that does not match (a row inserted behind the back)', () => {
    const { reg, db } = register();
    for (let i = 0; i < 3; i++) reg.append(rec(i));
    db.prepare(`DELETE FROM meta WHERE key = ?`).run(HEAD_META_KEY);
    expect(reg.verify()).toMatchObject({ ok: false, reason: 'head_mismatch' });
  });

  it('a database without the table (older schema) verifies empty', () => {
    const db = new Database(':memory:');
    expect(verifyChain(db)).toEqual({ ok: true, count: 0, guarded: false });
  });
});

describe('HACCP register: purge', () => {
  function year(): ReturnType<typeof register> {
    const r = register();
    // one record a day for 500 days
    for (let d = 0; d < 500; d++) r.reg.append(rec(d, { ts: T0 + d * DAY }));
    r.clock.set(T0 + 500 * DAY);
    return r;
  }

  it('deletes only a whole prefix older than the limit, leaves an anchor, and the chain still verifies', () => {
    const { reg, db, clock } = year();
    const before = clock.now() - 400 * DAY; // records of days 0..99
    const lastDeleted = reg.list({ from: T0 + 99 * DAY, to: T0 + 100 * DAY })[0];
    const r = reg.purgeBefore(before, 'admin');
    expect(r).toEqual({ deleted: 100, throughSeq: 100, anchorSeq: 501 });
    const anchor = reg.list({ kinds: [PURGE_ANCHOR_KIND] })[0];
    expect(anchor).toMatchObject({ seq: 501, userLogin: 'admin', ts: clock.now(), equipmentId: null });
    expect(anchor.payload).toEqual({ before, throughSeq: 100, lastHash: lastDeleted.hash, count: 100, firstTs: T0, lastTs: T0 + 99 * DAY });
    expect(reg.verify()).toEqual({ ok: true, count: 401, guarded: true });
    // the trigger is back
    expect(() => db.prepare('DELETE FROM haccp_records WHERE seq = 101').run()).toThrow(/append-only/);
    // appends and a second purge keep it verifiable
    reg.append(rec(1000));
    clock.advance(100 * DAY);
    expect(reg.purgeBefore(clock.now() - 400 * DAY).deleted).toBe(100);
    expect(reg.verify()).toMatchObject({ ok: true, count: 303 });
    // and tampering after a purge is still caught
    behindTheBack(db, "UPDATE haccp_records SET kind = 'corrective_action' WHERE seq = 250");
    expect(reg.verify()).toMatchObject({ ok: false, firstBadSeq: 250, reason: 'hash_mismatch' });
  });

  it('stops the prefix at the first record that is not old enough (a clock that jumped)', () => {
    const { reg, clock } = register();
    for (let i = 0; i < 10; i++) reg.append(rec(i, { ts: i === 4 ? T0 + 1000 * DAY : T0 + i }));
    clock.set(T0 + 1000 * DAY);
    expect(reg.purgeBefore(T0 + 600 * DAY)).toMatchObject({ deleted: 4, throughSeq: 4 });
    expect(reg.list().map((r) => r.seq)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(reg.verify().ok).toBe(true);
  });

  it('can purge everything: the anchor alone verifies, and the chain continues from it', () => {
    const { reg, clock } = register();
    for (let i = 0; i < 5; i++) reg.append(rec(i));
    clock.set(T0 + 400 * DAY);
    expect(reg.purgeBefore(T0 + 10 * DAY)).toEqual({ deleted: 5, throughSeq: 5, anchorSeq: 6 });
    expect(reg.verify()).toMatchObject({ ok: true, count: 1 });
    reg.append(rec(6));
    expect(reg.verify()).toMatchObject({ ok: true, count: 2 });
    expect(reg.purgeBefore(T0)).toEqual({ deleted: 0, throughSeq: null, anchorSeq: null });
  });

  it('refuses records younger than 366 days (or the configured minimum) and an untrusted clock', () => {
    const { reg, clock } = year();
    expect(code(() => reg.purgeBefore(clock.now() - 365 * DAY))).toBe('RELAIS_HACCP_PURGE_REFUSED');
    expect(code(() => reg.purgeBefore(Number.NaN))).toBe('RELAIS_HACCP_PURGE_REFUSED');
    const longer = new HaccpRegister({ db: memoryDb(), bootId: 'b', now: clock.now, minRetentionDays: 730 });
    expect(code(() => longer.purgeBefore(clock.now() - 400 * DAY))).toBe('RELAIS_HACCP_PURGE_REFUSED');
    const untrusted = register({ clockTrusted: () => false });
    untrusted.clock.set(T0 + 1000 * DAY);
    expect(code(() => untrusted.reg.purgeBefore(T0))).toBe('RELAIS_HACCP_PURGE_REFUSED');
    expect(reg.verify().count).toBe(500);
  });

  it('refuses to purge a chain that does not verify (that would erase the evidence)', () => {
    const { reg, db, clock } = year();
    behindTheBack(db, "UPDATE haccp_records SET payload = '{}' WHERE seq = 10");
    db.exec(`CREATE TRIGGER haccp_records_no_delete BEFORE DELETE ON haccp_records BEGIN SELECT RAISE(ABORT, 'haccp_records is append-only'); END`);
    expect(code(() => reg.purgeBefore(clock.now() - 400 * DAY))).toBe('RELAIS_HACCP_CHAIN_BROKEN');
    expect(reg.list({ limit: 1 })[0].seq).toBe(1);
  });
});
