// Failed sign-in attempts per login and per client address, stored in SQLite so that a lockout
// survives a restart (pulling the plug must not hand a student five more PIN guesses).
import type { Db } from '../store/db.js';

export interface LockPolicy {
  /** consecutive failures that lock the key */
  maxFailures: number;
  /** first lock; each further lock doubles it */
  baseLockMs: number;
  maxLockMs: number;
  /** after this long without a failure (counted from the end of the last lock) the key starts afresh */
  decayMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 5 wrong passwords or PINs lock the login 15 min, then 30, 60 … up to a day */
export const LOGIN_POLICY: LockPolicy = { maxFailures: 5, baseLockMs: 15 * MIN, maxLockMs: 24 * HOUR, decayMs: 24 * HOUR };
/** a whole device (the kitchen tablet is shared) gets more room, and forgets after an hour */
export const IP_POLICY: LockPolicy = { maxFailures: 20, baseLockMs: 15 * MIN, maxLockMs: 24 * HOUR, decayMs: HOUR };

/** Logins are case-insensitive; the key is bounded so random input cannot grow rows without limit. */
export const loginKey = (login: string) => `login:${login.toLowerCase().slice(0, 64)}`;
export const ipKey = (ip: string) => `ip:${ip.slice(0, 64)}`;

interface Row {
  failures: number;
  lockouts: number;
  locked_until: number;
  last_failure: number;
}

export interface FailOutcome {
  /** this failure locked the key (for that long) */
  lockedMs: number;
  lockouts: number;
}

export class Limiter {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly get;
  private readonly put;
  private readonly del;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    /** rows quiet for longer than the longest decay are deleted */
    private readonly horizonMs: number = Math.max(LOGIN_POLICY.decayMs, IP_POLICY.decayMs),
  ) {
    this.get = db.prepare<[string], Row>('SELECT failures, lockouts, locked_until, last_failure FROM auth_attempts WHERE key = ?');
    this.put = db.prepare(
      `INSERT INTO auth_attempts (key, failures, lockouts, locked_until, last_failure) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
         locked_until = excluded.locked_until, last_failure = excluded.last_failure`,
    );
    this.del = db.prepare('DELETE FROM auth_attempts WHERE key = ?');
  }

  /** Milliseconds until every key given is free (0 when none is locked). */
  lockedFor(keys: string[]): number {
    const t = this.now();
    let ms = 0;
    for (const k of keys) {
      const r = this.get.get(k);
      if (r && r.locked_until > t) ms = Math.max(ms, r.locked_until - t);
    }
    return ms;
  }

  fail(key: string, policy: LockPolicy): FailOutcome {
    const t = this.now();
    const r = this.get.get(key) ?? { failures: 0, lockouts: 0, locked_until: 0, last_failure: 0 };
    if (t - Math.max(r.last_failure, r.locked_until) > policy.decayMs) {
      r.failures = 0;
      r.lockouts = 0;
    }
    r.failures += 1;
    r.last_failure = t;
    let lockedMs = 0;
    if (r.failures >= policy.maxFailures) {
      lockedMs = Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** Math.min(r.lockouts, 30));
      r.locked_until = t + lockedMs;
      r.lockouts += 1;
      r.failures = 0;
    }
    this.put.run(key, r.failures, r.lockouts, r.locked_until, r.last_failure);
    this.prune(t);
    return { lockedMs, lockouts: r.lockouts };
  }

  /** A success (or an administrator) clears the key. */
  clear(key: string): void {
    this.del.run(key);
  }

  /** Rows for mistyped or invented logins go once they can no longer matter. */
  private prune(t: number): void {
    if (t - this.lastPrune < HOUR) return;
    this.lastPrune = t;
    const before = t - this.horizonMs;
    this.db.prepare('DELETE FROM auth_attempts WHERE locked_until < ? AND last_failure < ?').run(before, before);
  }
}
