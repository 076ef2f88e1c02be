// Retention and quota (I/O side). Called by the daemon every MAINTENANCE_INTERVAL_MS.
import { fileSizes, isMemoryPath, logicalBytes, type Db } from './db.js';
import {
  addDropChunk,
  emptyDropSummary,
  QUOTA_CHUNK_ROWS,
  quotaDropMessage,
  quotaTarget,
  retentionCutoffs,
  type DropChunkRow,
} from './retention.js';
import type { MaintenanceReport, QuotaDropSummary, RetentionOptions } from './types.js';
import type { Writer } from './writer.js';

export interface MaintenanceContext {
  db: Db;
  path: string;
  writer: Writer;
  retention: RetentionOptions;
  quotaBytes?: number;
  mono: () => number;
  chunkRows?: number;
}

/** Share of free pages above which maintenance returns them to the filesystem without a quota. */
const VACUUM_FREE_RATIO = 0.2;

export function runMaintenance(ctx: MaintenanceContext, now: number): MaintenanceReport {
  const { db } = ctx;
  const chunk = ctx.chunkRows ?? QUOTA_CHUNK_ROWS;
  const report: MaintenanceReport = {
    retentionApplied: false,
    deleted: { readings: 0, hourly: 0, events: 0 },
    quotaDrop: null,
    vacuumedPages: 0,
    dbBytes: 0,
    walBytes: 0,
  };

  const cut = retentionCutoffs(now, ctx.retention);
  if (cut) {
    report.retentionApplied = true;
    // Chunked so a first run after a long outage does not build one huge WAL.
    const delRaw = db.prepare('DELETE FROM readings WHERE seq IN (SELECT seq FROM readings WHERE ts < ? ORDER BY ts LIMIT ?)');
    for (let n = chunk; n === chunk; ) {
      n = delRaw.run(cut.raw, chunk).changes;
      report.deleted.readings += n;
    }
    report.deleted.hourly = db.prepare('DELETE FROM hourly WHERE hour < ?').run(cut.hourly).changes;
    report.deleted.events = db.prepare('DELETE FROM events WHERE ts < ?').run(cut.events).changes;
    const delKind = db.prepare('DELETE FROM events WHERE substr(kind, 1, ?) = ? AND ts < ?');
    for (const [prefix, cutoff] of cut.eventKinds) report.deleted.events += delKind.run(prefix.length, prefix, cutoff).changes;
  }

  // Steady state: rows deleted this hour make room for the next hour's, so free pages are kept
  // for reuse (shrinking then regrowing the file costs more writes). Only a large surplus is returned.
  const lb = logicalBytes(db);
  if (lb.free > lb.total * VACUUM_FREE_RATIO) report.vacuumedPages += vacuum(db, ctx.path);

  if (ctx.quotaBytes !== undefined && ctx.quotaBytes > 0) {
    const s = fileSizes(db, ctx.path);
    if (s.dbBytes + s.walBytes > ctx.quotaBytes) {
      // Free pages and the WAL count against the quota but hold no data: reclaim them first.
      report.vacuumedPages += vacuum(db, ctx.path);
      const s2 = fileSizes(db, ctx.path);
      if (s2.dbBytes + s2.walBytes > ctx.quotaBytes) {
        const drop = dropForQuota(ctx, now, s.dbBytes + s.walBytes, chunk);
        if (drop) {
          report.vacuumedPages += vacuum(db, ctx.path);
          const s3 = fileSizes(db, ctx.path);
          drop.bytesAfter = s3.dbBytes + s3.walBytes;
          drop.met = drop.bytesAfter <= ctx.quotaBytes;
          const { eventSeq, ...data } = drop;
          ctx.writer.updateEvent(eventSeq, quotaDropMessage(data, ctx.quotaBytes), { ...data, quotaBytes: ctx.quotaBytes });
          report.quotaDrop = drop;
        }
      }
    }
  }

  const fin = fileSizes(db, ctx.path);
  report.dbBytes = fin.dbBytes;
  report.walBytes = fin.walBytes;
  return report;
}

type QuotaDrop = NonNullable<MaintenanceReport['quotaDrop']>;

/**
 * Drops the oldest raw readings (by ts) in chunks until the pages in use fit under the target.
 * Each chunk commits together with the 'store.quota_drop' event (inserted with the first chunk,
 * updated with each next one), so nothing is ever dropped without a record saying so.
 */
function dropForQuota(ctx: MaintenanceContext, now: number, bytesBefore: number, chunk: number): QuotaDrop | null {
  const { db, writer } = ctx;
  const quota = ctx.quotaBytes as number;
  const target = quotaTarget(quota);
  const summarize = db.prepare(`
    SELECT sensor_id AS sensorId, metric, count(*) AS count, min(ts) AS fromTs, max(ts) AS toTs
    FROM (SELECT sensor_id, metric, ts FROM readings ORDER BY ts, seq LIMIT ?) GROUP BY sensor_id, metric`);
  const del = db.prepare('DELETE FROM readings WHERE seq IN (SELECT seq FROM readings ORDER BY ts, seq LIMIT ?)');
  const summary: QuotaDropSummary = emptyDropSummary();
  let eventSeq = 0;
  const record = (): Record<string, unknown> => ({ ...summary, quotaBytes: quota, targetBytes: target, bytesBefore });

  const step = db.transaction((): boolean => {
    const rows = summarize.all(chunk) as DropChunkRow[];
    if (rows.length === 0) return false;
    del.run(chunk);
    addDropChunk(summary, rows);
    const message = quotaDropMessage(summary, quota);
    if (eventSeq === 0) eventSeq = writer.insertEvent({ kind: 'store.quota_drop', message, data: record() }, now, ctx.mono());
    else writer.updateEvent(eventSeq, message, record());
    return true;
  });
  while (logicalBytes(db).used > target && step()) {
    /* one chunk per transaction */
  }
  // Nothing to drop (no raw readings left): hourly and events are never dropped for the quota.
  if (eventSeq === 0) return null;
  return { ...summary, eventSeq, bytesBefore, bytesAfter: 0, met: false };
}

/** Returns all free pages to the filesystem and empties the WAL so the file sizes are real. */
function vacuum(db: Db, path: string): number {
  const before = Number(db.pragma('freelist_count', { simple: true }));
  if (before > 0) db.exec('PRAGMA incremental_vacuum');
  if (!isMemoryPath(path)) db.pragma('wal_checkpoint(TRUNCATE)');
  return before - Number(db.pragma('freelist_count', { simple: true }));
}
