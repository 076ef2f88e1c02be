// The building through the real API: nothing moves without an authenticated user with the right
// role; fire and lockdown with their latches; the audit names who did what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startTestSite, type TestSite } from '../helpers/site.js';

let site: TestSite;
const building = fs.readFileSync('examples/building-site.yaml', 'utf8').split('\ngpio:')[1];
const extraYaml = `gpio:${building.replace('backend: auto', 'backend: simulated').replace('      schoolDaysOnly: true\n', '')}`;

interface Res { status: number; body: any; cookie: string | null }
async function call(method: string, path: string, opts: { body?: unknown; cookie?: string | null; csrf?: boolean } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf !== false) headers['x-relais'] = '1';
  const r = await fetch(`${site.daemon.apiUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  const set = r.headers.get('set-cookie');
  return { status: r.status, body: text ? JSON.parse(text) : null, cookie: set ? set.split(';')[0] : null };
}

let admin: string;
let caretaker: string;
let kitchen: string;
const relay = async (line: number) => ((await call('GET', '/api/gpio/simulated', { cookie: admin })).body.lines as Array<{ line: number; value: number }>).find((l) => l.line === line)!.value;

beforeAll(async () => {
  site = await startTestSite({ extraYaml, sensorsYaml: 'sensors: []\n' });
  const token = site.logs.join('').match(/token\W+([A-Za-z0-9_-]{20,})/)![1];
  expect((await call('GET', '/api/auth/setup')).body.required).toBe(true);
  const setup = await call('POST', '/api/auth/setup', { body: { token, login: 'admin', name: 'Admin Ville', password: 'correct horse battery' } });
  expect(setup.status).toBeLessThan(300);
  admin = (await call('POST', '/api/auth/login', { body: { login: 'admin', password: 'correct horse battery' } })).cookie!;
  for (const [login, role] of [['paul', 'caretaker'], ['lea', 'kitchen']]) {
    const r = await call('POST', '/api/users', { cookie: admin, body: { login, name: login, role, password: `${login}-mot-de-passe-long` } });
    expect(r.status).toBe(201);
  }
  caretaker = (await call('POST', '/api/auth/login', { body: { login: 'paul', password: 'paul-mot-de-passe-long' } })).cookie!;
  kitchen = (await call('POST', '/api/auth/login', { body: { login: 'lea', password: 'lea-mot-de-passe-long' } })).cookie!;
});
afterAll(async () => site?.stop());

describe('building API', () => {
  it('the setup token works once only', async () => {
    const token = site.logs.join('').match(/token\W+([A-Za-z0-9_-]{20,})/)![1];
    const again = await call('POST', '/api/auth/setup', { body: { token, login: 'intrus', name: 'X', password: 'another long password' } });
    expect(again.status).toBe(401);
  });

  it('refuses anonymous and wrong-role commands, and moves nothing', async () => {
    const before = await relay(26);
    const anon = await call('POST', '/api/actuators/porte-entree/commands', { body: { action: 'unlock' } });
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('RELAIS_AUTH_REQUIRED');
    const cook = await call('POST', '/api/actuators/porte-entree/commands', { cookie: kitchen, body: { action: 'unlock' } });
    expect(cook.status).toBe(403);
    const noCsrf = await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'unlock' }, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(await relay(26)).toBe(before);
    expect((await call('GET', '/api/actuators')).status).toBe(401);
  });

  it('a caretaker unlocks the door; the audit names him; the relay moved', async () => {
    const r = await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'unlock' } });
    expect(r.status).toBe(200);
    expect(r.body.actuators[0]).toMatchObject({ id: 'porte-entree', state: 'unlocked', layer: 'command', origin: 'paul' });
    expect(await relay(26)).toBe(1); // egress, active low: de-energised = unlocked
    const audit = await call('GET', '/api/audit?device=porte-entree', { cookie: admin });
    expect(audit.body.audit.at(-1).data).toMatchObject({ to: 'unlocked', origin: 'paul', user: { login: 'paul', role: 'caretaker' } });
    expect((await call('GET', '/api/audit', { cookie: caretaker })).status).toBe(403);
  });

  it('streams actuations as server-sent events to a signed-in screen', async () => {
    expect((await fetch(`${site.daemon.apiUrl}/api/events`)).status).toBe(401);
    const ctl = new AbortController();
    const res = await fetch(`${site.daemon.apiUrl}/api/events`, { headers: { cookie: caretaker }, signal: ctl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await call('POST', '/api/actuators/preau/commands', { cookie: caretaker, body: { action: 'on' } });
    let text = '';
    while (!text.includes('event: actuation.light')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/data: \{"seq":\d+,"kind":"actuation.light"/);
    ctl.abort();
  });

  it('rejects bad commands with a clear error', async () => {
    expect((await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'openFor', durationS: 3600 } })).status).toBe(400);
    const unknown = await call('POST', '/api/actuators/garage/commands', { cookie: caretaker, body: { action: 'unlock' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RELAIS_API_UNKNOWN_DEVICE');
    const big = await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'unlock', pad: 'x'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
  });

  it('fire wins, stays latched until the input clears and someone resets it', async () => {
    await call('POST', '/api/gpio/simulated/5', { cookie: admin, body: { level: 0 } });
    const s = await call('GET', '/api/safety', { cookie: caretaker });
    expect(s.body.fire.active).toBe(true);
    const lock = await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'lock' } });
    expect(lock.body.actuators[0]).toMatchObject({ state: 'unlocked', layer: 'fire' });
    expect((await call('POST', '/api/safety/fire/reset', { cookie: caretaker })).status).toBe(409);
    await call('POST', '/api/gpio/simulated/5', { cookie: admin, body: { level: 1 } });
    expect((await call('POST', '/api/safety/fire/reset', { cookie: kitchen })).status).toBe(403);
    const reset = await call('POST', '/api/safety/fire/reset', { cookie: caretaker });
    expect(reset.status).toBe(200);
    expect(reset.body.fire).toMatchObject({ active: false, resetBy: 'paul' });
    const list = await call('GET', '/api/actuators', { cookie: caretaker });
    expect(list.body.actuators.find((a: { id: string }) => a.id === 'porte-entree')).toMatchObject({ state: 'locked', layer: 'command' });
  });

  it('a lockdown from the screen locks the designated doors', async () => {
    await call('POST', '/api/actuators/porte-entree/commands', { cookie: caretaker, body: { action: 'unlock' } });
    const r = await call('POST', '/api/safety/lockdown', { cookie: caretaker });
    expect(r.body.lockdown.active).toBe(true);
    const list = await call('GET', '/api/actuators', { cookie: caretaker });
    expect(list.body.actuators.find((a: { id: string }) => a.id === 'porte-entree')).toMatchObject({ state: 'locked', layer: 'lockdown' });
    expect((await call('POST', '/api/safety/lockdown/reset', { cookie: caretaker })).status).toBe(200);
  });

  it('locks a login out after repeated wrong passwords', async () => {
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await call('POST', '/api/auth/login', { body: { login: 'lea', password: 'wrong wrong wrong' } })).status;
    expect(last).toBe(429);
    const good = await call('POST', '/api/auth/login', { body: { login: 'lea', password: 'lea-mot-de-passe-long' } });
    expect(good.status).toBe(429);
  });
});
