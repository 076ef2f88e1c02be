// The site store: one SQLite file, group-committed readings, events, aggregates, retention.
// Composition only; the parts live in db/migrations/writer/group-commit/queries/maintenance.
import { randomUUID } from 'node:crypto';
import { RelaisError } from '../../common/errors.js';
import { fileSizes, isMemoryPath, openDatabase, toStoreError, type Db } from './db.js';
import { invalidReading } from './aggregate.js';
import { GroupCommit } from './group-commit.js';
import { runMaintenance } from './maintenance.js';
import { migrate } from './migrations.js';
import { Queries } from './queries.js';
import { MAINTENANCE_INTERVAL_MS } from './retention.js';
import { CommitStats } from './stats.js';
import type {
  EventInput,
  EventQuery,
  HourlyAggregate,
  HourlyQuery,
  LatestValue,
  MaintenanceReport,
  ReadingInput,
  ReadingQuery,
  SiteStore,
  StoredEvent,
  StoredReading,
  StoreOptions,
  StoreStats,
  SyncRecord,
} from './types.js';
import { Writer } from './writer.js';

export const DEFAULT_BATCH_MS = 200;
export const DEFAULT_BATCH_ROWS = 1000;
/** meta keys under this prefix belong to the store (e.g. the seq counter) */
export const RESERVED_META_PREFIX = 'store.';

export class Store implements SiteStore {
  /** The daemon calls runMaintenance() on this period; the store starts no timer for it. */
  readonly maintenanceIntervalMs = MAINTENANCE_INTERVAL_MS;
  private readonly gc: GroupCommit;
  private readonly commitStats = new CommitStats();
  private lastSeq: number;
  private closed = false;

  private constructor(
    private readonly db: Db,
    private readonly opts: StoreOptions,
    readonly bootId: string,
    private readonly writer: Writer,
    private readonly q: Queries,
    private readonly now: () => number,
    private readonly mono: () => number,
  ) {
    this.lastSeq = writer.currentSeq();
    this.gc = new GroupCommit({
      batchMs: opts.batchMs ?? DEFAULT_BATCH_MS,
      batchRows: opts.batchRows ?? DEFAULT_BATCH_ROWS,
      // (an empty caller retried alone after a failed batch allocates nothing)
      commit: (rows) => (rows.length === 0 ? this.lastSeq : (this.lastSeq = this.writer.commitReadings(rows, this.mono()))),
      mapError: (err) => toStoreError(err, 'committing readings'),
      onCommitted: (rows, ms) => this.commitStats.committed(rows, this.now(), ms),
      onFailed: (err) => this.commitStats.failed(err as RelaisError, this.now()),
    });
  }

  /**
   * The better-sqlite3 connection, for parts that keep their own tables in this file (auth).
   * Use it synchronously and never close it: the store owns it and closes it last.
   */
  get database(): Db {
    return this.db;
  }

  /** Opens or creates the database, migrates it forward and records this boot. */
  static open(opts: StoreOptions): Store {
    const now = opts.now ?? Date.now;
    const mono = opts.mono ?? (() => performance.now());
    const db = openDatabase(opts.path);
    try {
      migrate(db, now());
      const bootId = opts.bootId ?? randomUUID();
      db.prepare('INSERT INTO boots (boot_id, started) VALUES (?, ?) ON CONFLICT(boot_id) DO NOTHING').run(bootId, now());
      const boot = db.prepare('SELECT id FROM boots WHERE boot_id = ?').pluck().get(bootId) as number;
      return new Store(db, opts, bootId, new Writer(db, boot), new Queries(db), now, mono);
    } catch (err) {
      db.close();
      if (err instanceof RelaisError) throw err;
      throw new RelaisError('RELAIS_STORE_OPEN', `cannot prepare database ${opts.path}: ${(err as Error).message}`, {
        path: opts.path,
      });
    }
  }

