// The HACCP register: append-only, hash-chained rows in the site database (table haccp_records,
// migration 4). Incidents, alarm acknowledgements, manual readings, cooling cycles and corrective
// actions all land here with who did it; an inspector reads it back as it was written.
//
// What protects it: triggers refuse UPDATE and DELETE, so no code path of the daemon can edit
// it; the chain (chain.ts) makes an edit made with a SQL tool visible to verifyChain(). A chain
// without a secret cannot stop someone who recomputes every hash: copying the head hash off the
// Pi (sync, printed register) is what pins it.
import { RelaisError } from '../../common/errors.js';
import { toStoreError, type Db } from '../store/db.js';
import { canonicalJson, GENESIS_HASH, recordHash, verifyRows, type ChainRow, type VerifyResult } from './chain.js';

/** Kinds written today; others are accepted if they look like `word.word`. */
export const HACCP_KINDS = [
  'incident.opened', 'incident.alarm', 'incident.recovered', 'incident.closed',
  'alarm.reopened', 'alarm.escalated', 'alarm.silenced', 'alarm.ack',
  'manual_reading', 'cooling.started', 'cooling.result', 'corrective_action',
] as const;
export type HaccpKind = (typeof HACCP_KINDS)[number];
/** Written only by purgeBefore(): it vouches for the deleted prefix. */
export const PURGE_ANCHOR_KIND = 'register.purged';
/** Frozen-food records are kept at least a year; a day more covers a leap year. */
export const HACCP_MIN_RETENTION_DAYS = 366;
export const MAX_PAYLOAD_CHARS = 32 * 1024;
export const DEFAULT_LIST_LIMIT = 1000;
export const MAX_LIST_LIMIT = 10_000;
/** meta key holding {seq, hash} of the last row, written in the same transaction as the row */
export const HEAD_META_KEY = 'haccp.head';
const NO_DELETE_TRIGGER = 'haccp_records_no_delete';
const NO_DELETE_SQL = `CREATE TRIGGER ${NO_DELETE_TRIGGER} BEFORE DELETE ON haccp_records
          BEGIN SELECT RAISE(ABORT, 'haccp_records is append-only'); END`;
const DAY_MS = 86_400_000;
const KIND_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export interface HaccpRecordInput {
  kind: HaccpKind | (string & {});
  equipmentId?: string | null;
  incidentId?: string | null;
  /** who did it (login); null for what the daemon observed by itself */
  userLogin?: string | null;
  payload?: Record<string, unknown>;
  /** wall ms of what is recorded (an incident's own time); default now */
  ts?: number;
}

export interface HaccpRecord {
  seq: number;
  ts: number;
  kind: string;
  equipmentId: string | null;
  incidentId: string | null;
  userLogin: string | null;
  payload: Record<string, unknown>;
  bootId: string;
  /** whether the wall clock was synchronised when written (null: unknown) */
  clockTrusted: boolean | null;
  prevHash: string;
  hash: string;
}

export interface RecordQuery {
  /** inclusive, wall ms */
  from?: number;
  /** exclusive, wall ms */
  to?: number;
  equipmentId?: string;
  incidentId?: string;
  kinds?: readonly string[];
  limit?: number;
  /** by seq; default 'asc' */
  order?: 'asc' | 'desc';
}

export interface HaccpRegisterOptions {
  /** the store's connection (Store.database); used synchronously, never closed here */
  db: Db;
  bootId: string;
  now: () => number;
  clockTrusted?: () => boolean | null;
  /** at least HACCP_MIN_RETENTION_DAYS */
  minRetentionDays?: number;
}

export interface PurgeResult {
  deleted: number;
  throughSeq: number | null;
  anchorSeq: number | null;
}

type Row = ChainRow & { hash: string };
type Head = { seq: number; hash: string };
const COLUMNS = 'seq, ts, kind, equipment_id, incident_id, user_login, payload, boot_id, clock_trusted, prev_hash, hash';

export class HaccpRegister {
  readonly minRetentionDays: number;
  private readonly clockTrusted: () => boolean | null;

  constructor(private readonly opts: HaccpRegisterOptions) {
    const days = opts.minRetentionDays ?? HACCP_MIN_RETENTION_DAYS;
    if (!Number.isFinite(days) || days < HACCP_MIN_RETENTION_DAYS) {
      throw new RelaisError('RELAIS_CONFIG_INVALID', `HACCP records are kept at least ${HACCP_MIN_RETENTION_DAYS} days (got ${days})`);
    }
    this.minRetentionDays = days;
    this.clockTrusted = opts.clockTrusted ?? (() => null);
  }

