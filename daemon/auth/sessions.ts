// Browser sessions (cookie) and API tokens (Authorization: Bearer) for scripts. Both are 32 random
// bytes shown once; only their SHA-256 is stored, so a copied database opens nothing.
import type { Db } from '../store/db.js';
import { AuthProblem, badRequest, type AuthUser } from './problem.js';
import { isRole, ROLES, type Role } from './roles.js';
import { newSecret, sha256, type RandomBytes } from './secrets.js';

export type SessionKind = 'password' | 'pin';

export interface SessionPolicy {
  /** ends after this long without a request */
  idleMs: number;
  /** ends this long after sign-in, however active */
  absoluteMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
export const SESSION_POLICIES: Record<SessionKind, SessionPolicy> = {
  password: { idleMs: 12 * HOUR, absoluteMs: 7 * 24 * HOUR },
  // the kitchen tablet is shared: a PIN session ends soon after the cook walks away
  pin: { idleMs: 15 * MIN, absoluteMs: 12 * HOUR },
};
/** last_seen is written at most once a minute per session, not on every request (SD card) */
const TOUCH_MS = MIN;

const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;
export const TOKEN_PREFIX = 'rls_';

export interface NewSession {
  /** the cookie value; never stored */
  cookie: string;
  expires: number;
  maxAgeS: number;
}

export interface SessionInfo {
  user: AuthUser;
  kind: SessionKind;
  expires: number;
  idleExpires: number;
}

interface SessionJoin {
  user_id: number;
  kind: SessionKind;
  last_seen: number;
  idle_ms: number;
  expires: number;
  login: string;
  name: string;
  role: string;
  disabled: number;
}

export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly random: RandomBytes,
    private readonly policies: Record<SessionKind, SessionPolicy>,
  ) {}

  create(userId: number, kind: SessionKind): NewSession {
    const t = this.now();
    const p = this.policies[kind];
    const cookie = newSecret(this.random);
    const expires = t + p.absoluteMs;
    this.db.prepare('DELETE FROM sessions WHERE expires <= ? OR last_seen + idle_ms <= ?').run(t, t);
    this.db
      .prepare('INSERT INTO sessions (id_hash, user_id, kind, created, last_seen, idle_ms, expires) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(sha256(cookie), userId, kind, t, t, p.idleMs, expires);
    return { cookie, expires, maxAgeS: Math.floor(p.absoluteMs / 1000) };
  }

  /** The live session of a cookie value (and keeps it alive), or null. */
  lookup(cookie: string): SessionInfo | null {
    if (!SECRET_RE.test(cookie)) return null;
    const idHash = sha256(cookie);
    const s = this.db
      .prepare(
        `SELECT s.user_id, s.kind, s.last_seen, s.idle_ms, s.expires, u.login, u.name, u.role, u.disabled
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
      )
      .get(idHash) as SessionJoin | undefined;
    if (!s) return null;
    const t = this.now();
    if (t >= s.expires || t >= s.last_seen + s.idle_ms || s.disabled !== 0 || !isRole(s.role)) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
      return null;
    }
    let lastSeen = s.last_seen;
    if (t - lastSeen >= Math.min(TOUCH_MS, s.idle_ms / 10)) {
      this.db.prepare('UPDATE sessions SET last_seen = ? WHERE id_hash = ?').run(t, idHash);
      lastSeen = t;
    }
    return {
      user: { id: s.user_id, login: s.login, name: s.name, role: s.role, via: s.kind },
      kind: s.kind,
      expires: s.expires,
      idleExpires: Math.min(s.expires, lastSeen + s.idle_ms),
    };
  }

  end(cookie: string): void {
    if (SECRET_RE.test(cookie)) this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256(cookie));
  }
}

export interface TokenRecord {
  id: number;
  name: string;
  role: Role;
  /** the first characters, to recognise a token in a list */
  hint: string;
  createdBy: number | null;
  created: number;
  lastUsed: number | null;
  revoked: number | null;
}

interface TokenRow {
  id: number;
  name: string;
  role: string;
  hint: string;
  created_by: number | null;
  created: number;
  last_used: number | null;
  revoked: number | null;
}

const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  hint: r.hint,
  createdBy: r.created_by,
  created: r.created,
  lastUsed: r.last_used,
  revoked: r.revoked,
});

export class Tokens {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly random: RandomBytes,
  ) {}

  /** Returns the token once; only its hash is kept. */
  create(name: string, role: string, createdBy: number | null): { token: string; record: TokenRecord } {
    const n = name.trim();
    // eslint-disable-next-line no-control-regex
    if (n.length < 1 || n.length > 64 || /[\u0000-\u001f\u007f]/.test(n)) throw badRequest('name must be 1-64 printable characters');
    if (!isRole(role)) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
    const token = newSecret(this.random, TOKEN_PREFIX);
    const hint = token.slice(0, TOKEN_PREFIX.length + 6);
    const id = this.db
      .prepare('INSERT INTO api_tokens (name, role, token_hash, hint, created_by, created) VALUES (?, ?, ?, ?, ?, ?)')
      .run(n, role, sha256(token), hint, createdBy, this.now()).lastInsertRowid;
    return { token, record: this.get(Number(id))! };
  }

  get(id: number): TokenRecord | null {
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return r ? toToken(r) : null;
  }

  list(): TokenRecord[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY id').all() as TokenRow[]).map(toToken);
  }

  /** Revoked tokens stay listed (the audit refers to them). */
  revoke(id: number): TokenRecord {
    const r = this.get(id);
    if (!r) throw new AuthProblem(404, 'RELAIS_AUTH_UNKNOWN_TOKEN', `no API token has id ${id}`);
    if (r.revoked === null) this.db.prepare('UPDATE api_tokens SET revoked = ? WHERE id = ?').run(this.now(), id);
    return this.get(id)!;
  }

  /** The identity of a bearer token, or null (unknown, revoked or malformed). */
  user(bearer: string): AuthUser | null {
    if (!bearer.startsWith(TOKEN_PREFIX) || !SECRET_RE.test(bearer.slice(TOKEN_PREFIX.length))) return null;
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ? AND revoked IS NULL').get(sha256(bearer)) as TokenRow | undefined;
    if (!r || !isRole(r.role)) return null;
    const t = this.now();
    if (r.last_used === null || t - r.last_used >= HOUR) this.db.prepare('UPDATE api_tokens SET last_used = ? WHERE id = ?').run(t, r.id);
    return { id: `token:${r.id}`, login: `token:${r.name}`, name: r.name, role: r.role, via: 'token' };
  }
}
