// Write path: seq allocation, readings batch, events. Every write is one transaction that
// allocates its seqs from meta inside it, so seqs are strictly increasing and never reused.
import type { Db } from './db.js';
import { hourlyDeltas, latestCandidates } from './aggregate.js';
import type { EventInput, ReadingInput, StoredEvent } from './types.js';

export const SEQ_KEY = 'store.seq';

export class Writer {
  private readonly getSeq;
  private readonly setSeq;
  private readonly insReading;
  private readonly upHourly;
  private readonly upLatest;
  private readonly insEvent;
  private readonly updEvent;
  private readonly readingsTx: (rows: readonly ReadingInput[], mono: number) => number;
  private readonly eventTx: (e: EventInput, ts: number, mono: number) => number;

  constructor(
    db: Db,
    /** boots.id of this process */
    private readonly boot: number,
  ) {
    this.getSeq = db.prepare(`SELECT value FROM meta WHERE key = '${SEQ_KEY}'`).pluck();
    this.setSeq = db.prepare(
      `INSERT INTO meta (key, value) VALUES ('${SEQ_KEY}', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.insReading = db.prepare(
      'INSERT INTO readings (seq, sensor_id, metric, value, unit, ts, boot, mono, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upHourly = db.prepare(`
      INSERT INTO hourly (sensor_id, metric, hour, unit, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(sensor_id, metric, hour) DO UPDATE SET
        unit = excluded.unit, min = min(min, excluded.min), max = max(max, excluded.max),
        sum = sum + excluded.sum, count = count + excluded.count`);
    // Only a newer measurement replaces the latest value (late LoRa backlogs must not).
    this.upLatest = db.prepare(`
      INSERT INTO latest (sensor_id, metric, value, unit, ts, seq) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(sensor_id, metric) DO UPDATE SET
        value = excluded.value, unit = excluded.unit, ts = excluded.ts, seq = excluded.seq
      WHERE excluded.ts >= latest.ts`);
    this.insEvent = db.prepare(
      'INSERT INTO events (seq, kind, sensor_id, message, data, ts, boot, mono) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updEvent = db.prepare('UPDATE events SET message = ?, data = ? WHERE seq = ?');

    this.readingsTx = db.transaction((rows: readonly ReadingInput[], mono: number) => {
      const first = this.allocate(rows.length);
      rows.forEach((r, i) => {
        this.insReading.run(first + i, r.sensorId, r.metric, r.value, r.unit, r.ts, this.boot, mono, r.source);
      });
      for (const h of hourlyDeltas(rows)) this.upHourly.run(h.sensorId, h.metric, h.hour, h.unit, h.min, h.max, h.sum, h.count);
      for (const l of latestCandidates(rows, first)) this.upLatest.run(l.sensorId, l.metric, l.value, l.unit, l.ts, l.seq);
      return first + rows.length - 1;
    });
    this.eventTx = db.transaction((e: EventInput, ts: number, mono: number) => this.insertEvent(e, ts, mono));
  }

  /** Last seq ever allocated (0 for a new site). */
  currentSeq(): number {
    const v = this.getSeq.get() as string | undefined;
    return v === undefined ? 0 : Number(v);
  }

  /** Commits rows in one transaction; returns the last seq. Throws (nothing committed) on failure. */
  commitReadings(rows: readonly ReadingInput[], mono: number): number {
    return this.readingsTx(rows, mono);
  }

  /** Commits one event in its own transaction. */
  commitEvent(e: EventInput, ts: number, mono: number): number {
    return this.eventTx(e, ts, mono);
  }

  /** For callers already inside a transaction (maintenance). */
  insertEvent(e: EventInput, ts: number, mono: number): number {
    const seq = this.allocate(1);
    this.insEvent.run(seq, e.kind, e.sensorId ?? null, e.message, JSON.stringify(e.data ?? {}), ts, this.boot, mono);
    return seq;
  }

  /** For callers already inside a transaction: rewrites an event's message and data in place. */
  updateEvent(seq: number, message: string, data: Record<string, unknown>): void {
    this.updEvent.run(message, JSON.stringify(data), seq);
  }

  private allocate(n: number): number {
    const first = this.currentSeq() + 1;
    this.setSeq.run(String(first + n - 1));
    return first;
  }

  toStoredEvent(e: EventInput, seq: number, ts: number, bootId: string, mono: number): StoredEvent {
    return { seq, kind: e.kind, sensorId: e.sensorId ?? null, message: e.message, data: e.data ?? {}, ts, bootId, mono };
  }
}
