// The alarm and HACCP routes with a stand-in for the auth plugin: 401/403 are its job (tested in
// test/daemon/api); here we check which permission each route asks for and what it answers.
import Fastify, { type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { describe, expect, it } from 'vitest';
import { alarmRoutes } from '../../../daemon/api/alarms.js';
import { AlarmService } from '../../../daemon/alarms/service.js';
import { HaccpRegister } from '../../../daemon/haccp/records.js';
import { behindTheBack, memoryDb } from '../haccp/helpers.js';
import { T0, at, incident } from './helpers.js';

async function build() {
  let now = T0;
  const db = memoryDb();
  const register = new HaccpRegister({ db, bootId: 'boot-1', now: () => now, clockTrusted: () => true });
  const published: string[] = [];
  const alarms = new AlarmService({
    register,
    publish: (topic, payload) => void published.push(`${topic} ${payload}`),
    setOutput: () => undefined,
    config: { outputs: { primary: 'buzzer' } },
    now: () => now,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  const asked: string[] = [];
  const app = Fastify({ ajv: { customOptions: { coerceTypes: true, removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  // the same error handler as daemon/api/server.ts
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string; validation?: unknown }, _req, reply) => {
    const code = err.validation ? 'RELAIS_API_BAD_REQUEST' : (err.code ?? 'RELAIS_API_ERROR');
    return reply.status(err.statusCode ?? 500).send({ error: { code, message: err.message } });
  });
  await app.register(alarmRoutes, {
    alarms,
    register,
    require: (permission: string) => async (req: FastifyRequest) => void asked.push(`${req.method} ${req.routeOptions.url} ${permission}`),
    userOf: (req: FastifyRequest) => ({ id: 7, login: String(req.headers['x-user'] ?? 'marie'), role: String(req.headers['x-role'] ?? 'kitchen') }),
  });
  await app.ready();
  return { app, alarms, register, db, asked, published, setNow: (t: number) => void (now = t) };
}

describe('alarm routes', () => {
  it('asks each route for its permission', async () => {
    const { app, asked } = await build();
    await app.inject({ method: 'GET', url: '/api/alarms' });
    await app.inject({ method: 'POST', url: '/api/alarms/x/ack', payload: { action: 'door_closed' } });
    await app.inject({ method: 'POST', url: '/api/alarms/x/silence' });
    await app.inject({ method: 'GET', url: '/api/haccp/records' });
    await app.inject({ method: 'GET', url: '/api/haccp/verify' });
    expect(asked).toEqual([
      'GET /api/alarms view',
      'POST /api/alarms/:id/ack alarm.ack',
      'POST /api/alarms/:id/silence alarm.ack',
      'GET /api/haccp/records view',
      'GET /api/haccp/verify view',
    ]);
  });

  it('lists alarms (open only on request) with the corrective actions the form offers', async () => {
    const { app, alarms } = await build();
    const a = incident('frigo-1');
    alarms.onIncidentEvent(a.alarm(T0));
    alarms.onIncidentEvent(a.closed(at(5)));
    alarms.onIncidentEvent(incident('congel-2').alarm(at(6)));
    const all = (await app.inject({ method: 'GET', url: '/api/alarms' })).json();
    expect(all.alarms.map((x: { equipmentId: string }) => x.equipmentId)).toEqual(['congel-2', 'frigo-1']);
    expect(all.actions[0]).toEqual({ id: 'product_moved', fr: 'Denrées transférées dans un autre équipement froid', en: 'Food moved to another cold unit' });
    expect(all.actions).toHaveLength(6);
    const open = (await app.inject({ method: 'GET', url: '/api/alarms?open=true' })).json();
    expect(open.alarms).toMatchObject([{ equipmentId: 'congel-2', state: 'active', level: 1, since: new Date(at(6)).toISOString(), needsAction: true }]);
    expect((await app.inject({ method: 'GET', url: '/api/alarms?open=maybe' })).statusCode).toBe(400);
  });

  it('acknowledges: 200 with the alarm, 400 for an unknown action, 404 for an unknown alarm, 409 when done', async () => {
    const { app, alarms, register, setNow } = await build();
    alarms.onIncidentEvent(incident().alarm(T0));
    const id = alarms.list()[0].id;
    setNow(at(9));
    const post = (url: string, payload: unknown, headers = {}) => app.inject({ method: 'POST', url, payload: payload as object, headers });
    const unknown = await post(`/api/alarms/${id}/ack`, { action: 'prayed' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('RELAIS_ALARM_BAD_ACTION');
    expect((await post(`/api/alarms/${id}/ack`, { text: 'no action' })).json()).toMatchObject({ error: { code: 'RELAIS_API_BAD_REQUEST' } });
    expect((await post('/api/alarms/nope/ack', { action: 'door_closed' })).json()).toMatchObject({ error: { code: 'RELAIS_ALARM_UNKNOWN' } });
    expect((await post(`/api/alarms/${id}/ack`, { action: 'door_closed' }, { 'x-user': 'token:nagios', 'x-role': 'admin' })).statusCode).toBe(403);
    const ok = await post(`/api/alarms/${id}/ack`, { action: 'other', text: 'Joint de porte changé' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().alarm).toMatchObject({ id, state: 'acknowledged', ack: { by: 'marie', role: 'kitchen', at: new Date(at(9)).toISOString(), action: 'other', text: 'Joint de porte changé' } });
    const again = await post(`/api/alarms/${id}/ack`, { action: 'door_closed' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RELAIS_ALARM_ALREADY_ACKNOWLEDGED');
    expect(register.list({ kinds: ['alarm.ack'] })).toMatchObject([{ userLogin: 'marie', payload: { action: 'other', text: 'Joint de porte changé' } }]);
  });

  it('silences an open alarm and answers 409 once it is closed', async () => {
    const { app, alarms, published } = await build();
    const inc = incident();
    alarms.onIncidentEvent(inc.alarm(T0));
    const id = alarms.list()[0].id;
    const r = await app.inject({ method: 'POST', url: `/api/alarms/${id}/silence` });
    expect(r.json().alarm).toMatchObject({ state: 'silenced', silenced: { by: 'marie' } });
    expect(published.at(-1)).toContain('"state":"silenced"');
    alarms.onIncidentEvent(inc.recovered(at(30)));
    expect(published.at(-1)).toBe('relais/alarms/frigo-1 ');
    const closed = await app.inject({ method: 'POST', url: `/api/alarms/${id}/silence` });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('RELAIS_ALARM_CLOSED');
  });

  it('answers 500 with the store code when the register cannot take an acknowledgement', async () => {
    const { app, alarms, db } = await build();
    alarms.onIncidentEvent(incident().alarm(T0));
    const id = alarms.list()[0].id;
    db.pragma('query_only = ON'); // a read-only SD card
    const r = await app.inject({ method: 'POST', url: `/api/alarms/${id}/ack`, payload: { action: 'door_closed' } });
    expect(r.statusCode).toBe(500);
    expect(r.json().error.code).toBe('RELAIS_STORE_WRITE');
    db.pragma('query_only = OFF');
    expect(alarms.get(id)!.state).toBe('active');
  });

  it('lists register records by time and equipment, and verifies the chain', async () => {
    const { app, register, db } = await build();
    for (let i = 0; i < 6; i++) register.append({ kind: 'manual_reading', ts: at(i * 10), equipmentId: i % 2 ? 'frigo-1' : 'congel-2', userLogin: 'marie', payload: { value: i } });
    const q = `/api/haccp/records?from=${new Date(at(10)).toISOString()}&to=${at(50)}&equipment=frigo-1`;
    const r = (await app.inject({ method: 'GET', url: q })).json();
    expect(r.records.map((x: { seq: number }) => x.seq)).toEqual([2, 4]);
    expect(r.records[0]).toMatchObject({ ts: new Date(at(10)).toISOString(), kind: 'manual_reading', equipmentId: 'frigo-1', userLogin: 'marie', payload: { value: 1 }, clockTrusted: true });
    expect(r.records[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const kinds = (await app.inject({ method: 'GET', url: '/api/haccp/records?kind=alarm.ack,manual_reading&order=desc&limit=2' })).json();
    expect(kinds.records.map((x: { seq: number }) => x.seq)).toEqual([6, 5]);
    const bad = await app.inject({ method: 'GET', url: '/api/haccp/records?from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('RELAIS_API_BAD_REQUEST');
    expect((await app.inject({ method: 'GET', url: `/api/haccp/records?from=${at(50)}&to=${at(10)}` })).statusCode).toBe(400);

    const v = (await app.inject({ method: 'GET', url: '/api/haccp/verify' })).json();
    expect(v).toMatchObject({ ok: true, count: 6, guarded: true, head: { seq: 6 } });
    expect(v.summary).toMatch(/^Registre HACCP intègre : 6 /);
    behindTheBack(db, "UPDATE haccp_records SET payload = '{\"value\":99}' WHERE seq = 3");
    const broken = (await app.inject({ method: 'GET', url: '/api/haccp/verify' })).json();
    expect(broken).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'hash_mismatch' });
  });
});
