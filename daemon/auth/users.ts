// People who may sign in: login, display name, role, scrypt hashes of the password and of the
// optional kiosk PIN. Nobody is ever deleted (the audit refers to them): "delete" disables.
import type { Db } from '../store/db.js';
import { Limiter, loginKey } from './limiter.js';
import { AuthProblem, badRequest } from './problem.js';
import { isRole, ROLES, type Role } from './roles.js';

/** 2-32 characters: lowercase letters, digits, `.`, `_`, `-` (no colon: `token:` logins are API tokens) */
export const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const PIN_RE = /^[0-9]{4,8}$/;
export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

export interface UserRecord {
  id: number;
  login: string;
  name: string;
  role: Role;
  hasPin: boolean;
  disabled: boolean;
  created: number;
  updated: number;
}

export interface UserRow {
  id: number;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  pin_hash: string | null;
  disabled: number;
  created: number;
  updated: number;
}

export interface NewUser {
  login: string;
  name: string;
  role: string;
  password: string;
  pin?: string | null;
}

export interface UserPatch {
  role?: string;
  name?: string;
  password?: string;
  /** null removes the PIN */
  pin?: string | null;
  disabled?: boolean;
}

/** Validated and hashed, ready to insert (hashing is async, inserting is not). */
export interface PreparedUser {
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
  pinHash: string | null;
}

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  login: r.login,
  name: r.name,
  role: r.role as Role,
  hasPin: r.pin_hash !== null,
  disabled: r.disabled !== 0,
  created: r.created,
  updated: r.updated,
});

export function normalLogin(login: string): string {
  return login.toLowerCase();
}

function checkLogin(login: string): string {
  const l = normalLogin(login);
  if (!LOGIN_RE.test(l)) throw badRequest('login must be 2-32 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  return l;
}

function checkName(name: string): string {
  const n = name.trim();
  // eslint-disable-next-line no-control-regex
  if (n.length < 1 || n.length > 80 || /[\u0000-\u001f\u007f]/.test(n)) throw badRequest('name must be 1-80 printable characters');
  return n;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
  return role;
}

export function checkPassword(password: string, login: string): void {
  const n = [...password].length;
  if (n < MIN_PASSWORD) throw badRequest(`password must have at least ${MIN_PASSWORD} characters`);
  if (n > MAX_PASSWORD) throw badRequest(`password must have at most ${MAX_PASSWORD} characters`);
  if (password.toLowerCase() === login.toLowerCase()) throw badRequest('password must not be the login');
}

/** 4-8 digits, and not one a student would try first (0000, 1234, 9876 …). */
export function checkPin(pin: string): void {
  if (!PIN_RE.test(pin)) throw badRequest('PIN must be 4 to 8 digits');
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => (x - d[i] + 10) % 10));
  if (steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9))) throw badRequest('PIN is too easy to guess: avoid repeated or consecutive digits');
}

const ADMIN_NO_PIN = 'administrator accounts cannot have a kiosk PIN: they sign in with their password (send "pin": null)';

