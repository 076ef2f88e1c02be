// Test helpers for auth: a migrated database, a hand-moved clock, cheap scrypt, a quiet logger.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../daemon/store/db.js';
import { migrate } from '../../../daemon/store/migrations.js';
import { createAuth, type AuthOptions } from '../../../daemon/auth/index.js';

export const T0 = Date.UTC(2026, 8, 1, 7, 30, 0); // a school morning
export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** cheap parameters: the tests check the logic, not the cost */
export const FAST_SCRYPT = { N: 256, r: 8, p: 1 };

export interface Clock {
  now: () => number;
  advance(ms: number): void;
  set(t: number): void;
}

export function clock(t0 = T0): Clock {
  let t = t0;
  return { now: () => t, advance: (ms) => void (t += ms), set: (x) => void (t = x) };
}

export function memoryDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db, T0);
  return db;
}

export interface LogLine {
  level: 'info' | 'warn';
  obj: unknown;
  msg?: string;
}

export function quietLogger(lines: LogLine[] = []): AuthOptions['logger'] {
  const at = (level: LogLine['level']) => (obj: unknown, msg?: string) => void lines.push({ level, obj, msg });
  return { info: at('info'), warn: at('warn') } as unknown as AuthOptions['logger'];
}

export function testAuth(db: Db, c: Clock, over: Partial<AuthOptions> = {}) {
  return createAuth({ db, now: c.now, logger: quietLogger(), scrypt: FAST_SCRYPT, ...over });
}

export function tempDb(): { path: string; open(): Db; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-auth-'));
  const path = join(dir, 'site.db');
  return {
    path,
    open: () => {
      const db = openDatabase(path);
      migrate(db, T0);
      return db;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const ADMIN = { login: 'directrice', name: 'Mme Martin', password: 'correct horse battery' };

/** An auth with a first administrator made through the setup token. */
export async function withAdmin(db: Db, c: Clock, over: Partial<AuthOptions> = {}) {
  const auth = testAuth(db, c, over);
  const token = auth.ensureSetupToken()!;
  const r = await auth.setup({ token, ...ADMIN }, '10.0.0.2');
  if (!r.ok) throw r.problem;
  return { auth, admin: r.user };
}
