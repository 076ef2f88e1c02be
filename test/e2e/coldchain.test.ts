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

const get = async (p: string) => (await fetch(`${site.daemon.apiUrl}${p}`)).json() as Promise<any>;

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

  it('classroom CO2 shows on the rooms API', async () => {
    const pub = await mqtt.connectAsync(site.daemon.mqttUrl);
    await pub.publishAsync('relais/sensors/co2-cp', JSON.stringify({ co2: 1650 }), { qos: 1 });
    await pub.endAsync();
    await waitFor(async () => (await get('/api/air/rooms')).rooms[0].metrics.co2.value === 1650, 5000);
    const room = (await get('/api/air/rooms')).rooms[0];
    expect(room.metrics.co2.level).toBe('insufficient');
  });
});
