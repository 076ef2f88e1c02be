// Contract of the site store (better-sqlite3). Implemented in daemon/store/store.ts.
import type { Metric } from '../../common/metrics.js';

export interface ReadingInput {
  sensorId: string;
  metric: Metric;
  value: number;
  unit: string;
  /** Wall-clock time of the measurement, ms since epoch (when the message carried one, else receive time). */
  ts: number;
  source: string;
}

export interface StoredReading extends ReadingInput {
  seq: number;
  bootId: string;
  /** process monotonic ms (performance.timeOrigin-relative) at commit */
  mono: number;
}

export interface EventInput {
  /** e.g. 'sensor.offline', 'sensor.online', 'sensor.fault', 'store.quota_drop', 'ingest.serial_closed' */
  kind: string;
  sensorId?: string | null;
  /** short French/English-neutral message; details go in data */
  message: string;
  data?: Record<string, unknown>;
  ts?: number;
}

export interface StoredEvent {
  seq: number;
  kind: string;
  sensorId: string | null;
  message: string;
  data: Record<string, unknown>;
  ts: number;
  bootId: string;
  mono: number;
}

export interface ReadingQuery {
  sensorId?: string;
  metric?: string;
  from?: number;
  to?: number;
  limit?: number;
}

export interface StoreOptions {
  path: string; // ':memory:' allowed in tests
  /** group commit: flush after this many ms … */
  batchMs?: number; // default 200
  /** … or this many rows, whichever first */
  batchRows?: number; // default 1000
  /** rawDays, hourlyDays, eventDays (+ eventKindDays); see RetentionOptions below */
  retention?: RetentionOptions;
  /** bytes; when the DB file (+WAL) passes it, oldest raw readings are dropped and an event records what */
  quotaBytes?: number;
  now?: () => number; // injected wall clock
  mono?: () => number; // injected monotonic clock
  bootId?: string;
}

// ---- additions (store implementation) ----

export interface RetentionOptions {
  /** raw readings, days (default 90) */
  rawDays?: number;
  /** hourly aggregates, days (default 730) */
  hourlyDays?: number;
  /** events, days (default 366) */
  eventDays?: number;
  /** per event-kind prefix, days, e.g. { 'actuation.': 90 } (RGPD); applied on top of eventDays */
  eventKindDays?: Record<string, number>;
}

export interface EventQuery {
  kind?: string;
  sensorId?: string;
  /** inclusive, wall ms */
  from?: number;
  /** exclusive, wall ms */
  to?: number;
  limit?: number;
}

export interface HourlyQuery {
  sensorId: string;
  metric: string;
  /** inclusive hour start, wall ms */
  from?: number;
  /** exclusive, wall ms */
  to?: number;
}

export interface HourlyAggregate {
  sensorId: string;
  metric: string;
  unit: string;
  /** start of the hour, wall ms (UTC hour boundary) */
  hour: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

export interface LatestValue {
  value: number;
  unit: string;
  ts: number;
}

/** One record for sync, ordered by the shared per-site seq. */
export type SyncRecord = ({ type: 'reading' } & StoredReading) | ({ type: 'event' } & StoredEvent);

export interface StoreStats {
  batches: number;
  failedBatches: number;
  rowsCommitted: number;
  lastBatchSize: number;
  /** cumulative (Prometheus style): count of batches with size <= le */
  batchSizeHistogram: { le: number; count: number }[];
  batchSizeSum: number;
  /** rows queued, not yet committed */
  pending: number;
  lastCommitAt: number | null;
  lastCommitMs: number | null;
  lastError: { code: string; message: string; at: number } | null;
  dbBytes: number;
  walBytes: number;
  /** last seq committed */
  seq: number;
}

export interface QuotaDropSummary {
  count: number;
  fromTs: number;
  toTs: number;
  sensors: Record<string, { count: number; fromTs: number; toTs: number; metrics: Record<string, number> }>;
}

export interface MaintenanceReport {
  /** false when the wall clock looks unset (before 2020): nothing is deleted by age */
  retentionApplied: boolean;
  deleted: { readings: number; hourly: number; events: number };
  /** set when the quota forced dropping raw readings */
  quotaDrop: (QuotaDropSummary & { eventSeq: number; bytesBefore: number; bytesAfter: number; met: boolean }) | null;
  vacuumedPages: number;
  dbBytes: number;
  walBytes: number;
}

/** What the rest of the daemon depends on (fakes implement this). */
export interface SiteStore {
  readonly bootId: string;
  writeReadings(rows: ReadingInput[]): Promise<number>;
  addEvent(e: EventInput): StoredEvent;
  flush(): Promise<void>;
  close(): Promise<void>;
  queryReadings(q: ReadingQuery): StoredReading[];
  latestBySensor(): Map<string, Map<string, LatestValue>>;
  queryEvents(q: EventQuery): StoredEvent[];
  queryHourly(q: HourlyQuery): HourlyAggregate[];
  recordsAfter(seq: number, limit: number): SyncRecord[];
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  runMaintenance(now?: number): MaintenanceReport;
  stats(): StoreStats;
}
