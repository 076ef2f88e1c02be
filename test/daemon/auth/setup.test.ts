import { describe, expect, it } from 'vitest';
import { ADMIN, clock, HOUR, memoryDb, quietLogger, testAuth, type LogLine } from './helpers.js';

describe('first-start setup token', () => {
  it('exists only while no administrator does, and works once', async () => {
    const db = memoryDb();
    const c = clock();
    const auth = testAuth(db, c);
    expect(auth.setupRequired()).toBe(true);
    const token = auth.ensureSetupToken()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    // only its hash is stored
    expect(JSON.stringify(db.prepare('SELECT * FROM meta').all())).not.toContain(token);

    const r = await auth.setup({ token, ...ADMIN }, '10.0.0.2');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.user).toMatchObject({ login: 'directrice', role: 'admin', via: 'password' });
    expect(auth.setupRequired()).toBe(false);
    expect(auth.ensureSetupToken()).toBeNull();

    const again = await auth.setup({ token, ...ADMIN, login: 'intrus' }, '10.0.0.9');
    expect(again.ok).toBe(false);
    if (!again.ok) expect([again.problem.statusCode, again.problem.code]).toEqual([401, 'RELAIS_AUTH_SETUP_INVALID']);
    expect(auth.users.list().map((u) => u.login)).toEqual(['directrice']);
    expect(auth.counters().failures.setup).toBe(1);
    expect(auth.counters().signIns.setup).toBe(1);
  });

  it('a wrong token is refused and counted; a typo in the form does not burn the right one', async () => {
    const auth = testAuth(memoryDb(), clock());
    const token = auth.ensureSetupToken()!;
    const wrong = await auth.setup({ token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), ...ADMIN }, '10.0.0.2');
    expect(wrong.ok).toBe(false);
    await expect(auth.setup({ token, ...ADMIN, password: 'court' }, '10.0.0.2')).rejects.toMatchObject({ statusCode: 400 });
    expect((await auth.setup({ token, ...ADMIN }, '10.0.0.2')).ok).toBe(true);
    expect(auth.counters().failures.setup).toBe(1);
  });

  it('expires after 24 h (injected clock)', async () => {
    const c = clock();
    const auth = testAuth(memoryDb(), c);
    const token = auth.ensureSetupToken()!;
    c.advance(24 * HOUR);
    const r = await auth.setup({ token, ...ADMIN }, '10.0.0.2');
    expect(r.ok).toBe(false);
    // a restart prints a new one, and the old one stays dead
    const fresh = auth.ensureSetupToken()!;
    expect(fresh).not.toBe(token);
    expect((await auth.setup({ token, ...ADMIN }, '10.0.0.2')).ok).toBe(false);
    expect((await auth.setup({ token: fresh, ...ADMIN }, '10.0.0.2')).ok).toBe(true);
  });

  it('two concurrent setups with the same token make one administrator', async () => {
    const auth = testAuth(memoryDb(), clock());
    const token = auth.ensureSetupToken()!;
    const [a, b] = await Promise.all([
      auth.setup({ token, ...ADMIN }, '10.0.0.2'),
      auth.setup({ token, ...ADMIN, login: 'autre' }, '10.0.0.3'),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(auth.users.activeAdmins()).toBe(1);
  });

  it('logs who was created, never the password', async () => {
    const lines: LogLine[] = [];
    const auth = testAuth(memoryDb(), clock(), { logger: quietLogger(lines) });
    await auth.setup({ token: auth.ensureSetupToken()!, ...ADMIN }, '10.0.0.2');
    expect(JSON.stringify(lines)).not.toContain(ADMIN.password);
    expect(lines.some((l) => l.level === 'info')).toBe(true);
  });
});
