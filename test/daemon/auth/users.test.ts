import { describe, expect, it } from 'vitest';
import { clock, HOUR, memoryDb, MIN, withAdmin } from './helpers.js';

const cook = { login: 'cuisine1', name: 'Cuisinier', role: 'kitchen', password: 'une passe de cuisine' };

describe('users', () => {
  it('never leaves the site without an active administrator', async () => {
    const { auth, admin } = await withAdmin(memoryDb(), clock());
    const id = admin.id as number;
    await expect(auth.users.update(id, { role: 'caretaker' })).rejects.toMatchObject({ statusCode: 409, code: 'RELAIS_AUTH_LAST_ADMIN' });
    await expect(auth.users.update(id, { disabled: true })).rejects.toMatchObject({ code: 'RELAIS_AUTH_LAST_ADMIN' });
    const second = await auth.users.create({ login: 'adjoint', name: 'Adjoint', role: 'admin', password: 'encore un secret' });
    await auth.users.update(id, { disabled: true });
    await expect(auth.users.update(second.id, { role: 'kitchen' })).rejects.toMatchObject({ code: 'RELAIS_AUTH_LAST_ADMIN' });
    await auth.users.update(id, { disabled: false });
    expect((await auth.users.update(second.id, { role: 'kitchen' })).role).toBe('kitchen');
    expect(auth.users.activeAdmins()).toBe(1);
  });

  it('validates what it stores and explains what to fix', async () => {
    const { auth } = await withAdmin(memoryDb(), clock());
    const bad = async (over: object, msg: RegExp) =>
      expect(auth.users.create({ ...cook, ...over })).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(msg) });
    await bad({ password: 'court' }, /at least 10/);
    await bad({ password: 'cuisine1' + 'xx', login: 'cuisine1xx' }, /not be the login/);
    await bad({ login: 'a b' }, /login must be/);
    await bad({ login: 'token:x' }, /login must be/);
    await bad({ role: 'student' }, /role must be one of/);
    await bad({ pin: '12' }, /4 to 8 digits/);
    await bad({ pin: '1234' }, /too easy/);
    await bad({ pin: '0000' }, /too easy/);
    await bad({ role: 'admin', pin: '4826' }, /cannot have a kiosk PIN/);
    await bad({ name: '  ' }, /name must be/);
    expect(auth.users.list()).toHaveLength(1);
  });

  it('logins are unique whatever the case, and stored in lowercase', async () => {
    const { auth } = await withAdmin(memoryDb(), clock());
    const u = await auth.users.create({ ...cook, login: 'Cuisine1' });
    expect(u.login).toBe('cuisine1');
    await expect(auth.users.create({ ...cook, login: 'CUISINE1' })).rejects.toMatchObject({ statusCode: 409, code: 'RELAIS_AUTH_LOGIN_TAKEN' });
  });

  it('a PIN cannot be given to an admin, even by promotion', async () => {
    const { auth } = await withAdmin(memoryDb(), clock());
    const u = await auth.users.create({ ...cook, pin: '4826' });
    await expect(auth.users.update(u.id, { role: 'admin' })).rejects.toMatchObject({ statusCode: 400 });
    const promoted = await auth.users.update(u.id, { role: 'admin', pin: null });
    expect(promoted).toMatchObject({ role: 'admin', hasPin: false });
  });

  it('a new password or disabling ends the user\'s sessions; a role change applies at once', async () => {
    const c = clock();
    const { auth } = await withAdmin(memoryDb(), c);
    const u = await auth.users.create({ ...cook, pin: '4826' });
    const user = { id: u.id, login: u.login, name: u.name, role: u.role, via: 'password' as const };
    const s1 = auth.createSession(user);
    await auth.users.update(u.id, { role: 'caretaker' });
    expect(auth.sessionFromCookie(s1.cookie)?.role).toBe('caretaker');
    await auth.users.update(u.id, { password: 'un tout nouveau secret' });
    expect(auth.sessionFromCookie(s1.cookie)).toBeNull();
    const s2 = auth.createSession(user);
    await auth.users.update(u.id, { disabled: true });
    expect(auth.sessionFromCookie(s2.cookie)).toBeNull();
  });
});

