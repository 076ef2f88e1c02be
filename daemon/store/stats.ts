// Commit counters for /metrics and /api/health (pure, no I/O).
import type { StoreStats } from './types.js';

export const BATCH_SIZE_BUCKETS = [1, 10, 100, 1000, Number.POSITIVE_INFINITY] as const;

export class CommitStats {
  batches = 0;
  failedBatches = 0;
  rowsCommitted = 0;
  lastBatchSize = 0;
  batchSizeSum = 0;
  lastCommitAt: number | null = null;
  lastCommitMs: number | null = null;
  lastError: StoreStats['lastError'] = null;
  private readonly bucketCounts = BATCH_SIZE_BUCKETS.map(() => 0);

  committed(rows: number, at: number, ms: number): void {
    this.batches += 1;
    this.rowsCommitted += rows;
    this.lastBatchSize = rows;
    this.batchSizeSum += rows;
    this.lastCommitAt = at;
    this.lastCommitMs = ms;
    BATCH_SIZE_BUCKETS.forEach((le, i) => {
      if (rows <= le) this.bucketCounts[i] += 1;
    });
  }

  failed(err: Error & { code?: string }, at: number): void {
    this.failedBatches += 1;
    this.lastError = { code: err.code ?? 'UNKNOWN', message: err.message, at };
  }

  /** Cumulative buckets, Prometheus style. */
  histogram(): StoreStats['batchSizeHistogram'] {
    return BATCH_SIZE_BUCKETS.map((le, i) => ({ le, count: this.bucketCounts[i] }));
  }
}
