// Shared tail of every parser: plausibility filter, empty-message rule, message timestamps.
import { implausible, isMetric, type DecodedUplink, type MetricValue } from '../../common/metrics.js';
import type { DroppedValue, IngestOutcome, IngestRejected, IngestSensor, IngestSource, RejectReason } from './types.js';

/** A message's own time is trusted only within this window around the receive time. */
export const MAX_PAST_MS = 7 * 24 * 3600 * 1000;
export const MAX_FUTURE_MS = 5 * 60 * 1000;

export function reject(source: IngestSource, reason: RejectReason, detail: string, sensorId?: string): IngestRejected {
  return sensorId === undefined ? { ok: false, reason, detail, source } : { ok: false, reason, detail, source, sensorId };
}

// ISO 8601 with a date, a time and an explicit zone: a zone-less time is ambiguous on a Pi whose
// TZ may be anything, and Date.parse alone accepts free text like "March 7, 2022".
const ISO = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** ms since epoch of an ISO 8601 string with a zone, or null. Fractions beyond ms are truncated. */
export function parseIsoTime(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const frac = (m[3] ?? '').slice(0, 3).padEnd(3, '0');
  let zone = m[4].toUpperCase();
  if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}.${frac}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}

/** The message's own time (ISO string or epoch ms) when it parses and is sane, else now. */
export function pickTimestamp(candidate: unknown, now: number): number {
  let ms: number | null = null;
  if (typeof candidate === 'string') ms = parseIsoTime(candidate);
  else if (typeof candidate === 'number' && Number.isFinite(candidate)) ms = Math.trunc(candidate);
  if (ms === null || ms < now - MAX_PAST_MS || ms > now + MAX_FUTURE_MS) return now;
  return ms;
}

/**
 * Applies implausible() to each value; a message left with no value and no fault is rejected
 * ('implausible' when values were dropped as such, 'wrong_type' / 'no_values' otherwise).
 */
export function finish(
  sensor: IngestSensor,
  source: IngestSource,
  ts: number,
  decoded: DecodedUplink,
  dropped: DroppedValue[] = [],
  dedupeKey?: string,
): IngestOutcome {
  const values: MetricValue[] = [];
  const drops = [...dropped];
  for (const v of decoded.values) {
    if (!isMetric(v.metric)) {
      drops.push({ reason: 'unknown_metric', detail: `${String(v.metric)} is not a canonical metric` });
      continue;
    }
    const why = implausible(v.metric, v.value);
    if (why !== null) drops.push({ reason: 'implausible', detail: why });
    else values.push(v);
  }
  const faults = decoded.faults;
  if (values.length === 0 && faults.length === 0) {
    const imp = drops.filter((d) => d.reason === 'implausible');
    if (imp.length > 0) return reject(source, 'implausible', imp.map((d) => d.detail).join('; '), sensor.id);
    const other = drops.map((d) => d.detail).join('; ');
    return reject(source, 'no_values', other === '' ? 'the message carries no reading' : `no canonical reading: ${other}`, sensor.id);
  }
  const out: IngestOutcome = { ok: true, sensorId: sensor.id, source, ts, values, faults, dropped: drops };
  if (dedupeKey !== undefined) out.dedupeKey = dedupeKey;
  return out;
}
