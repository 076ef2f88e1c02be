import { describe, expect, it } from 'vitest';
import { ADMIN } from '../auth/helpers.js';
import { authApp, JSON_HEADERS, sessionCookie, type AuthApp } from './auth-app.js';

async function setUp(t: AuthApp) {
  const token = t.auth.ensureSetupToken()!;
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, ...ADMIN } });
  expect(res.statusCode).toBe(201);
  return sessionCookie(res);
}

async function login(t: AuthApp, login: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
}

describe('setup, login, me, logout', () => {
  it('setup signs the first admin in; the token then stops working', async () => {
    const t = await authApp();
    expect((await t.app.inject('/api/auth/setup')).json()).toEqual({ required: true });
    const token = t.auth.ensureSetupToken()!;
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, ...ADMIN } });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ login: 'directrice', role: 'admin' });
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, ...ADMIN, login: 'autre' } });
    expect([again.statusCode, again.json().error.code]).toEqual([401, 'RELAIS_AUTH_SETUP_INVALID']);
    const short = await t.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token: 'x', login: 'a', name: 'b' } });
    expect([short.statusCode, short.json().error.code]).toEqual([400, 'RELAIS_API_BAD_REQUEST']);
    expect((await t.app.inject('/api/auth/setup')).json()).toEqual({ required: false });
  });

  it('login sets a strict HttpOnly cookie that /api/auth/me accepts; logout ends it', async () => {
    const t = await authApp();
    await setUp(t);
    const res = await login(t, 'directrice', ADMIN.password);
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^relais_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ user: { login: 'directrice', role: 'admin', via: 'password' }, permissions: expect.arrayContaining(['users.manage']) });

    const cookie = sessionCookie(res);
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { login: 'directrice' }, session: { kind: 'password' } });

    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, ...JSON_HEADERS } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect([after.statusCode, after.json().error.code]).toEqual([401, 'RELAIS_AUTH_REQUIRED']);
  });

  it('the cookie is Secure with secureCookies', async () => {
    const t = await authApp({ auth: { secureCookies: true } });
    await setUp(t);
    expect(String((await login(t, 'directrice', ADMIN.password)).headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('wrong password and unknown login get the same answer; lockout answers 429 with Retry-After', async () => {
    const t = await authApp();
    await setUp(t);
    const a = await login(t, 'directrice', 'pas le bon mot de passe');
    const b = await login(t, 'inconnu', 'pas le bon mot de passe');
    expect(a.statusCode).toBe(401);
    expect(a.body).toBe(b.body);
    expect(a.headers['set-cookie']).toBeUndefined();
    for (let i = 0; i < 4; i++) await login(t, 'directrice', 'pas le bon mot de passe');
    const locked = await login(t, 'directrice', ADMIN.password);
    expect([locked.statusCode, locked.json().error.code, locked.headers['retry-after']]).toEqual([429, 'RELAIS_AUTH_LOCKED', '900']);
  });

  it('a kiosk PIN signs in for a short session', async () => {
    const t = await authApp();
    const cookie = await setUp(t);
    const created = await t.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie, ...JSON_HEADERS },
      payload: { login: 'cuisine1', name: 'Cuisinier', role: 'kitchen', password: 'une passe de cuisine', pin: '4826' },
    });
    expect(created.statusCode).toBe(201);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/pin', payload: { login: 'cuisine1', pin: '4826' } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=43200');
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(res) } });
    expect(me.json()).toMatchObject({ user: { login: 'cuisine1', via: 'pin' }, permissions: ['view', 'alarm.ack', 'haccp.write'] });
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/pin', payload: { login: 'cuisine1', pin: 'abcd' } });
    expect(bad.statusCode).toBe(401);
  });

  it('a user changes their own password; old sessions end', async () => {
    const t = await authApp();
    const cookie = await setUp(t);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, ...JSON_HEADERS }, payload: { current: 'pas le bon', password: 'un nouveau secret' } });
    expect(wrong.statusCode).toBe(401);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, ...JSON_HEADERS }, payload: { current: ADMIN.password, password: 'un nouveau secret' } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(res) } })).statusCode).toBe(200);
    expect((await login(t, 'directrice', 'un nouveau secret')).statusCode).toBe(200);
  });
});

