import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../daemon/store/db.js';
import { ADMIN, clock, memoryDb, MIN, quietLogger, tempDb, testAuth, withAdmin, type LogLine } from './helpers.js';

const IP = '10.0.0.7';

async function withCook(db: Db, c = clock(), over = {}) {
  const { auth } = await withAdmin(db, c, over);
  await auth.users.create({ login: 'cuisine1', name: 'Cuisinier', role: 'kitchen', password: 'une passe de cuisine', pin: '4826' });
  return auth;
}

describe('password and PIN sign-in', () => {
  it('accepts the right secrets and refuses the wrong ones with one generic answer', async () => {
    const auth = await withCook(memoryDb());
    const ok = await auth.verifyPassword('Directrice', ADMIN.password, IP); // logins are case-insensitive
    expect(ok.ok && ok.user).toMatchObject({ login: 'directrice', role: 'admin', via: 'password' });
    const pin = await auth.verifyPin('cuisine1', '4826', IP);
    expect(pin.ok && pin.user).toMatchObject({ login: 'cuisine1', role: 'kitchen', via: 'pin' });

    const answers = [
      await auth.verifyPassword('directrice', 'mauvais mot de passe', IP),
      await auth.verifyPassword('personne', 'mauvais mot de passe', IP),
      await auth.verifyPin('cuisine1', '0001', IP),
      await auth.verifyPin('personne', '4826', IP),
      await auth.verifyPin('directrice', '4826', IP), // no PIN at all
      await auth.verifyPassword('cuisine1', '4826', IP), // a PIN is not a password
    ];
    const shapes = answers.map((a) => (a.ok ? 'ok' : [a.problem.statusCode, a.problem.code, a.problem.message]));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toEqual([401, 'RELAIS_AUTH_FAILED', 'wrong login or password, or wrong PIN']);
    expect(auth.counters().failures).toMatchObject({ password: 3, pin: 3 });
    expect(auth.counters().signIns).toMatchObject({ password: 1, pin: 1 });
  });

  it('a disabled user cannot sign in', async () => {
    const auth = await withCook(memoryDb());
    const cook = auth.users.list().find((u) => u.login === 'cuisine1')!;
    await auth.users.update(cook.id, { disabled: true });
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(false);
    expect((await auth.verifyPassword('cuisine1', 'une passe de cuisine', IP)).ok).toBe(false);
  });
});

describe('lockout', () => {
  let tmp: ReturnType<typeof tempDb> | null = null;
  afterEach(() => {
    tmp?.cleanup();
    tmp = null;
  });

  it('5 wrong PINs lock the login 15 min, even for the right PIN; then 30 min', async () => {
    const c = clock();
    const lines: LogLine[] = [];
    const auth = await withCook(memoryDb(), c, { logger: quietLogger(lines) });
    for (let i = 0; i < 5; i++) expect((await auth.verifyPin('cuisine1', `90${i}7`, IP)).ok).toBe(false);
    const r = await auth.verifyPin('cuisine1', '4826', IP);
    expect(!r.ok && [r.problem.statusCode, r.problem.code, r.problem.retryAfterS]).toEqual([429, 'RELAIS_AUTH_LOCKED', 900]);
    // other logins from the same tablet still work
    expect((await auth.verifyPassword('directrice', ADMIN.password, IP)).ok).toBe(true);
    c.advance(15 * MIN - 1000);
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(false);
    c.advance(1000);
    // the lock is over, but the next run of 5 failures locks twice as long
    for (let i = 0; i < 5; i++) await auth.verifyPin('cuisine1', `91${i}7`, IP);
    const r2 = await auth.verifyPin('cuisine1', '4826', IP);
    expect(!r2.ok && r2.problem.retryAfterS).toBe(1800);
    c.advance(30 * MIN);
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(true);
    expect(auth.counters()).toMatchObject({ lockouts: { login: 2, ip: 0 }, lockedRefusals: 3 });
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('an unknown login locks the same way (the lock reveals nothing)', async () => {
    const auth = await withCook(memoryDb());
    for (let i = 0; i < 5; i++) await auth.verifyPassword('fantome', 'nimporte quoi', IP);
    const r = await auth.verifyPassword('fantome', 'nimporte quoi', IP);
    expect(!r.ok && r.problem.statusCode).toBe(429);
  });

  it('survives a restart: a new auth on the same database file is still locked', async () => {
    tmp = tempDb();
    const c = clock();
    const db1 = tmp.open();
    const auth1 = await withCook(db1, c);
    for (let i = 0; i < 5; i++) await auth1.verifyPin('cuisine1', '0000', IP);
    db1.close();

    const db2 = tmp.open();
    const auth2 = testAuth(db2, c);
    const r = await auth2.verifyPin('cuisine1', '4826', IP);
    expect(!r.ok && r.problem.code).toBe('RELAIS_AUTH_LOCKED');
    c.advance(15 * MIN);
    expect((await auth2.verifyPin('cuisine1', '4826', IP)).ok).toBe(true);
    db2.close();
  });

  it('one address trying many logins is locked after 20 failures', async () => {
    const auth = await withCook(memoryDb());
    for (let i = 0; i < 20; i++) await auth.verifyPin(`eleve${i}`, '1111', '10.9.9.9');
    const r = await auth.verifyPassword('directrice', ADMIN.password, '10.9.9.9');
    expect(!r.ok && r.problem.code).toBe('RELAIS_AUTH_LOCKED');
    expect((await auth.verifyPassword('directrice', ADMIN.password, '10.0.0.2')).ok).toBe(true);
    expect(auth.counters().lockouts.ip).toBe(1);
  });

  it('a success clears the login counter; an admin can unlock; a new PIN unlocks', async () => {
    const auth = await withCook(memoryDb());
    for (let i = 0; i < 4; i++) await auth.verifyPin('cuisine1', '0000', IP);
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await auth.verifyPin('cuisine1', '0000', IP);
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(true); // 4 + 4 never made 5

    const cook = auth.users.list().find((u) => u.login === 'cuisine1')!;
    for (let i = 0; i < 5; i++) await auth.verifyPin('cuisine1', '0000', IP);
    auth.users.unlock(cook.id);
    expect((await auth.verifyPin('cuisine1', '4826', IP)).ok).toBe(true);
    for (let i = 0; i < 5; i++) await auth.verifyPin('cuisine1', '0000', IP);
    await auth.users.update(cook.id, { pin: '7391' });
    expect((await auth.verifyPin('cuisine1', '7391', IP)).ok).toBe(true);
  });

  it('parallel guesses for one login are not all checked at once', async () => {
    const auth = await withCook(memoryDb());
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => auth.verifyPin('cuisine1', `55${i}0`, `10.2.0.${i}`)));
    expect(rs.filter((r) => !r.ok && r.problem.statusCode === 429).length).toBe(9);
  });
});
