// Pure per-batch reductions, so a batch of 1000 rows costs one upsert per series and hour.
import type { ReadingInput } from './types.js';

export const HOUR_MS = 3_600_000;

export function hourStart(ts: number): number {
  return Math.floor(ts / HOUR_MS) * HOUR_MS;
}

export interface HourlyDelta {
  sensorId: string;
  metric: string;
  hour: number;
  unit: string;
  min: number;
  max: number;
  sum: number;
  count: number;
}

export interface LatestCandidate {
  sensorId: string;
  metric: string;
  value: number;
  unit: string;
  ts: number;
  seq: number;
}

/** Groups a batch by (sensor, metric, hour). The unit kept is the last one seen. */
export function hourlyDeltas(rows: readonly ReadingInput[]): HourlyDelta[] {
  const m = new Map<string, HourlyDelta>();
  for (const r of rows) {
    const hour = hourStart(r.ts);
    const key = `${r.sensorId}\u0000${r.metric}\u0000${hour}`;
    const d = m.get(key);
    if (!d) {
      m.set(key, { sensorId: r.sensorId, metric: r.metric, hour, unit: r.unit, min: r.value, max: r.value, sum: r.value, count: 1 });
    } else {
      d.min = Math.min(d.min, r.value);
      d.max = Math.max(d.max, r.value);
      d.sum += r.value;
      d.count += 1;
      d.unit = r.unit;
    }
  }
  return [...m.values()];
}

/**
 * Newest reading per (sensor, metric) in a batch, by ts then seq. LoRa backlogs arrive late and
 * out of order, so "latest" means newest measurement, not last received.
 */
export function latestCandidates(rows: readonly ReadingInput[], firstSeq: number): LatestCandidate[] {
  const m = new Map<string, LatestCandidate>();
  rows.forEach((r, i) => {
    const key = `${r.sensorId}\u0000${r.metric}`;
    const seq = firstSeq + i;
    const cur = m.get(key);
    if (!cur || r.ts >= cur.ts) m.set(key, { sensorId: r.sensorId, metric: r.metric, value: r.value, unit: r.unit, ts: r.ts, seq });
  });
  return [...m.values()];
}

/** Why a row cannot be stored, or null. Checked before queueing so one bad row cannot fail a shared batch. */
export function invalidReading(r: ReadingInput): string | null {
  if (typeof r.sensorId !== 'string' || r.sensorId.length === 0) return 'empty sensorId';
  if (typeof r.metric !== 'string' || r.metric.length === 0) return 'empty metric';
  if (typeof r.value !== 'number' || !Number.isFinite(r.value)) return `value ${String(r.value)} is not finite`;
  if (typeof r.ts !== 'number' || !Number.isFinite(r.ts)) return `ts ${String(r.ts)} is not finite`;
  if (typeof r.unit !== 'string') return 'unit is not a string';
  if (typeof r.source !== 'string') return 'source is not a string';
  return null;
}
