// The cold chain through the daemon: a failing freezer's readings arrive over MQTT and raise an
// alarm at the right time; staff enter manual readings and start a cooling cycle with their role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';

let site: TestSite;
const sensorsYaml = `sensors:
  - { id: sonde-congel, name: Sonde congélateur, source: mqtt }
  - { id: sonde-frigo, name: Sonde frigo, source: mqtt }
  - { id: co2-cp, name: CO2 CP, source: mqtt }
equipment:
  - { id: congelateur, name: Congélateur, kind: freezer, sensors: [sonde-congel], graceMinutes: 0 }
  - { id: frigo, name: Frigo, kind: fridge, sensors: [sonde-frigo] }
rooms:
  - { id: cp, name: Salle de CP, sensors: [co2-cp] }
`;

const get = async (p: string, cookie?: string) => (await fetch(`${site.daemon.apiUrl}${p}`, { headers: cookie ? { cookie } : {} })).json() as Promise<any>;

beforeAll(async () => {
  site = await startTestSite({ sensorsYaml });
});
afterAll(async () => site?.stop());

describe('cold chain in the daemon', () => {
  it('a freezer out of range alarms when its grace has run out (none here); a short fridge door opening does not', async () => {
    const pub = await mqtt.connectAsync(site.daemon.mqttUrl);
    const send = (sensor: string, temperature: number) => pub.publishAsync(`relais/sensors/${sensor}`, JSON.stringify({ temperature }), { qos: 1 });
    await send('sonde-congel', -20);
    await send('sonde-frigo', 3.1);
    await send('sonde-frigo', 6.0); // door open: within the fridge's 20-minute grace
    await send('sonde-frigo', 3.4);
    await waitFor(async () => (await get('/api/coldchain/equipment')).equipment.find((e: any) => e.id === 'congelateur').status === 'ok', 5000);
    await send('sonde-congel', -12.5);
    await pub.endAsync();
    await waitFor(async () => (await get('/api/coldchain/equipment')).equipment.find((e: any) => e.id === 'congelateur').status === 'alarm', 5000);
    const eq = (await get('/api/coldchain/equipment')).equipment;
    const freezer = eq.find((e: any) => e.id === 'congelateur');
    expect(freezer.open[0]).toMatchObject({ kind: 'temperature', extreme: -12.5 });
    expect(eq.find((e: any) => e.id === 'frigo').status).not.toBe('alarm');
    expect(site.daemon.store.queryEvents({ kind: 'coldchain.incident.alarm' })).toHaveLength(1);
    // the door opening is on record, without an alarm
    const fridgeOpened = site.daemon.store.queryEvents({ kind: 'coldchain.incident.opened' }).filter((e) => (e.data as any).equipmentId === 'frigo');
    expect(fridgeOpened).toHaveLength(1);
  });

  it('refuses manual readings and cooling cycles without the kitchen role', async () => {
    const r = await fetch(`${site.daemon.apiUrl}/api/coldchain/manual-readings`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-relais': '1' }, body: JSON.stringify({ equipmentId: 'frigo', value: 3.5 }),
    });
    expect(r.status).toBe(401);
    const c = await fetch(`${site.daemon.apiUrl}/api/coldchain/cycles`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-relais': '1' }, body: JSON.stringify({ kind: 'cooling', equipmentId: 'frigo', batch: 'x' }),
    });
    expect(c.status).toBe(401);
  });

  it('the alarm is published on MQTT, acknowledged by a cook with a corrective action, and chained in the register', async () => {
    const sub = await mqtt.connectAsync(site.daemon.mqttUrl);
    const got = new Promise<any>((resolve) => sub.on('message', (_t, p) => p.length > 0 && resolve(JSON.parse(p.toString()))));
    await sub.subscribeAsync('relais/alarms/congelateur', { qos: 1 });
    const retained = await got; // retained while the alarm is open
    await sub.endAsync();
    expect(retained).toMatchObject({ equipment: 'congelateur', state: 'active' });
    const post = (path: string, body: unknown, cookie?: string) => fetch(`${site.daemon.apiUrl}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-relais': '1', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body),
    });
    expect((await fetch(`${site.daemon.apiUrl}/api/alarms`)).status).toBe(401);
    const token = site.logs.join('').match(/token\W+([A-Za-z0-9_-]{20,})/)![1];
    await post('/api/auth/setup', { token, login: 'admin', name: 'Admin', password: 'un mot de passe long' });
    const admin = (await post('/api/auth/login', { login: 'admin', password: 'un mot de passe long' })).headers.get('set-cookie')!.split(';')[0];
    await post('/api/users', { login: 'nadia', name: 'Nadia', role: 'kitchen', password: 'cuisine-mot-de-passe' }, admin);
    const cook = (await post('/api/auth/login', { login: 'nadia', password: 'cuisine-mot-de-passe' })).headers.get('set-cookie')!.split(';')[0];
    const open = await get('/api/alarms?open=true', cook);
    const alarm = open.alarms.find((a: any) => a.equipmentId === 'congelateur');
    expect(alarm).toBeTruthy();
    expect((await post(`/api/alarms/${encodeURIComponent(alarm.id)}/ack`, { action: 'product_moved', text: 'x' })).status).toBe(401);
    expect((await post(`/api/alarms/${encodeURIComponent(alarm.id)}/ack`, { action: 'teleport', text: '' }, cook)).status).toBe(400);
    const ack = await post(`/api/alarms/${encodeURIComponent(alarm.id)}/ack`, { action: 'product_moved', text: 'Produits passés dans le congélateur de la réserve' }, cook);
    expect(ack.status).toBe(200);
    const records = await get('/api/haccp/records?equipment=congelateur', cook);
    const ackRec = records.records.find((r: any) => r.kind === 'alarm.ack');
    expect(ackRec).toMatchObject({ userLogin: 'nadia' });
    expect((await get('/api/haccp/verify', cook)).ok).toBe(true);
  });

  it('classroom CO2 shows on the rooms API', async () => {
    const pub = await mqtt.connectAsync(site.daemon.mqttUrl);
    await pub.publishAsync('relais/sensors/co2-cp', JSON.stringify({ co2: 1650 }), { qos: 1 });
    await pub.endAsync();
    await waitFor(async () => (await get('/api/air/rooms')).rooms[0].metrics.co2.value === 1650, 5000);
    const room = (await get('/api/air/rooms')).rooms[0];
    expect(room.metrics.co2.level).toBe('insufficient');
  });
});