  /** Validates, chains and commits one record; returns it as stored. */
  append(rec: HaccpRecordInput): HaccpRecord {
    if (rec.kind === PURGE_ANCHOR_KIND) throw invalid(`kind ${rec.kind} is written by the purge only`);
    const row = this.prepareRow(rec);
    try {
      return this.opts.db.transaction(() => this.insert(row)).immediate();
    } catch (err) {
      throw toStoreError(err, `writing HACCP record ${rec.kind}`);
    }
  }

  list(q: RecordQuery = {}): HaccpRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (q.from !== undefined) add('ts >= ?', q.from);
    if (q.to !== undefined) add('ts < ?', q.to);
    if (q.equipmentId !== undefined) add('equipment_id = ?', q.equipmentId);
    if (q.incidentId !== undefined) add('incident_id = ?', q.incidentId);
    if (q.kinds !== undefined) {
      if (q.kinds.length === 0) return [];
      add(`kind IN (${q.kinds.map(() => '?').join(', ')})`, ...q.kinds);
    }
    const want = Number.isFinite(q.limit) ? Math.floor(q.limit!) : DEFAULT_LIST_LIMIT;
    const limit = Math.max(1, Math.min(MAX_LIST_LIMIT, want));
    const sql = `SELECT ${COLUMNS} FROM haccp_records${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq ${q.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${limit}`;
    return (this.opts.db.prepare(sql).all(...args) as Row[]).map(toRecord);
  }

  /** Recomputes every hash (a full scan: about 0.1 s per 30 000 records on a Pi 3). */
  verify(): VerifyResult {
    return verifyChain(this.opts.db);
  }

  /** The last record's seq and hash: copy it elsewhere (sync, print) to pin the register. */
  head(): Head | null {
    return readHead(this.opts.db);
  }

  /**
   * Deletes the oldest records, only as a whole prefix (up to the first record that is not older
   * than `before`), never younger than minRetentionDays, never with an untrusted clock, never on
   * a chain that does not verify (that would erase the evidence). Appends a 'register.purged'
   * anchor holding the last deleted hash, so the remaining chain still verifies from it.
   * The DELETE trigger is dropped and re-created inside this one transaction: SQLite DDL is
   * transactional, so no other statement ever sees the table unguarded, and a failure restores it.
   */
  purgeBefore(before: number, by: string | null = null): PurgeResult {
    const now = this.opts.now();
    const floor = now - this.minRetentionDays * DAY_MS;
    if (!Number.isFinite(before) || before > floor) {
      throw new RelaisError(
        'RELAIS_HACCP_PURGE_REFUSED',
        `HACCP records are kept ${this.minRetentionDays} days: purge before ${iso(floor)} at the latest (asked ${Number.isFinite(before) ? iso(before) : String(before)})`,
      );
    }
    if (this.clockTrusted() === false) {
      throw new RelaisError('RELAIS_HACCP_PURGE_REFUSED', 'the clock is not synchronised: no HACCP record is deleted by age until it is');
    }
    const db = this.opts.db;
    return db.transaction((): PurgeResult => {
      const v = verifyChain(db);
      if (!v.ok) {
        throw new RelaisError('RELAIS_HACCP_CHAIN_BROKEN', `the register does not verify (${v.reason} at record ${v.firstBadSeq ?? '?'}): nothing deleted`, { ...v });
      }
      const firstKept = db.prepare('SELECT min(seq) FROM haccp_records WHERE ts >= ?').pluck().get(before) as number | null;
      const through = firstKept === null ? (db.prepare('SELECT max(seq) FROM haccp_records').pluck().get() as number | null) : firstKept - 1;
      const first = db.prepare('SELECT min(seq) FROM haccp_records').pluck().get() as number | null;
      if (through === null || first === null || through < first) return { deleted: 0, throughSeq: null, anchorSeq: null };
      const lastHash = db.prepare('SELECT hash FROM haccp_records WHERE seq = ?').pluck().get(through) as string;
      const span = db.prepare('SELECT count(*) AS n, min(ts) AS a, max(ts) AS b FROM haccp_records WHERE seq <= ?').get(through) as { n: number; a: number; b: number };
      const triggerSql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(NO_DELETE_TRIGGER) as string | undefined;
      db.exec(`DROP TRIGGER IF EXISTS ${NO_DELETE_TRIGGER}`);
      const deleted = db.prepare('DELETE FROM haccp_records WHERE seq <= ?').run(through).changes;
      db.exec(triggerSql ?? NO_DELETE_SQL);
      const anchor = this.insert(
        this.prepareRow({
          kind: PURGE_ANCHOR_KIND,
          userLogin: by,
          ts: now,
          payload: { before, throughSeq: through, lastHash, count: span.n, firstTs: span.a, lastTs: span.b },
        }),
      );
      return { deleted, throughSeq: through, anchorSeq: anchor.seq };
    }).immediate();
  }

  private prepareRow(rec: HaccpRecordInput): Omit<ChainRow, 'seq' | 'prev_hash'> {
    if (typeof rec.kind !== 'string' || rec.kind.length > 64 || !KIND_RE.test(rec.kind)) throw invalid(`kind ${JSON.stringify(rec.kind)} is not a register kind`);
    const ts = rec.ts ?? this.opts.now();
    if (!Number.isFinite(ts)) throw invalid(`record ${rec.kind}: time ${ts} is not a number`);
    let payload: string;
    try {
      payload = canonicalJson(rec.payload ?? {});
    } catch (err) {
      throw invalid(`record ${rec.kind}: payload is not plain JSON (${(err as Error).message})`);
    }
    if (!payload.startsWith('{')) throw invalid(`record ${rec.kind}: payload must be an object`);
    if (payload.length > MAX_PAYLOAD_CHARS) throw invalid(`record ${rec.kind}: payload of ${payload.length} characters (max ${MAX_PAYLOAD_CHARS})`);
    const trusted = this.clockTrusted();
    return {
      ts: Math.round(ts),
      kind: rec.kind,
      equipment_id: text(rec.equipmentId, 'equipmentId'),
      incident_id: text(rec.incidentId, 'incidentId'),
      user_login: text(rec.userLogin, 'userLogin'),
      payload,
      boot_id: this.opts.bootId,
      clock_trusted: trusted === null ? null : trusted ? 1 : 0,
    };
  }

  /** Inside a transaction. Continues from the stored head, so a tail deleted behind the
   *  daemon's back stays visible (broken link) instead of being papered over. */
  private insert(partial: Omit<ChainRow, 'seq' | 'prev_hash'>): HaccpRecord {
    const db = this.opts.db;
    const head = readHead(db);
    const maxSeq = (db.prepare('SELECT max(seq) FROM haccp_records').pluck().get() as number | null) ?? 0;
    const row: ChainRow = { ...partial, seq: Math.max(head?.seq ?? 0, maxSeq) + 1, prev_hash: head?.hash ?? GENESIS_HASH };
    const full: Row = { ...row, hash: recordHash(row) };
    db.prepare(`INSERT INTO haccp_records (${COLUMNS}) VALUES (@seq, @ts, @kind, @equipment_id, @incident_id, @user_login, @payload, @boot_id, @clock_trusted, @prev_hash, @hash)`).run(full);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      HEAD_META_KEY,
      JSON.stringify({ seq: full.seq, hash: full.hash }),
    );
    return toRecord(full);
  }
}