describe('sessions', () => {
  it('end after the idle time and after the absolute time', async () => {
    const c = clock();
    const { auth, admin } = await withAdmin(memoryDb(), c);
    const s = auth.createSession(admin);
    expect(s.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.maxAgeS).toBe(7 * 24 * 3600);
    // active every 11 h: alive until the absolute end (7 days)
    for (let h = 11; h < 7 * 24; h += 11) {
      c.advance(11 * HOUR);
      expect(auth.sessionFromCookie(s.cookie), `after ${h} h`).not.toBeNull();
    }
    c.advance(11 * HOUR);
    expect(auth.sessionFromCookie(s.cookie)).toBeNull();

    const idle = auth.createSession(admin);
    c.advance(12 * HOUR);
    expect(auth.sessionFromCookie(idle.cookie)).toBeNull();
  });

  it('a kiosk PIN session ends after 15 idle minutes', async () => {
    const c = clock();
    const { auth } = await withAdmin(memoryDb(), c);
    const u = await auth.users.create({ ...cook, pin: '4826' });
    const r = await auth.verifyPin('cuisine1', '4826', '10.0.0.5');
    if (!r.ok) throw r.problem;
    const s = auth.createSession(r.user);
    c.advance(14 * MIN);
    expect(auth.sessionFromCookie(s.cookie)).toMatchObject({ id: u.id, via: 'pin' });
    c.advance(14 * MIN);
    expect(auth.sessionFromCookie(s.cookie)).not.toBeNull();
    c.advance(15 * MIN);
    expect(auth.sessionFromCookie(s.cookie)).toBeNull();
  });

  it('stores only a hash of the session id, and writes last_seen at most once a minute', async () => {
    const c = clock();
    const db = memoryDb();
    const { auth, admin } = await withAdmin(db, c);
    const s = auth.createSession(admin);
    expect(JSON.stringify(db.prepare('SELECT * FROM sessions').all())).not.toContain(s.cookie);
    const lastSeen = () => db.prepare('SELECT last_seen FROM sessions').pluck().get();
    c.advance(30_000);
    auth.sessionFromCookie(s.cookie);
    expect(lastSeen()).toBe(c.now() - 30_000);
    c.advance(30_000);
    auth.sessionFromCookie(s.cookie);
    expect(lastSeen()).toBe(c.now());
    expect(auth.sessionFromCookie('not-a-session')).toBeNull();
    auth.endSession(s.cookie);
    expect(auth.sessionFromCookie(s.cookie)).toBeNull();
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, identify themselves for the audit, and can be revoked', async () => {
    const db = memoryDb();
    const { auth, admin } = await withAdmin(db, clock());
    const { token, record } = auth.tokens.create('supervision ville', 'caretaker', admin.id as number);
    expect(token).toMatch(/^rls_[A-Za-z0-9_-]{43}$/);
    expect(record.hint).toBe(token.slice(0, 10));
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
    expect(auth.tokenUser(token)).toEqual({ id: `token:${record.id}`, login: 'token:supervision ville', name: 'supervision ville', role: 'caretaker', via: 'token' });
    expect(auth.tokenUser(token.slice(0, -1) + 'x')).toBeNull();
    expect(auth.tokenUser('rls_')).toBeNull();
    auth.tokens.revoke(record.id);
    expect(auth.tokenUser(token)).toBeNull();
    expect(auth.tokens.list()[0].revoked).not.toBeNull();
    expect(auth.counters().failures.token).toBe(3);
    expect(() => auth.tokens.revoke(99)).toThrow(expect.objectContaining({ code: 'RELAIS_AUTH_UNKNOWN_TOKEN' }));
    expect(() => auth.tokens.create('x', 'student', null)).toThrow(/role must be/);
  });
});
