// Read path. Prepared once; every query is bounded by a limit.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type {
  EventQuery,
  HourlyAggregate,
  HourlyQuery,
  LatestValue,
  ReadingQuery,
  StoredEvent,
  StoredReading,
  SyncRecord,
} from './types.js';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 100_000;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit)));
}

interface ReadingRow {
  seq: number;
  sensor_id: string;
  metric: string;
  value: number;
  unit: string;
  ts: number;
  boot_id: string;
  mono: number;
  source: string;
}

interface EventRow {
  seq: number;
  kind: string;
  sensor_id: string | null;
  message: string;
  data: string;
  ts: number;
  boot_id: string;
  mono: number;
}

const READING_COLS = 'r.seq, r.sensor_id, r.metric, r.value, r.unit, r.ts, b.boot_id, r.mono, r.source';
const EVENT_COLS = 'e.seq, e.kind, e.sensor_id, e.message, e.data, e.ts, b.boot_id, e.mono';

function toReading(r: ReadingRow): StoredReading {
  return {
    seq: r.seq,
    sensorId: r.sensor_id,
    metric: r.metric as StoredReading['metric'],
    value: r.value,
    unit: r.unit,
    ts: r.ts,
    source: r.source,
    bootId: r.boot_id,
    mono: r.mono,
  };
}

function toEvent(r: EventRow): StoredEvent {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(r.data) as Record<string, unknown>;
  } catch {
    data = { unparsable: r.data };
  }
  return { seq: r.seq, kind: r.kind, sensorId: r.sensor_id, message: r.message, data, ts: r.ts, bootId: r.boot_id, mono: r.mono };
}

export class Queries {
  private readonly readingsAfter;
  private readonly eventsAfter;
  private readonly latest;
  private readonly hourly;
  private readonly metaGet;
  private readonly metaSet;

  constructor(private readonly db: Db) {
    this.readingsAfter = db.prepare(
      `SELECT ${READING_COLS} FROM readings r JOIN boots b ON b.id = r.boot WHERE r.seq > ? ORDER BY r.seq LIMIT ?`,
    );
    this.eventsAfter = db.prepare(
      `SELECT ${EVENT_COLS} FROM events e JOIN boots b ON b.id = e.boot WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
    );
    this.latest = db.prepare('SELECT sensor_id, metric, value, unit, ts FROM latest ORDER BY sensor_id, metric');
    this.hourly = db.prepare(
      `SELECT sensor_id, metric, unit, hour, min, max, sum, count FROM hourly
       WHERE sensor_id = ? AND metric = ? AND hour >= ? AND hour < ? ORDER BY hour`,
    );
    this.metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  /** from inclusive, to exclusive; ordered by ts then seq. */
  readings(q: ReadingQuery): StoredReading[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.sensorId !== undefined) (where.push('r.sensor_id = ?'), args.push(q.sensorId));
    if (q.metric !== undefined) (where.push('r.metric = ?'), args.push(q.metric));
    if (q.from !== undefined) (where.push('r.ts >= ?'), args.push(q.from));
    if (q.to !== undefined) (where.push('r.ts < ?'), args.push(q.to));
    const sql =
      `SELECT ${READING_COLS} FROM readings r JOIN boots b ON b.id = r.boot` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY r.ts, r.seq LIMIT ?';
    return (this.stmt(sql).all(...args, clampLimit(q.limit)) as ReadingRow[]).map(toReading);
  }

  events(q: EventQuery): StoredEvent[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.kind !== undefined) (where.push('e.kind = ?'), args.push(q.kind));
    if (q.sensorId !== undefined) (where.push('e.sensor_id = ?'), args.push(q.sensorId));
    if (q.from !== undefined) (where.push('e.ts >= ?'), args.push(q.from));
    if (q.to !== undefined) (where.push('e.ts < ?'), args.push(q.to));
    const sql =
      `SELECT ${EVENT_COLS} FROM events e JOIN boots b ON b.id = e.boot` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY e.ts, e.seq LIMIT ?';
    return (this.stmt(sql).all(...args, clampLimit(q.limit)) as EventRow[]).map(toEvent);
  }

  hourlyAggregates(q: HourlyQuery): HourlyAggregate[] {
    const rows = this.hourly.all(
      q.sensorId,
      q.metric,
      q.from ?? Number.MIN_SAFE_INTEGER,
      q.to ?? Number.MAX_SAFE_INTEGER,
    ) as { sensor_id: string; metric: string; unit: string; hour: number; min: number; max: number; sum: number; count: number }[];
    return rows.map((r) => ({
      sensorId: r.sensor_id,
      metric: r.metric,
      unit: r.unit,
      hour: r.hour,
      min: r.min,
      max: r.max,
      sum: r.sum,
      count: r.count,
    }));
  }

  latestBySensor(): Map<string, Map<string, LatestValue>> {
    const out = new Map<string, Map<string, LatestValue>>();
    for (const r of this.latest.all() as { sensor_id: string; metric: string; value: number; unit: string; ts: number }[]) {
      let m = out.get(r.sensor_id);
      if (!m) out.set(r.sensor_id, (m = new Map()));
      m.set(r.metric, { value: r.value, unit: r.unit, ts: r.ts });
    }
    return out;
  }

  /** Readings and events with seq > after, merged in seq order, at most limit. */
  recordsAfter(after: number, limit: number): SyncRecord[] {
    const n = clampLimit(limit);
    const rs = (this.readingsAfter.all(after, n) as ReadingRow[]).map((r) => ({ type: 'reading' as const, ...toReading(r) }));
    const es = (this.eventsAfter.all(after, n) as EventRow[]).map((e) => ({ type: 'event' as const, ...toEvent(e) }));
    const out: SyncRecord[] = [];
    let i = 0;
    let j = 0;
    while (out.length < n && (i < rs.length || j < es.length)) {
      if (j >= es.length || (i < rs.length && rs[i].seq < es[j].seq)) out.push(rs[i++]);
      else out.push(es[j++]);
    }
    return out;
  }

  // Filters make at most 16 statement shapes per table: compile each once.
  private readonly cache = new Map<string, Statement>();
  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  getMeta(key: string): string | undefined {
    return this.metaGet.get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.metaSet.run(key, value);
  }
}
