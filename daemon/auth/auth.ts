// createAuth(): users, sign-in (password, kiosk PIN, first-start setup token), sessions, API
// tokens, lockouts and counters over the site database. No HTTP here (see plugin.ts and
// daemon/api/auth-routes.ts); no module state: every daemon builds its own.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { IP_POLICY, ipKey, Limiter, LOGIN_POLICY, loginKey, type LockPolicy } from './limiter.js';
import { AuthProblem, type AuthUser } from './problem.js';
import { isRole } from './roles.js';
import { DEFAULT_SCRYPT, hashSecret, newSecret, sameDigest, sha256, verifySecret, type RandomBytes, type ScryptParams } from './secrets.js';
import { SESSION_POLICIES, Sessions, Tokens, type NewSession, type SessionKind, type SessionPolicy } from './sessions.js';
import { checkPassword, Users, type UserRecord } from './users.js';

export const SESSION_COOKIE = 'relais_session';
export const SETUP_TTL_MS = 24 * 3600_000;
const SETUP_META_KEY = 'auth.setup_token';

export interface AuthOptions {
  /** the site database (Store#database), already migrated */
  db: Db;
  now: () => number;
  logger: Pick<Logger, 'info' | 'warn'>;
  randomBytes?: RandomBytes;
  /** tests pass cheap parameters; stored hashes keep their own */
  scrypt?: ScryptParams;
  sessions?: { password?: Partial<SessionPolicy>; pin?: Partial<SessionPolicy> };
  lockout?: { login?: Partial<LockPolicy>; ip?: Partial<LockPolicy> };
  setupTtlMs?: number;
  /**
   * Mark the cookie Secure on every response. Leave false when the screen is reached over plain
   * http (a Secure cookie is not sent back there); requests that arrive over TLS get Secure anyway.
   */
  secureCookies?: boolean;
  /** user, token and lockout changes, for the audit (the composition root writes them to the store) */
  audit?: (e: { kind: string; message: string; data: Record<string, unknown> }) => void;
}

export type SignIn = { ok: true; user: AuthUser } | { ok: false; problem: AuthProblem };

export interface AuthCounters {
  signIns: { password: number; pin: number; setup: number };
  failures: { password: number; pin: number; setup: number; token: number; csrf: number };
  /** attempts refused without checking because the login or the address was locked */
  lockedRefusals: number;
  lockouts: { login: number; ip: number };
}

export type Auth = ReturnType<typeof createAuth>;

const generic = () => new AuthProblem(401, 'RELAIS_AUTH_FAILED', 'wrong login or password, or wrong PIN');
const locked = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return new AuthProblem(429, 'RELAIS_AUTH_LOCKED', `too many failed attempts: try again in ${Math.ceil(s / 60)} min`, s);
};

