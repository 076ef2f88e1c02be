// From a parsed message to committed rows: dedupe, liveness, sensor faults as events, readings
// in the store's group commit. The returned promise settles when the message can be acknowledged
// (committed, or rejected for good) and rejects when the store failed, so it is redelivered.
import { METRICS, type MetricValue } from '../../common/metrics.js';
import type { SiteStore, ReadingInput } from '../store/types.js';
import type { IngestOutcome, IngestSource } from './types.js';
import type { LivenessTracker } from './liveness.js';
import type { RejectionLog } from './rejections.js';
import type { UplinkDeduper } from './dedupe.js';

export interface PipelineDeps {
  store: SiteStore;
  liveness: LivenessTracker;
  rejections: RejectionLog;
  deduper: UplinkDeduper;
  now: () => number;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

/** What the rule engines (cold chain, air) hear: committed readings and sensor state changes. */
export interface IngestListener {
  readings?(sensorId: string, values: ReadonlyArray<{ metric: string; value: number }>, ts: number): void;
  sensorState?(sensorId: string, state: 'ok' | 'offline' | 'fault', at: number, detail: string): void;
}

export interface PipelineCounters {
  messages: Map<IngestSource, number>;
  readings: Map<IngestSource, number>;
  duplicates: number;
}

export class IngestPipeline {
  readonly counters: PipelineCounters = { messages: new Map(), readings: new Map(), duplicates: 0 };
  private readonly listeners: IngestListener[] = [];

  listen(l: IngestListener): void {
    this.listeners.push(l);
  }

  constructor(private readonly deps: PipelineDeps) {}

  /** Handles one parsed message; see the file comment for what the promise means. */
  async accept(outcome: IngestOutcome | null): Promise<void> {
    if (outcome === null) return; // not an uplink (status, join, bridge messages): nothing to store
    const d = this.deps;
    if (!outcome.ok) {
      d.rejections.reject(outcome.source, outcome.reason, outcome.detail, outcome.sensorId);
      return;
    }
    const now = d.now();
    if (outcome.dedupeKey && d.deduper.seen(outcome.dedupeKey, now)) {
      this.counters.duplicates++;
      d.rejections.reject(outcome.source, 'duplicate', outcome.dedupeKey, outcome.sensorId);
      return;
    }
    for (const drop of outcome.dropped) d.rejections.drop(outcome.source, drop.reason, drop.detail, outcome.sensorId);
    bump(this.counters.messages, outcome.source, 1);
    // one call with the faults, so a message with values and a fault does not flap ok ↔ fault
    const t = d.liveness.seen(outcome.sensorId, now, outcome.faults);
    if (t) {
      const data = t.fault ? { from: t.from, code: t.fault.code } : { from: t.from };
      this.event(t.to === 'ok' ? 'sensor.online' : `sensor.${t.to}`, outcome.sensorId, t.message, data);
    }
    if (outcome.values.length === 0) return;
    const rows = outcome.values.map((v) => toRow(outcome.sensorId, outcome.source, outcome.ts, v));
    try {
      await d.store.writeReadings(rows);
    } catch (err) {
      // not stored: let the same uplink through when the broker redelivers it
      if (outcome.dedupeKey) d.deduper.forget(outcome.dedupeKey);
      throw err;
    }
    bump(this.counters.readings, outcome.source, rows.length);
    for (const l of this.listeners) this.safely(() => l.readings?.(outcome.sensorId, outcome.values, outcome.ts));
  }

  // a rule engine's bug must never stop ingest or leave a message unacknowledged
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'a rule engine failed on a reading');
    }
  }

  /** Periodic check for sensors gone silent. */
  tick(): void {
    for (const t of this.deps.liveness.tick(this.deps.now())) {
      this.event(`sensor.${t.to === 'ok' ? 'online' : t.to}`, t.sensorId, t.message, { from: t.from });
    }
  }

  private event(kind: string, sensorId: string, message: string, data: Record<string, unknown>): void {
    this.deps.logger.info({ sensorId, kind }, message);
    const state = kind === 'sensor.online' ? 'ok' : kind === 'sensor.offline' ? 'offline' : kind === 'sensor.fault' ? 'fault' : null;
    if (state) for (const l of this.listeners) this.safely(() => l.sensorState?.(sensorId, state, this.deps.now(), message));
    try {
      this.deps.store.addEvent({ kind, sensorId, message, data, ts: this.deps.now() });
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message, kind, sensorId }, 'could not record the sensor event');
    }
  }
}

function toRow(sensorId: string, source: IngestSource, ts: number, v: MetricValue): ReadingInput {
  return { sensorId, metric: v.metric, value: v.value, unit: v.unit ?? METRICS[v.metric].unit, ts, source };
}

function bump<K>(m: Map<K, number>, k: K, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}
