// Opening the SQLite file with the pragmas the site store relies on.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { RelaisError } from '../../common/errors.js';

export type Db = Database.Database;

/**
 * WAL pages before an automatic checkpoint (default SQLite: 1000). Every commit appends the pages
 * it touched to the WAL anyway; a checkpoint then copies each distinct page once into the main
 * file. Hot pages (tail of the readings table and its indexes, hourly, latest, meta) are rewritten
 * by almost every batch, so a longer window means fewer copies of them to the SD card. 2000 pages
 * (8 MiB at 4 KiB pages) keeps the WAL small enough to read fast and to recover quickly.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 2000;
/**
 * After a checkpoint the WAL is reused from its start; it is truncated only if it grew past this
 * (e.g. a large maintenance transaction). 16 MiB > one normal cycle, so the usual cycle never
 * shrinks and regrows the file (that costs filesystem metadata writes).
 */
export const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
export const BUSY_TIMEOUT_MS = 5000;

export function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

/** Opens (creating if needed) the database and applies the pragmas; no schema work here. */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    if (!isMemoryPath(path)) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (err) {
    throw new RelaisError('RELAIS_STORE_OPEN', `cannot open database ${path}: ${(err as Error).message}`, { path });
  }
  try {
    applyPragmas(db, path);
  } catch (err) {
    db.close();
    throw new RelaisError('RELAIS_STORE_OPEN', `cannot configure database ${path}: ${(err as Error).message}`, { path });
  }
  return db;
}

function applyPragmas(db: Db, path: string): void {
  // Must precede the first table: lets maintenance hand freed pages back to the filesystem
  // (PRAGMA incremental_vacuum) without a full VACUUM, which would rewrite the whole file.
  const fresh = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
  if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
  if (!isMemoryPath(path)) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL expected`);
  }
  // A reading is acknowledged to the broker right after commit: FULL fsyncs the WAL on every
  // commit, so an acknowledged reading survives a power cut (NORMAL would only survive a crash).
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Sorts and temporary indexes stay in RAM rather than as temp files on the SD card.
  db.pragma('temp_store = MEMORY');
}

/** File sizes on disk; for ':memory:' the logical size. */
export function fileSizes(db: Db, path: string): { dbBytes: number; walBytes: number } {
  if (isMemoryPath(path)) return { dbBytes: logicalBytes(db).total, walBytes: 0 };
  return { dbBytes: sizeOf(path), walBytes: sizeOf(`${path}-wal`) };
}

/** Pages in use vs free, from SQLite's view (includes what still sits in the WAL). */
export function logicalBytes(db: Db): { total: number; free: number; used: number; pageSize: number } {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true }));
  const free = Number(db.pragma('freelist_count', { simple: true }));
  return { total: pages * pageSize, free: free * pageSize, used: (pages - free) * pageSize, pageSize };
}

function sizeOf(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

/** SQLite errors → catalogue errors the daemon can report. */
export function toStoreError(err: unknown, what: string): RelaisError {
  if (err instanceof RelaisError) return err;
  const code = (err as { code?: unknown }).code;
  const msg = (err as Error)?.message ?? String(err);
  if (code === 'SQLITE_FULL') return new RelaisError('RELAIS_STORE_FULL', `${what}: disk or database full (${msg})`, { sqlite: code });
  return new RelaisError('RELAIS_STORE_WRITE', `${what}: ${msg}`, { sqlite: typeof code === 'string' ? code : undefined });
}
