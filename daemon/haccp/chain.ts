// The hash chain of the HACCP register, independent of SQLite so an inspector's own tool can
// recompute it. Each record's hash is the SHA-256 (lower-case hex) of this exact UTF-8 text:
//
//   {"boot_id":…,"clock_trusted":…,"equipment_id":…,"incident_id":…,"kind":…,"payload":…,
//    "prev_hash":…,"seq":…,"ts":…,"user_login":…,"v":1}
//
// i.e. the row's columns as JSON with keys in code-point order, no spaces, `payload` being the
// stored JSON text as a string (itself canonical), null for empty columns. The first record's
// prev_hash is 64 zeros; every other record's is the previous record's hash.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the hashed text ever changes; old rows keep verifying with their own version. */
export const CHAIN_VERSION = 1;

/** One row as stored (column names), the input of the hash. */
export interface ChainRow {
  seq: number;
  ts: number;
  kind: string;
  equipment_id: string | null;
  incident_id: string | null;
  user_login: string | null;
  payload: string;
  boot_id: string;
  clock_trusted: number | null;
  prev_hash: string;
}

/**
 * JSON with object keys sorted, no whitespace; refuses what JSON cannot say exactly (NaN,
 * Infinity, bigint, functions) instead of turning it into null as JSON.stringify would.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set());
}

function encode(v: unknown, seen: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`not a finite number: ${v}`);
      return JSON.stringify(v);
    case 'object': {
      const withJson = v as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return encode(withJson.toJSON(), seen);
      if (seen.has(v)) throw new TypeError('circular structure');
      seen.add(v);
      let out: string;
      if (Array.isArray(v)) out = `[${v.map((x) => (x === undefined ? 'null' : encode(x, seen))).join(',')}]`;
      else {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${encode(o[k], seen)}`).join(',')}}`;
      }
      seen.delete(v);
      return out;
    }
    default:
      throw new TypeError(`cannot be stored as JSON: ${typeof v}`);
  }
}

export function hashInput(row: ChainRow): string {
  return canonicalJson({
    boot_id: row.boot_id,
    clock_trusted: row.clock_trusted,
    equipment_id: row.equipment_id,
    incident_id: row.incident_id,
    kind: row.kind,
    payload: row.payload,
    prev_hash: row.prev_hash,
    seq: row.seq,
    ts: row.ts,
    user_login: row.user_login,
    v: CHAIN_VERSION,
  });
}

export function recordHash(row: ChainRow): string {
  return createHash('sha256').update(hashInput(row), 'utf8').digest('hex');
}

export type VerifyReason =
  /** the first record neither starts the chain nor follows the last purge anchor */
  | 'bad_start'
  /** a record's prev_hash is not the previous record's hash (a record deleted or inserted) */
  | 'broken_link'
  /** a record's content does not give its hash (a record edited) */
  | 'hash_mismatch'
  /** the last record is not the head the daemon wrote (records removed at the end) */
  | 'truncated'
  /** the head the daemon writes with every record is missing or ahead of the table */
  | 'head_mismatch';

export interface VerifyResult {
  ok: boolean;
  /** records checked */
  count: number;
  firstBadSeq?: number;
  reason?: VerifyReason;
  /** false when the triggers that refuse UPDATE and DELETE are missing */
  guarded?: boolean;
}

export interface VerifyStart {
  /** the latest purge anchor: the first record must continue from it */
  anchor: { throughSeq: number; lastHash: string } | null;
  /** the head (seq, hash) the daemon stored with its last append, if any */
  head: { seq: number; hash: string } | null;
}

/** Walks rows in seq order; stops at the first bad one. */
export function verifyRows(rows: Iterable<ChainRow & { hash: string }>, start: VerifyStart): VerifyResult {
  let count = 0;
  let prev: { seq: number; hash: string } | null = null;
  for (const row of rows) {
    if (prev === null) {
      const a = start.anchor;
      const fine = a ? row.seq === a.throughSeq + 1 && row.prev_hash === a.lastHash : row.seq === 1 && row.prev_hash === GENESIS_HASH;
      if (!fine) return { ok: false, count, firstBadSeq: row.seq, reason: 'bad_start' };
    } else if (row.prev_hash !== prev.hash || row.seq !== prev.seq + 1) {
      return { ok: false, count, firstBadSeq: row.seq, reason: 'broken_link' };
    }
    if (recordHash(row) !== row.hash) return { ok: false, count, firstBadSeq: row.seq, reason: 'hash_mismatch' };
    count++;
    prev = { seq: row.seq, hash: row.hash };
  }
  const h = start.head;
  if (prev === null) {
    // an empty table is fine only if nothing was ever written (or the head is gone too)
    return h === null ? { ok: true, count } : { ok: false, count, firstBadSeq: 1, reason: 'truncated' };
  }
  if (h === null) return { ok: false, count, reason: 'head_mismatch' };
  if (h.seq > prev.seq) return { ok: false, count, firstBadSeq: prev.seq + 1, reason: 'truncated' };
  if (h.seq < prev.seq) return { ok: false, count, firstBadSeq: h.seq + 1, reason: 'head_mismatch' };
  if (h.hash !== prev.hash) return { ok: false, count, firstBadSeq: prev.seq, reason: 'head_mismatch' };
  return { ok: true, count };
}