describe('permissions', () => {
  it('401 when anonymous, 403 when the role lacks the permission, 200 otherwise', async () => {
    const t = await authApp();
    const admin = await setUp(t);
    for (const [login, role] of [['gardien', 'caretaker'], ['cuisine1', 'kitchen']]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin, ...JSON_HEADERS }, payload: { login, name: login, role, password: 'un secret assez long' } });
      expect(r.statusCode).toBe(201);
    }
    const anon = await t.app.inject({ method: 'POST', url: '/test/doors/open', headers: JSON_HEADERS });
    expect([anon.statusCode, anon.json().error.code]).toEqual([401, 'RELAIS_AUTH_REQUIRED']);
    const cook = sessionCookie(await login(t, 'cuisine1', 'un secret assez long'));
    const denied = await t.app.inject({ method: 'POST', url: '/test/doors/open', headers: { cookie: cook, ...JSON_HEADERS } });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'RELAIS_AUTH_FORBIDDEN']);
    expect((await t.app.inject({ url: '/test/view', headers: { cookie: cook } })).statusCode).toBe(200);
    const keeper = sessionCookie(await login(t, 'gardien', 'un secret assez long'));
    const opened = await t.app.inject({ method: 'POST', url: '/test/doors/open', headers: { cookie: keeper, ...JSON_HEADERS } });
    expect(opened.statusCode).toBe(200);
    // the audit can tell who did it
    expect(opened.json().by).toMatchObject({ id: expect.any(Number), login: 'gardien', role: 'caretaker', via: 'password' });
    // users are for admins only
    expect((await t.app.inject({ url: '/api/users', headers: { cookie: keeper } })).statusCode).toBe(403);
  });

  it('an unknown permission name is a start-up error, not a silent grant', async () => {
    const { requirePermission } = await import('../../../daemon/auth/index.js');
    expect(() => requirePermission('actuat')).toThrow(/unknown permission/);
  });

  it('bearer tokens authenticate scripts, without CSRF checks; revoked ones do not', async () => {
    const t = await authApp();
    const admin = await setUp(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: admin, ...JSON_HEADERS }, payload: { name: 'script', role: 'caretaker' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rls_/);
    const auth = { authorization: `Bearer ${token}` };
    const opened = await t.app.inject({ method: 'POST', url: '/test/doors/open', headers: { ...auth, origin: 'http://evil.example' } });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().by).toMatchObject({ id: `token:${id}`, login: 'token:script', role: 'caretaker', via: 'token' });
    expect((await t.app.inject({ url: '/api/users', headers: auth })).statusCode).toBe(403);
    const list = await t.app.inject({ url: '/api/auth/tokens', headers: { cookie: admin } });
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: { cookie: admin, ...JSON_HEADERS } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/test/doors/open', headers: auth })).statusCode).toBe(401);
    // a bad Authorization header never falls back to the cookie
    expect((await t.app.inject({ url: '/test/view', headers: { cookie: admin, authorization: 'Bearer nope' } })).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('a cookie-authenticated change needs X-Relais: 1 or a same-origin Origin', async () => {
    const t = await authApp();
    const cookie = await setUp(t);
    const post = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/test/doors/open', headers: { cookie, host: 'relais.local:8080', ...headers } });
    const refused = await post({});
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'RELAIS_AUTH_CSRF']);
    expect((await post({ origin: 'http://evil.example' })).statusCode).toBe(403);
    expect((await post({ origin: 'http://relais.local:8081' })).statusCode).toBe(403);
    expect((await post({ origin: 'null' })).statusCode).toBe(403);
    expect((await post({ origin: 'http://relais.local:8080' })).statusCode).toBe(200);
    expect((await post({ 'x-relais': '1' })).statusCode).toBe(200);
    expect((await post({ 'x-relais': '1', origin: 'http://evil.example' })).statusCode).toBe(200); // no CORS: a foreign page cannot add it
    // reads are not concerned
    expect((await t.app.inject({ url: '/test/view', headers: { cookie } })).statusCode).toBe(200);
    expect(t.auth.counters().failures.csrf).toBe(4);
  });
});

describe('users API', () => {
  it('creates, lists without secrets, changes, disables, and protects the last admin', async () => {
    const t = await authApp();
    const cookie = await setUp(t);
    const h = { cookie, ...JSON_HEADERS };
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { login: 'gardien', name: 'M. Durand', role: 'caretaker', password: 'un secret assez long', pin: '4826' } });
    expect(created.json().user).toMatchObject({ login: 'gardien', role: 'caretaker', hasPin: true, disabled: false });
    const id = created.json().user.id;
    const dup = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { login: 'Gardien', name: 'x', role: 'kitchen', password: 'un secret assez long' } });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'RELAIS_AUTH_LOGIN_TAKEN']);
    const weak = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { login: 'x1', name: 'x', role: 'kitchen', password: 'court' } });
    expect([weak.statusCode, weak.json().error.code]).toEqual([400, 'RELAIS_API_BAD_REQUEST']);

    const list = await t.app.inject({ url: '/api/users', headers: { cookie } });
    expect(list.json().users.map((u: { login: string }) => u.login)).toEqual(['directrice', 'gardien']);
    expect(list.body).not.toMatch(/scrypt|hash/);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: h, payload: { role: 'kitchen', pin: null, name: 'M. Durand (cuisine)' } });
    expect(patched.json().user).toMatchObject({ role: 'kitchen', hasPin: false, name: 'M. Durand (cuisine)' });
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: h, payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/users/999', headers: h, payload: { name: 'x' } });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'RELAIS_AUTH_UNKNOWN_USER']);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: h });
    expect(del.json().user.disabled).toBe(true);
    expect((await login(t, 'gardien', 'un secret assez long')).statusCode).toBe(401);

    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().user.id;
    const last = await t.app.inject({ method: 'DELETE', url: `/api/users/${me}`, headers: h });
    expect([last.statusCode, last.json().error.code]).toEqual([409, 'RELAIS_AUTH_LAST_ADMIN']);
    const demote = await t.app.inject({ method: 'PATCH', url: `/api/users/${me}`, headers: h, payload: { role: 'caretaker' } });
    expect(demote.statusCode).toBe(409);
  });

  it('writes user and token changes to the audit hook, with who did it and never a secret', async () => {
    const events: Array<{ kind: string; data: unknown }> = [];
    const t = await authApp({ auth: { audit: (e) => void events.push(e) } });
    const cookie = await setUp(t);
    const h = { cookie, ...JSON_HEADERS };
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { login: 'gardien', name: 'G', role: 'caretaker', password: 'un secret assez long' } });
    await t.app.inject({ method: 'PATCH', url: `/api/users/${r.json().user.id}`, headers: h, payload: { password: 'encore un autre secret', unlock: true } });
    await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: h, payload: { name: 'script', role: 'kitchen' } });
    expect(events.map((e) => e.kind)).toEqual(['auth.setup', 'auth.user_created', 'auth.user_changed', 'auth.token_created']);
    expect(events[2].data).toMatchObject({ changed: ['password', 'unlock'], by: { login: 'directrice', role: 'admin' } });
    expect(JSON.stringify(events)).not.toMatch(/secret assez|autre secret|rls_/);
  });
});