/** Recomputes the whole chain of the register in `db`. A database without the table verifies empty. */
export function verifyChain(db: Db): VerifyResult {
  const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'haccp_records'").all() as { type: string; name: string }[];
  if (!objects.some((o) => o.type === 'table')) return { ok: true, count: 0, guarded: false };
  const guarded = ['haccp_records_no_update', NO_DELETE_TRIGGER].every((n) => objects.some((o) => o.type === 'trigger' && o.name === n));
  const anchorPayload = db.prepare('SELECT payload FROM haccp_records WHERE kind = ? ORDER BY seq DESC LIMIT 1').pluck().get(PURGE_ANCHOR_KIND) as string | undefined;
  let anchor: { throughSeq: number; lastHash: string } | null = null;
  if (anchorPayload !== undefined) {
    try {
      const p = JSON.parse(anchorPayload) as { throughSeq?: unknown; lastHash?: unknown };
      if (typeof p.throughSeq === 'number' && typeof p.lastHash === 'string') anchor = { throughSeq: p.throughSeq, lastHash: p.lastHash };
    } catch {
      // an unreadable anchor vouches for nothing: the first record then fails 'bad_start'
    }
  }
  const rows = db.prepare(`SELECT ${COLUMNS} FROM haccp_records ORDER BY seq`).iterate() as IterableIterator<Row>;
  return { ...verifyRows(rows, { anchor, head: readHead(db) }), guarded };
}

function readHead(db: Db): Head | null {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(HEAD_META_KEY) as string | undefined;
  if (v === undefined) return null;
  try {
    const h = JSON.parse(v) as Partial<Head>;
    if (typeof h.seq === 'number' && typeof h.hash === 'string') return { seq: h.seq, hash: h.hash };
  } catch {
    // fall through: treated as missing
  }
  return null;
}

function toRecord(r: Row): HaccpRecord {
  return {
    seq: r.seq,
    ts: r.ts,
    kind: r.kind,
    equipmentId: r.equipment_id,
    incidentId: r.incident_id,
    userLogin: r.user_login,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    bootId: r.boot_id,
    clockTrusted: r.clock_trusted === null ? null : r.clock_trusted === 1,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function text(v: string | null | undefined, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw invalid(`${field} must be a non-empty string of at most 200 characters`);
  return v;
}

function invalid(message: string): RelaisError {
  return new RelaisError('RELAIS_HACCP_RECORD_INVALID', message);
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
