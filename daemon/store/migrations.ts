// Versioned schema. PRAGMA user_version is the truth (it is transactional, so a migration and its
// version bump commit together); schema_migrations is a log for diagnostics after upgrades.
// Never edit a shipped migration: append a new one.
import { RelaisError } from '../../common/errors.js';
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'readings, events, meta, boots',
    up(db) {
      db.exec(`
        CREATE TABLE schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- one row per process start; readings refer to it by integer to save 35 bytes a row
        CREATE TABLE boots (
          id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL UNIQUE, started INTEGER NOT NULL);
        -- seq is the per-site counter shared with events (given explicitly, never reused)
        CREATE TABLE readings (
          seq INTEGER PRIMARY KEY,
          sensor_id TEXT NOT NULL,
          metric TEXT NOT NULL,
          value REAL NOT NULL,
          unit TEXT NOT NULL,
          ts INTEGER NOT NULL,
          boot INTEGER NOT NULL REFERENCES boots(id),
          mono REAL NOT NULL,
          source TEXT NOT NULL);
        CREATE INDEX readings_series_ts ON readings(sensor_id, metric, ts);
        CREATE INDEX readings_ts ON readings(ts);
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          sensor_id TEXT,
          message TEXT NOT NULL,
          data TEXT NOT NULL DEFAULT '{}',
          ts INTEGER NOT NULL,
          boot INTEGER NOT NULL REFERENCES boots(id),
          mono REAL NOT NULL);
        CREATE INDEX events_ts ON events(ts);
        CREATE INDEX events_kind_ts ON events(kind, ts);
      `);
    },
  },
  {
    version: 2,
    name: 'hourly aggregates and latest values (backfilled)',
    up(db) {
      db.exec(`
        CREATE TABLE hourly (
          sensor_id TEXT NOT NULL,
          metric TEXT NOT NULL,
          hour INTEGER NOT NULL,
          unit TEXT NOT NULL,
          min REAL NOT NULL,
          max REAL NOT NULL,
          sum REAL NOT NULL,
          count INTEGER NOT NULL,
          PRIMARY KEY (sensor_id, metric, hour)) WITHOUT ROWID;
        CREATE INDEX hourly_hour ON hourly(hour);
        CREATE TABLE latest (
          sensor_id TEXT NOT NULL,
          metric TEXT NOT NULL,
          value REAL NOT NULL,
          unit TEXT NOT NULL,
          ts INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (sensor_id, metric)) WITHOUT ROWID;
        INSERT INTO hourly (sensor_id, metric, hour, unit, min, max, sum, count)
          SELECT sensor_id, metric, (ts / 3600000) * 3600000 - (CASE WHEN ts < 0 AND ts % 3600000 != 0 THEN 3600000 ELSE 0 END),
                 max(unit), min(value), max(value), sum(value), count(*)
          FROM readings GROUP BY 1, 2, 3;
        INSERT INTO latest (sensor_id, metric, value, unit, ts, seq)
          SELECT sensor_id, metric, value, unit, ts, seq FROM (
            SELECT *, row_number() OVER (PARTITION BY sensor_id, metric ORDER BY ts DESC, seq DESC) AS rn
            FROM readings) WHERE rn = 1;
      `);
    },
  },
  {
    version: 3,
    name: 'users, sessions, API tokens, failed sign-in attempts',
    up(db) {
      // Roles are checked in code (daemon/auth/roles.ts), not by a CHECK constraint, so a new
      // role never needs a table rebuild. Secrets are stored only as hashes.
      db.exec(`
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          login TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          pin_hash TEXT,
          disabled INTEGER NOT NULL DEFAULT 0,
          created INTEGER NOT NULL,
          updated INTEGER NOT NULL);
        -- id_hash: SHA-256 of the cookie value; a stolen database file opens no session
        CREATE TABLE sessions (
          id_hash TEXT PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id),
          kind TEXT NOT NULL,
          created INTEGER NOT NULL,
          last_seen INTEGER NOT NULL,
          idle_ms INTEGER NOT NULL,
          expires INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE INDEX sessions_expires ON sessions(expires);
        CREATE TABLE api_tokens (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          hint TEXT NOT NULL,
          created_by INTEGER REFERENCES users(id),
          created INTEGER NOT NULL,
          last_used INTEGER,
          revoked INTEGER);
        -- key: 'login:<login>' or 'ip:<address>'; kept across restarts so a lockout survives one
        CREATE TABLE auth_attempts (
          key TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          lockouts INTEGER NOT NULL,
          locked_until INTEGER NOT NULL,
          last_failure INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX auth_attempts_last ON auth_attempts(last_failure);
      `);
    },
  },
  {
    version: 4,
    name: 'HACCP register (append-only, hash-chained)',
    up(db) {
      // daemon/haccp/records.ts writes it; the hash of each row covers every column and the
      // previous row's hash (daemon/haccp/chain.ts). The triggers stop the daemon itself from
      // editing the register; only the retention purge lifts the DELETE one, inside its own
      // transaction. The head (last seq and hash) is kept in meta under 'haccp.head'.
      db.exec(`
        CREATE TABLE haccp_records (
          seq INTEGER PRIMARY KEY,
          ts INTEGER NOT NULL,
          kind TEXT NOT NULL,
          equipment_id TEXT,
          incident_id TEXT,
          user_login TEXT,
          payload TEXT NOT NULL,
          boot_id TEXT NOT NULL,
          clock_trusted INTEGER,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL);
        CREATE INDEX haccp_records_ts ON haccp_records(ts);
        CREATE INDEX haccp_records_equipment_ts ON haccp_records(equipment_id, ts);
        CREATE INDEX haccp_records_incident ON haccp_records(incident_id) WHERE incident_id IS NOT NULL;
        CREATE TRIGGER haccp_records_no_update BEFORE UPDATE ON haccp_records
          BEGIN SELECT RAISE(ABORT, 'haccp_records is append-only'); END;
        CREATE TRIGGER haccp_records_no_delete BEFORE DELETE ON haccp_records
          BEGIN SELECT RAISE(ABORT, 'haccp_records is append-only'); END;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies every migration above the file's version, one transaction each. Returns the versions applied. */
export function migrate(db: Db, now: number, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = Number(db.pragma('user_version', { simple: true }));
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) {
    throw new RelaisError('RELAIS_STORE_VERSION', `database schema version ${current} is newer than this Relais (${latest})`, {
      current,
      latest,
    });
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
