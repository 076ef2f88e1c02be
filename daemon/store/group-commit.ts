// Group commit: callers queue rows and get a promise; one transaction commits everything queued
// every batchMs, or as soon as batchRows are waiting. A caller's rows are never split across
// batches, so its promise means "all my rows are committed".
import type { ReadingInput } from './types.js';

interface Waiter {
  rows: readonly ReadingInput[];
  resolve(seq: number): void;
  reject(err: Error): void;
}

export interface GroupCommitOptions {
  batchMs: number;
  batchRows: number;
  /** commits all rows in ONE transaction and returns the last seq, or throws with nothing committed */
  commit(rows: readonly ReadingInput[]): number;
  /** error mapping for the callers (e.g. SQLITE_FULL → RELAIS_STORE_FULL) */
  mapError(err: unknown): Error;
  onCommitted?(rows: number, ms: number): void;
  onFailed?(err: Error, rows: number): void;
  clock?: () => number;
}

export class GroupCommit {
  private queue: Waiter[] = [];
  private queuedRows = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: GroupCommitOptions) {}

  get pending(): number {
    return this.queuedRows;
  }

  add(rows: readonly ReadingInput[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      if (this.queuedRows >= this.o.batchRows) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.o.batchMs);
    });
  }

  /** Commits everything queued now (synchronously; promises settle on the next microtasks). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.queuedRows = 0;
    if (this.tryCommit(batch) || batch.length === 1) return;
    // Isolate callers: with a nearly full disk a smaller batch may still fit, and a problem tied
    // to one caller's rows must not reject the others.
    for (const w of batch) this.tryCommit([w]);
  }

  /** Returns true when committed; on failure with a single caller, rejects it. */
  private tryCommit(batch: Waiter[]): boolean {
    const rows = batch.length === 1 ? batch[0].rows : batch.flatMap((w) => w.rows);
    const clock = this.o.clock ?? (() => performance.now());
    const t0 = clock();
    let last: number;
    try {
      last = this.o.commit(rows);
    } catch (raw) {
      const err = this.o.mapError(raw);
      this.o.onFailed?.(err, rows.length);
      if (batch.length === 1) batch[0].reject(err);
      return false;
    }
    this.o.onCommitted?.(rows.length, clock() - t0);
    // Each caller learns the last seq of its own rows.
    let seq = last - rows.length;
    for (const w of batch) {
      seq += w.rows.length;
      w.resolve(seq);
    }
    return true;
  }
}
