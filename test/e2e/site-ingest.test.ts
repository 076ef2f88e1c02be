// The site daemon end to end: real embedded broker, real SQLite file, real HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import mqtt from 'mqtt';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';

let site: TestSite;
let pub: mqtt.MqttClient;

const get = async (p: string) => {
  const r = await fetch(`${site.daemon.apiUrl}${p}`);
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
};
const readings = async (q: string) => JSON.parse((await get(`/api/readings?${q}`)).text).readings as Array<{ sensor: string; metric: string; value: number; unit: string; ts: string }>;

beforeAll(async () => {
  site = await startTestSite();
  pub = await mqtt.connectAsync(site.daemon.mqttUrl, { clientId: 'e2e-pub' });
});
afterAll(async () => {
  await pub?.endAsync();
  await site?.stop();
});

describe('site daemon ingest', () => {
  it('stores a ChirpStack v4 uplink decoded with the built-in EM300-TH decoder', async () => {
    // 01 75 5c: battery 92 %; 03 67 1e 00: 3.0 °C; 04 68 90: 72 %RH
    const data = Buffer.from('01755c03671e00046890', 'hex').toString('base64');
    await pub.publishAsync('application/app-1/device/24e124128c147204/event/up', JSON.stringify({
      deviceInfo: { devEui: '24e124128c147204', applicationId: 'app-1' }, fCnt: 7, fPort: 85, data,
    }), { qos: 1 });
    await waitFor(async () => (await readings('sensor=frigo-1')).length === 3);
    const rows = await readings('sensor=frigo-1');
    expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({ battery: 92, temperature: 3, humidity: 72 });
    expect(rows.find((r) => r.metric === 'temperature')!.unit).toBe('°C');
  });

  it('drops the retransmission of the same (devEui, fCnt)', async () => {
    const data = Buffer.from('03672800', 'hex').toString('base64'); // 4.0 °C
    const msg = JSON.stringify({ deviceInfo: { devEui: '24e124128c147204' }, fCnt: 8, fPort: 85, data });
    await pub.publishAsync('application/app-1/device/24e124128c147204/event/up', msg, { qos: 1 });
    await pub.publishAsync('application/app-1/device/24e124128c147204/event/up', msg, { qos: 1 });
    await waitFor(async () => (await readings('sensor=frigo-1&metric=temperature')).some((r) => r.value === 4));
    await site.daemon.store.flush();
    expect((await readings('sensor=frigo-1&metric=temperature')).filter((r) => r.value === 4)).toHaveLength(1);
    expect(site.daemon.pipeline.counters.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('turns the Dragino "no probe" value into a sensor fault, never a reading', async () => {
    // battery 3.0 V, SHT -19.5 °C, 60 %RH, probe type 1 with 0x7FFF (327.67 °C)
    const b = Buffer.from('cbb8f86202580 17fff7fff'.replace(/ /g, ''), 'hex');
    await pub.publishAsync('application/app-1/device/a84041000000d3e0/event/up', JSON.stringify({
      deviceInfo: { devEui: 'a84041000000d3e0' }, fCnt: 1, fPort: 2, data: b.toString('base64'),
    }), { qos: 1 });
    await waitFor(async () => JSON.parse((await get('/api/sensors/congel-1')).text).state === 'fault');
    const rows = await readings('sensor=congel-1&metric=temperature');
    expect(rows).toHaveLength(0); // the internal sensor reads the room, not the cabinet
    const events = site.daemon.store.queryEvents({ sensorId: 'congel-1' });
    expect(events.some((e) => e.kind === 'sensor.fault')).toBe(true);
  });

  it('stores Zigbee2MQTT and plain MQTT readings and serves them as JSON and CSV', async () => {
    await pub.publishAsync('zigbee2mqtt/salle-cp', JSON.stringify({ co2: 950, temperature: 21.5, humidity: 48, linkquality: 90 }), { qos: 1 });
    await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: 18.2 }), { qos: 1 });
    await waitFor(async () => (await readings('sensor=salle-cp')).length === 3 && (await readings('sensor=couloir')).length === 1);
    const csv = await get('/api/readings?sensor=salle-cp&metric=co2&format=csv');
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('sensor,metric,value,unit,ts,local_time (Europe/Paris)');
    expect(lines[1]).toMatch(/^salle-cp,co2,950,ppm,\d{4}-\d{2}-\d{2}T.*Z,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('rejects bad input by reason, stores nothing from it, and keeps ingesting', async () => {
    const before = site.daemon.store.stats().rowsCommitted;
    await pub.publishAsync('relais/sensors/couloir', '{not json', { qos: 1 });
    await pub.publishAsync('relais/sensors/inconnu', JSON.stringify({ temperature: 20 }), { qos: 1 });
    await pub.publishAsync('zigbee2mqtt/salle-cp', JSON.stringify({ co2: 50000 }), { qos: 1 });
    await pub.publishAsync('relais/sensors/couloir', Buffer.alloc(70 * 1024, 0x20), { qos: 1 });
    await pub.publishAsync('application/app-1/device/24e124128c147204/event/up', JSON.stringify({ deviceInfo: { devEui: '24e124128c147204' }, fCnt: 99, fPort: 85, data: '%%%' }), { qos: 1 });
    await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: 18.4 }), { qos: 1 });
    await waitFor(async () => (await readings('sensor=couloir')).some((r) => r.value === 18.4));
    await site.daemon.store.flush();
    expect(site.daemon.store.stats().rowsCommitted).toBe(before + 1);
    const metrics = (await get('/metrics')).text;
    for (const reason of ['invalid_json', 'unknown_device', 'implausible', 'too_large', 'bad_encoding']) {
      expect(metrics).toMatch(new RegExp(`relais_ingest_rejected_total\\{source="[a-z0-9]+",reason="${reason}"\\} [1-9]`));
    }
    expect(metrics).toContain('relais_process_nodejs_eventloop_lag_p99_seconds');
    expect(metrics).toContain('relais_store_batch_size_bucket');
  });

  it('reports health and the sensors with state and latest values', async () => {
    const h = await get('/api/health');
    expect(h.status).toBe(200);
    const health = JSON.parse(h.text);
    expect(health.status).toBe('ok');
    expect(health.store.ok).toBe(true);
    expect(health.mqtt.connected).toBe(true);
    expect(health.serial.configured).toBe(false);
    expect(health.serial.message).toMatch(/no serial port is configured/);
    expect(health.disk.freeBytes).toBeGreaterThan(0);
    expect(health).toHaveProperty('clock.trusted');
    const sensors = JSON.parse((await get('/api/sensors')).text).sensors as Array<{ id: string; state: string; latest: Record<string, { value: number }> }>;
    expect(sensors.find((s) => s.id === 'salle-cp')!.latest.co2.value).toBe(950);
    expect(sensors.find((s) => s.id === 'congelateur')!.state).toBe('unknown');
  });

  it('refuses bad API queries with a clear error', async () => {
    const r1 = await get('/api/readings?sensor=nope');
    expect(r1.status).toBe(404);
    expect(JSON.parse(r1.text).error.message).toContain('unknown sensor');
    expect((await get('/api/readings?from=yesterday')).status).toBe(400);
    expect((await get('/api/readings?limit=0')).status).toBe(400);
    expect((await get('/api/readings?metric=colour')).status).toBe(400);
  });

  it('keeps the database file under the site folder', () => {
    expect(fs.existsSync(`${site.dir}/relais.db`)).toBe(true);
  });
});