export class Users {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly hash: (secret: string) => Promise<string>,
    private readonly limiter: Limiter,
  ) {}

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY login').all() as UserRow[]).map(toRecord);
  }

  get(id: number): UserRecord | null {
    const r = this.rowById(id);
    return r ? toRecord(r) : null;
  }

  /** The stored row (with hashes) for a login as typed; for sign-in only. */
  row(login: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE login = ?').get(normalLogin(login)) as UserRow | undefined;
  }

  rowById(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  activeAdmins(): number {
    return this.db.prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck().get() as number;
  }

  async prepare(u: NewUser): Promise<PreparedUser> {
    const login = checkLogin(u.login);
    const name = checkName(u.name);
    const role = checkRole(u.role);
    checkPassword(u.password, login);
    if (u.pin != null) {
      if (role === 'admin') throw badRequest(ADMIN_NO_PIN);
      checkPin(u.pin);
    }
    if (this.row(login)) throw taken(login); // early, before spending a hash; insert() checks again
    const passwordHash = await this.hash(u.password);
    const pinHash = u.pin != null ? await this.hash(u.pin) : null;
    return { login, name, role, passwordHash, pinHash };
  }

  /** Synchronous, so it can share a transaction (the setup token is burnt in the same one). */
  insert(p: PreparedUser): UserRecord {
    if (this.row(p.login)) throw taken(p.login);
    const t = this.now();
    const id = this.db
      .prepare('INSERT INTO users (login, name, role, password_hash, pin_hash, disabled, created, updated) VALUES (?, ?, ?, ?, ?, 0, ?, ?)')
      .run(p.login, p.name, p.role, p.passwordHash, p.pinHash, t, t).lastInsertRowid;
    return this.get(Number(id))!;
  }

  async create(u: NewUser): Promise<UserRecord> {
    return this.insert(await this.prepare(u));
  }

  /**
   * Changes role, name, password, PIN or disabled. A new password or PIN, or disabling, ends the
   * user's sessions and clears a lockout of the login. Never leaves the site without an admin.
   */
  async update(id: number, patch: UserPatch): Promise<UserRecord> {
    const before = this.rowById(id);
    if (!before) throw unknownUser(id);
    const name = patch.name !== undefined ? checkName(patch.name) : undefined;
    const role = patch.role !== undefined ? checkRole(patch.role) : undefined;
    if (patch.password !== undefined) checkPassword(patch.password, before.login);
    if (patch.pin != null) checkPin(patch.pin);
    this.checkAdminPin(role ?? before.role, patch.pin === undefined ? before.pin_hash !== null : patch.pin !== null);
    const passwordHash = patch.password !== undefined ? await this.hash(patch.password) : undefined;
    const pinHash = patch.pin != null ? await this.hash(patch.pin) : patch.pin;

    return this.db.transaction(() => {
      const cur = this.rowById(id)!; // re-read: another request may have changed it while hashing
      const nextRole = role ?? (cur.role as Role);
      const nextDisabled = patch.disabled ?? cur.disabled !== 0;
      const wasAdmin = cur.role === 'admin' && cur.disabled === 0;
      if (wasAdmin && (nextRole !== 'admin' || nextDisabled) && this.activeAdmins() <= 1) {
        throw new AuthProblem(409, 'RELAIS_AUTH_LAST_ADMIN', `${cur.login} is the last active administrator: make another user admin first`);
      }
      const nextPin = pinHash === undefined ? cur.pin_hash : pinHash;
      this.checkAdminPin(nextRole, nextPin !== null);
      this.db
        .prepare('UPDATE users SET name = ?, role = ?, password_hash = ?, pin_hash = ?, disabled = ?, updated = ? WHERE id = ?')
        .run(name ?? cur.name, nextRole, passwordHash ?? cur.password_hash, nextPin, nextDisabled ? 1 : 0, this.now(), id);
      const secretsChanged = passwordHash !== undefined || pinHash !== undefined;
      if (secretsChanged || (nextDisabled && cur.disabled === 0)) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      if (secretsChanged) this.limiter.clear(loginKey(cur.login));
      return this.get(id)!;
    })();
  }

  /** Clears a lockout of this user's login (an administrator vouches for them). */
  unlock(id: number): void {
    const r = this.rowById(id);
    if (!r) throw unknownUser(id);
    this.limiter.clear(loginKey(r.login));
  }

  private checkAdminPin(role: string, hasPin: boolean): void {
    if (role === 'admin' && hasPin) throw badRequest(ADMIN_NO_PIN);
  }
}

const taken = (login: string) => new AuthProblem(409, 'RELAIS_AUTH_LOGIN_TAKEN', `login ${login} is already used`);
const unknownUser = (id: number) => new AuthProblem(404, 'RELAIS_AUTH_UNKNOWN_USER', `no user has id ${id}`);
