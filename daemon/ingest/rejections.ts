// Bad payloads are counted by source and reason and logged at a bounded rate (DESIGN: "a bad
// payload is counted by reason and logged at a bounded rate"): one line per (source, reason) per
// period, the next line telling how many were suppressed in between.
import type { DropReason, RejectReason } from './types.js';

export interface RejectionLogger {
  warn(obj: object, msg: string): void;
}

export interface RejectionCount<R extends string> {
  source: string;
  reason: R;
  count: number;
}

interface Slot<R extends string> {
  source: string;
  reason: R;
  count: number;
  lastLogAt: number | null;
  suppressed: number;
}

class RateLimitedCounter<R extends string> {
  private readonly slots = new Map<string, Slot<R>>();

  constructor(
    private readonly logger: RejectionLogger,
    private readonly everyMs: number,
    private readonly now: () => number,
    private readonly verb: string,
  ) {}

  add(source: string, reason: R, detail: string, extra: Record<string, unknown>): void {
    const key = `${source}\u0000${reason}`;
    let s = this.slots.get(key);
    if (!s) {
      s = { source, reason, count: 0, lastLogAt: null, suppressed: 0 };
      this.slots.set(key, s);
    }
    s.count++;
    const t = this.now();
    // |Δ| so a clock stepped back does not silence a reason for hours
    if (s.lastLogAt !== null && Math.abs(t - s.lastLogAt) < this.everyMs) {
      s.suppressed++;
      return;
    }
    const suppressed = s.suppressed;
    s.lastLogAt = t;
    s.suppressed = 0;
    const more = suppressed > 0 ? ` (${suppressed} more like it since the last line)` : '';
    this.logger.warn({ source, reason, detail, suppressed, total: s.count, ...extra }, `ingest: ${source} ${this.verb} (${reason}): ${detail}${more}`);
  }

  counts(): RejectionCount<R>[] {
    return [...this.slots.values()].map((s) => ({ source: s.source, reason: s.reason, count: s.count }));
  }
}

export class RejectionLog {
  private readonly rejected: RateLimitedCounter<RejectReason>;
  private readonly drops: RateLimitedCounter<DropReason>;

  constructor(opts: { logger: RejectionLogger; perReasonEveryMs?: number; now: () => number }) {
    const every = opts.perReasonEveryMs ?? 10_000;
    this.rejected = new RateLimitedCounter(opts.logger, every, opts.now, 'message rejected');
    this.drops = new RateLimitedCounter(opts.logger, every, opts.now, 'value dropped');
  }

  /** A whole message was refused. */
  reject(source: string, reason: RejectReason, detail: string, sensorId?: string): void {
    this.rejected.add(source, reason, detail, sensorId === undefined ? {} : { sensorId });
  }

  /** One value of an accepted message was left out (IngestAccepted.dropped). */
  drop(source: string, reason: DropReason, detail: string, sensorId?: string): void {
    this.drops.add(source, reason, detail, sensorId === undefined ? {} : { sensorId });
  }

  /** Totals for Prometheus (relais_ingest_rejected_total{source,reason}). */
  counts(): RejectionCount<RejectReason>[] {
    return this.rejected.counts();
  }

  /** Totals of dropped values (relais_ingest_values_dropped_total{source,reason}). */
  droppedCounts(): RejectionCount<DropReason>[] {
    return this.drops.counts();
  }
}
