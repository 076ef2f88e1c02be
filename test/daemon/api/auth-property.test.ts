// Whatever a student types or sends, the sign-in routes answer 400 or 401, never 500.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ADMIN } from '../auth/helpers.js';
import { authApp } from './auth-app.js';

const noLockout = { lockout: { login: { maxFailures: 1e9 }, ip: { maxFailures: 1e9 } } };

describe('sign-in routes never crash', () => {
  it('random login and password strings → 400 or 401', async () => {
    const t = await authApp({ auth: noLockout });
    await t.auth.setup({ token: t.auth.ensureSetupToken()!, ...ADMIN }, '10.0.0.2');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80, unit: 'binary' }), fc.string({ maxLength: 300, unit: 'binary' }), async (login, password) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
        expect([400, 401]).toContain(res.statusCode);
        expect(res.json().error.code).toMatch(/^RELAIS_(API_BAD_REQUEST|AUTH_FAILED)$/);
        const pin = await t.app.inject({ method: 'POST', url: '/api/auth/pin', payload: { login, pin: password.slice(0, 20) } });
        expect([400, 401]).toContain(pin.statusCode);
      }),
      { numRuns: 150 },
    );
    expect(t.auth.counters().failures.password).toBeGreaterThan(0);
  });

  it('random JSON bodies, raw bytes and headers → 4xx, never 500', async () => {
    const t = await authApp({ auth: noLockout });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/auth/login', '/api/auth/pin', '/api/auth/setup', '/api/auth/logout', '/api/users'),
        fc.oneof(fc.jsonValue(), fc.record({ login: fc.anything(), password: fc.anything(), pin: fc.anything(), token: fc.anything() })),
        fc.string({ maxLength: 60 }),
        async (url, body, cookie) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', cookie: `relais_session=${cookie}` };
          if (cookie.startsWith('B')) headers.authorization = cookie;
          const res = await t.app.inject({ method: 'POST', url, payload: JSON.stringify(body) ?? 'null', headers });
          expect(res.statusCode).toBeGreaterThanOrEqual(200);
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    const garbage = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"login":', headers: { 'content-type': 'application/json' } });
    expect(garbage.statusCode).toBe(400);
  });

  it('with the real lockout limits, the answers are 400, 401 or 429', async () => {
    const t = await authApp();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (login, password) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
        expect([400, 401, 429]).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
    expect(t.auth.counters().lockouts.ip).toBeGreaterThan(0);
  });
});
