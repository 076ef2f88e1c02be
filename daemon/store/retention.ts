// Pure retention and quota arithmetic (no I/O): cutoffs, targets, and the drop record.
import type { QuotaDropSummary, RetentionOptions } from './types.js';

export const DAY_MS = 86_400_000;
/** The daemon calls runMaintenance on this period; the store starts no timer for it. */
export const MAINTENANCE_INTERVAL_MS = 3_600_000;

/**
 * Defaults. Raw 90 days bounds the SD footprint (sync mirrors raw readings to the aggregator).
 * The HACCP duty to keep cold-chain records at least a year is carried by the hourly min/max
 * (730 days) and by non-conformity events (366 days: a full year even across a leap day).
 */
export const DEFAULT_RETENTION = { rawDays: 90, hourlyDays: 730, eventDays: 366 } as const;

/** Quota drops go down to this share of the quota so they do not run again at the next write. */
export const QUOTA_TARGET_RATIO = 0.9;
/** Rows dropped per transaction: bounds the WAL growth and the time the event loop is held. */
export const QUOTA_CHUNK_ROWS = 5000;
/** A wall clock before this is unset (Pi without RTC after a power cut): never delete by age then. */
export const CLOCK_SANE_AFTER = Date.UTC(2020, 0, 1);

export interface Cutoffs {
  raw: number;
  hourly: number;
  events: number;
  /** [kind prefix, cutoff] */
  eventKinds: [string, number][];
}

/** Rows strictly older than a cutoff are deleted; null when the clock cannot be trusted. */
export function retentionCutoffs(now: number, r: RetentionOptions = {}): Cutoffs | null {
  if (!Number.isFinite(now) || now < CLOCK_SANE_AFTER) return null;
  const days = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : d);
  return {
    raw: now - days(r.rawDays, DEFAULT_RETENTION.rawDays) * DAY_MS,
    hourly: now - days(r.hourlyDays, DEFAULT_RETENTION.hourlyDays) * DAY_MS,
    events: now - days(r.eventDays, DEFAULT_RETENTION.eventDays) * DAY_MS,
    eventKinds: Object.entries(r.eventKindDays ?? {})
      .filter(([p, d]) => p.length > 0 && Number.isFinite(d) && d > 0)
      .map(([p, d]) => [p, now - d * DAY_MS]),
  };
}

export function quotaTarget(quotaBytes: number): number {
  return Math.floor(quotaBytes * QUOTA_TARGET_RATIO);
}

export interface DropChunkRow {
  sensorId: string;
  metric: string;
  count: number;
  fromTs: number;
  toTs: number;
}

export function emptyDropSummary(): QuotaDropSummary {
  return { count: 0, fromTs: Number.POSITIVE_INFINITY, toTs: Number.NEGATIVE_INFINITY, sensors: {} };
}

/** Adds one dropped chunk (grouped by sensor and metric) to the running summary, in place. */
export function addDropChunk(s: QuotaDropSummary, rows: DropChunkRow[]): QuotaDropSummary {
  for (const r of rows) {
    s.count += r.count;
    s.fromTs = Math.min(s.fromTs, r.fromTs);
    s.toTs = Math.max(s.toTs, r.toTs);
    const e = (s.sensors[r.sensorId] ??= { count: 0, fromTs: r.fromTs, toTs: r.toTs, metrics: {} });
    e.count += r.count;
    e.fromTs = Math.min(e.fromTs, r.fromTs);
    e.toTs = Math.max(e.toTs, r.toTs);
    e.metrics[r.metric] = (e.metrics[r.metric] ?? 0) + r.count;
  }
  return s;
}

export function quotaDropMessage(s: QuotaDropSummary, quotaBytes: number): string {
  const n = Object.keys(s.sensors).length;
  return (
    `storage quota ${quotaBytes} B reached: dropped ${s.count} oldest raw readings of ${n} sensor(s), ` +
    `${new Date(s.fromTs).toISOString()} to ${new Date(s.toTs).toISOString()} (hourly aggregates and events kept)`
  );
}