export function createAuth(o: AuthOptions) {
  const { db, now, logger } = o;
  const random = o.randomBytes ?? nodeRandomBytes;
  const params = o.scrypt ?? DEFAULT_SCRYPT;
  const loginPolicy = { ...LOGIN_POLICY, ...o.lockout?.login };
  const ipPolicy = { ...IP_POLICY, ...o.lockout?.ip };
  const limiter = new Limiter(db, now, Math.max(loginPolicy.decayMs, ipPolicy.decayMs));
  const hash = (s: string) => hashSecret(s, random, params);
  const users = new Users(db, now, hash, limiter);
  const sessions = new Sessions(db, now, random, {
    password: { ...SESSION_POLICIES.password, ...o.sessions?.password },
    pin: { ...SESSION_POLICIES.pin, ...o.sessions?.pin },
  });
  const tokens = new Tokens(db, now, random);
  const audit = o.audit ?? (() => {});
  const c: AuthCounters = {
    signIns: { password: 0, pin: 0, setup: 0 },
    failures: { password: 0, pin: 0, setup: 0, token: 0, csrf: 0 },
    lockedRefusals: 0,
    lockouts: { login: 0, ip: 0 },
  };
  // Unknown logins are checked against this, so they take as long as known ones.
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hash(newSecret(random)));
  // One attempt at a time per login and per address: parallel guesses would all pass the lock
  // check before the first failure is written.
  const inFlight = new Set<string>();

  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const readSetup = (): { hash: string; expires: number } | null => {
    const r = getMeta.get(SETUP_META_KEY);
    try {
      const v = r ? (JSON.parse(r.value) as { hash?: unknown; expires?: unknown }) : null;
      return v && typeof v.hash === 'string' && typeof v.expires === 'number' ? { hash: v.hash, expires: v.expires } : null;
    } catch {
      return null; // a damaged row is no token; the next start writes a new one
    }
  };
  const burnSetup = () => db.prepare('DELETE FROM meta WHERE key = ?').run(SETUP_META_KEY);

  function fail(kind: 'password' | 'pin' | 'setup', keys: Array<[string, LockPolicy, 'login' | 'ip']>): void {
    c.failures[kind]++;
    for (const [key, policy, scope] of keys) {
      const out = limiter.fail(key, policy);
      if (out.lockedMs > 0) {
        c.lockouts[scope]++;
        const data = { key, minutes: Math.round(out.lockedMs / 60_000), lockouts: out.lockouts };
        logger.warn(data, 'sign-in locked after repeated failures');
        audit({ kind: 'auth.lockout', message: `${key} locked for ${data.minutes} min`, data });
      }
    }
  }

  /** Checks a password or PIN with the lockouts around it; the answer never says whether the login exists. */
  async function signIn(kind: 'password' | 'pin', login: string, secret: string, ip: string): Promise<SignIn> {
    const keys: Array<[string, LockPolicy, 'login' | 'ip']> = [
      [loginKey(login), loginPolicy, 'login'],
      [ipKey(ip), ipPolicy, 'ip'],
    ];
    const wait = limiter.lockedFor(keys.map((k) => k[0]));
    if (wait > 0) {
      c.lockedRefusals++;
      return { ok: false, problem: locked(wait) };
    }
    if (keys.some((k) => inFlight.has(k[0]))) {
      return { ok: false, problem: new AuthProblem(429, 'RELAIS_AUTH_LOCKED', 'another sign-in attempt is being checked: try again in a second', 1) };
    }
    keys.forEach((k) => inFlight.add(k[0]));
    const decoy = dummyHash(); // made once, before it is needed, so the first unknown login is not slower
    try {
      const row = users.row(login);
      const stored = kind === 'password' ? row?.password_hash : row?.pin_hash;
      const usable = row !== undefined && row.disabled === 0 && isRole(row.role) && !!stored;
      const match = await verifySecret(secret, usable ? stored! : await decoy);
      if (!usable || !match) {
        fail(kind, keys);
        return { ok: false, problem: generic() };
      }
      limiter.clear(keys[0][0]);
      c.signIns[kind]++;
      return { ok: true, user: { id: row.id, login: row.login, name: row.name, role: row.role as AuthUser['role'], via: kind } };
    } finally {
      keys.forEach((k) => inFlight.delete(k[0]));
    }
  }

  return {
    cookieName: SESSION_COOKIE,
    secureCookies: o.secureCookies ?? false,
    users,
    tokens,

    /**
     * At start: while no active administrator exists, makes a new one-time setup token (the
     * previous one, if any, stops working) and returns it for the log; otherwise null.
     */
    ensureSetupToken(): string | null {
      if (users.activeAdmins() > 0) {
        burnSetup();
        return null;
      }
      const token = newSecret(random);
      const value = JSON.stringify({ hash: sha256(token), expires: now() + (o.setupTtlMs ?? SETUP_TTL_MS) });
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SETUP_META_KEY, value);
      return token;
    },

    setupRequired: (): boolean => users.activeAdmins() === 0,

    /** Creates the first administrator with the setup token, and burns the token. */
    async setup(input: { token: string; login: string; name: string; password: string }, ip: string): Promise<SignIn> {
      const key: [string, LockPolicy, 'ip'] = [ipKey(ip), ipPolicy, 'ip'];
      const wait = limiter.lockedFor([key[0]]);
      if (wait > 0) {
        c.lockedRefusals++;
        return { ok: false, problem: locked(wait) };
      }
      const valid = () => {
        const s = readSetup();
        return s !== null && sameDigest(sha256(input.token), s.hash) && now() < s.expires && users.activeAdmins() === 0;
      };
      if (!valid()) {
        fail('setup', [key]);
        return { ok: false, problem: new AuthProblem(401, 'RELAIS_AUTH_SETUP_INVALID', 'the setup token is wrong, expired or already used') };
      }
      // a typo in the form does not burn the token: validate and hash first
      const prepared = await users.prepare({ ...input, role: 'admin' });
      const user = db.transaction((): UserRecord | null => {
        if (!valid()) return null; // used by a concurrent request while hashing
        burnSetup();
        return users.insert(prepared);
      })();
      if (!user) {
        fail('setup', [key]);
        return { ok: false, problem: new AuthProblem(401, 'RELAIS_AUTH_SETUP_INVALID', 'the setup token is wrong, expired or already used') };
      }
      c.signIns.setup++;
      logger.info({ login: user.login }, 'first administrator created; setup token burnt');
      audit({ kind: 'auth.setup', message: `first administrator ${user.login} created`, data: { user: { id: user.id, login: user.login, role: user.role } } });
      return { ok: true, user: { id: user.id, login: user.login, name: user.name, role: user.role, via: 'password' } };
    },

    verifyPassword: (login: string, password: string, ip: string) => signIn('password', login, password, ip),
    verifyPin: (login: string, pin: string, ip: string) => signIn('pin', login, pin, ip),

    createSession(user: AuthUser, kind: SessionKind = user.via === 'pin' ? 'pin' : 'password'): NewSession {
      if (typeof user.id !== 'number') throw new Error('API tokens do not open sessions');
      return sessions.create(user.id, kind);
    },
    /** The signed-in user of a cookie value, or null (unknown, expired, disabled). */
    sessionFromCookie: (cookie: string): AuthUser | null => sessions.lookup(cookie)?.user ?? null,
    session: (cookie: string) => sessions.lookup(cookie),
    endSession: (cookie: string) => sessions.end(cookie),

    /** The identity of `Authorization: Bearer rls_…`, or null (counted). */
    tokenUser(bearer: string): AuthUser | null {
      const u = tokens.user(bearer);
      if (!u) c.failures.token++;
      return u;
    },

    /** A signed-in user changes their own password (the current one is checked like a sign-in). */
    async changePassword(user: AuthUser, current: string, next: string, ip: string): Promise<SignIn> {
      checkPassword(next, user.login);
      const r = await signIn('password', user.login, current, ip);
      if (!r.ok) return r;
      await users.update(r.user.id as number, { password: next });
      return r;
    },

    countCsrfRefusal(): void {
      c.failures.csrf++;
    },

    audit,
    counters: (): AuthCounters => structuredClone(c),
  };
}