  /**
   * Queues rows for the next group commit. Resolves with the seq of the caller's last row once
   * committed (then, and only then, acknowledge the MQTT message); rejects with nothing committed.
   */
  writeReadings(rows: ReadingInput[]): Promise<number> {
    if (this.closed) return Promise.reject(closedError());
    for (let i = 0; i < rows.length; i++) {
      const why = invalidReading(rows[i]);
      if (why) {
        return Promise.reject(
          new RelaisError('RELAIS_STORE_INVALID_ROW', `reading ${i} (${String(rows[i].sensorId)}): ${why}`, { index: i }),
        );
      }
    }
    // An empty write behind queued rows waits for them, so resolved seqs never go backwards.
    if (rows.length === 0 && this.gc.pending === 0) return Promise.resolve(this.lastSeq);
    return this.gc.add(rows.slice());
  }

  /** Commits one event immediately (events are rare). */
  addEvent(e: EventInput): StoredEvent {
    this.live();
    const ts = e.ts ?? this.now();
    const mono = this.mono();
    let seq: number;
    try {
      seq = this.writer.commitEvent(e, ts, mono);
    } catch (err) {
      const mapped = toStoreError(err, `storing event ${e.kind}`);
      this.commitStats.failed(mapped, this.now());
      throw mapped;
    }
    this.lastSeq = seq;
    return this.writer.toStoredEvent(e, seq, ts, this.bootId, mono);
  }

  /** Commits whatever is queued now. Failures reach the writers' promises, not this one. */
  flush(): Promise<void> {
    if (!this.closed) this.gc.flush();
    return Promise.resolve();
  }

  /** Commits pending rows, then closes. Idempotent. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.gc.flush();
    this.closed = true;
    this.db.close(); // the last connection checkpoints and removes the WAL
    return Promise.resolve();
  }

  queryReadings(q: ReadingQuery): StoredReading[] {
    this.live();
    return this.q.readings(q);
  }

  latestBySensor(): Map<string, Map<string, LatestValue>> {
    this.live();
    return this.q.latestBySensor();
  }

  queryEvents(q: EventQuery = {}): StoredEvent[] {
    this.live();
    return this.q.events(q);
  }

  queryHourly(q: HourlyQuery): HourlyAggregate[] {
    this.live();
    return this.q.hourlyAggregates(q);
  }

  /** Readings and events with seq > `seq`, merged in seq order (for sync). */
  recordsAfter(seq: number, limit: number): SyncRecord[] {
    this.live();
    return this.q.recordsAfter(seq, limit);
  }

  getMeta(key: string): string | undefined {
    this.live();
    return this.q.getMeta(key);
  }

  setMeta(key: string, value: string): void {
    this.live();
    if (key.startsWith(RESERVED_META_PREFIX)) throw new Error(`meta key ${key} is reserved for the store`);
    try {
      this.q.setMeta(key, value);
    } catch (err) {
      throw toStoreError(err, `writing meta ${key}`);
    }
  }

  /** Retention, vacuum and quota; call every maintenanceIntervalMs. Synchronous. */
  runMaintenance(now: number = this.now()): MaintenanceReport {
    this.live();
    try {
      return runMaintenance(
        {
          db: this.db,
          path: this.opts.path,
          writer: this.writer,
          retention: this.opts.retention ?? {},
          quotaBytes: this.opts.quotaBytes,
          mono: this.mono,
        },
        now,
      );
    } catch (err) {
      const mapped = toStoreError(err, 'store maintenance');
      this.commitStats.failed(mapped, this.now());
      throw mapped;
    } finally {
      this.lastSeq = Math.max(this.lastSeq, this.writer.currentSeq());
    }
  }

  stats(): StoreStats {
    const s = this.commitStats;
    const sizes = this.closed && isMemoryPath(this.opts.path) ? { dbBytes: 0, walBytes: 0 } : fileSizes(this.db, this.opts.path);
    return {
      batches: s.batches,
      failedBatches: s.failedBatches,
      rowsCommitted: s.rowsCommitted,
      lastBatchSize: s.lastBatchSize,
      batchSizeHistogram: s.histogram(),
      batchSizeSum: s.batchSizeSum,
      pending: this.gc.pending,
      lastCommitAt: s.lastCommitAt,
      lastCommitMs: s.lastCommitMs,
      lastError: s.lastError,
      dbBytes: sizes.dbBytes,
      walBytes: sizes.walBytes,
      seq: this.lastSeq,
    };
  }

  private live(): void {
    if (this.closed) throw closedError();
  }
}

function closedError(): RelaisError {
  return new RelaisError('RELAIS_STORE_CLOSED', 'the store is closed');
}
