// The production path: the site daemon subscribed to a real Mosquitto (mqtt.url), with its
// persistent session keeping readings published while the daemon is down, and a password file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';

type Reading = { sensor: string; metric: string; value: number; unit: string };

const readingsOf = async (site: TestSite, q: string) =>
  ((await (await fetch(`${site.daemon.apiUrl}/api/readings?${q}`)).json()) as { readings: Reading[] }).readings;

describe('site daemon on Mosquitto', () => {
  let broker: Mosquitto;
  let site: TestSite | undefined;
  let restarted: TestSite | undefined;
  let pub: mqtt.MqttClient;

  beforeAll(async () => {
    broker = await startMosquitto();
    site = await startTestSite({ mqttYaml: `mqtt:\n  url: ${broker.url}\n` });
    pub = await mqtt.connectAsync(broker.url, { clientId: 'e2e-mosquitto-pub' });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await restarted?.stop();
    await site?.stop(); // daemon already stopped: only removes the folder, if still there
    await broker?.stop();
  });

  it('connects to Mosquitto as relais-<site id> and reports it in /api/health', async () => {
    expect(site!.daemon.config.mqtt.clientId).toBe('relais-ecole-test');
    const h = (await (await fetch(`${site!.daemon.apiUrl}/api/health`)).json()) as { status: string; broker: { mode: string }; mqtt: { connected: boolean; url: string } };
    expect(h.status).toBe('ok');
    expect(h.broker.mode).toBe('external');
    expect(h.mqtt).toMatchObject({ connected: true, url: broker.url });
    expect(site!.logs.join('')).toMatch(/"sessionPresent":false,"msg":"MQTT connected"/);
  });

  it('stores ChirpStack v4, Zigbee2MQTT and plain messages published through Mosquitto', async () => {
    // EM300-TH: battery 92 %, 3.0 °C, 72 %RH
    const data = Buffer.from('01755c03671e00046890', 'hex').toString('base64');
    await pub.publishAsync('application/app-1/device/24e124128c147204/event/up', JSON.stringify({
      deviceInfo: { devEui: '24e124128c147204', applicationId: 'app-1' }, fCnt: 7, fPort: 85, data,
    }), { qos: 1 });
    await pub.publishAsync('zigbee2mqtt/salle-cp', JSON.stringify({ co2: 950, temperature: 21.5, humidity: 48, linkquality: 90 }), { qos: 1 });
    await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: 18.2 }), { qos: 1 });
    await waitFor(async () =>
      (await readingsOf(site!, 'sensor=frigo-1')).length === 3 &&
      (await readingsOf(site!, 'sensor=salle-cp')).length === 3 &&
      (await readingsOf(site!, 'sensor=couloir')).length === 1, 5000);
    const values = (rows: Reading[]) => Object.fromEntries(rows.map((r) => [r.metric, r.value]));
    expect(values(await readingsOf(site!, 'sensor=frigo-1'))).toEqual({ battery: 92, temperature: 3, humidity: 72 });
    expect(values(await readingsOf(site!, 'sensor=salle-cp'))).toEqual({ co2: 950, temperature: 21.5, humidity: 48 });
    expect(values(await readingsOf(site!, 'sensor=couloir'))).toEqual({ temperature: 18.2 });
  });

  it('receives exactly once, after a restart, the 50 readings Mosquitto kept while the daemon was down', async () => {
    const first = site!;
    await first.daemon.stop();
    const N = 50;
    const sent = Array.from({ length: N }, (_, i) => Math.round((-5 + i * 0.5) * 10) / 10); // -5 … 19.5, all different
    // Mosquitto has the daemon's session (clean: false, clientId relais-ecole-test) and queues QoS 1 for it
    for (const v of sent) await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: v }), { qos: 1 });

    restarted = await startTestSite({ dir: first.dir, yaml: first.yaml });
    expect(restarted.daemon.store).not.toBe(first.daemon.store);
    const newOnes = async () => (await readingsOf(restarted!, 'sensor=couloir&limit=1000')).filter((r) => r.value !== 18.2);
    await waitFor(async () => (await newOnes()).length >= N, 8000, 50);
    // give a duplicate delivery the time to show up, then look at what is committed
    await new Promise((r) => setTimeout(r, 300));
    await restarted.daemon.store.flush();
    const got = (await newOnes()).map((r) => r.value).sort((a, b) => a - b);
    expect(got).toEqual([...sent].sort((a, b) => a - b));
    // the reading from before the restart is still there, in the same file
    expect((await readingsOf(restarted, 'sensor=couloir&limit=1000')).filter((r) => r.value === 18.2)).toHaveLength(1);
    // the broker resumed the session rather than starting a new one
    expect(restarted.logs.join('')).toMatch(/"sessionPresent":true,"msg":"MQTT connected"/);
    expect(restarted.daemon.pipeline.counters.duplicates).toBe(0);
  });
});

describe('site daemon on Mosquitto with a password', () => {
  let broker: Mosquitto;
  let dir: string;
  let site: TestSite | undefined;

  beforeAll(async () => {
    broker = await startMosquitto('', { users: { relais: 'mot-de-passe-ecole' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-secret-'));
  });
  afterAll(async () => {
    await site?.stop();
    await broker?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const secretFile = (name: string, mode: number) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, 'mot-de-passe-ecole\n', { mode });
    fs.chmodSync(file, mode); // whatever the umask
    return file;
  };
  const mqttYaml = (passwordFile: string) => `mqtt:\n  url: ${broker.url}\n  username: relais\n  passwordFile: ${passwordFile}\n`;

  it('the broker refuses anonymous clients', async () => {
    await expect(mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 3000 })).rejects.toThrow(/Not authorized/);
  });

  it('connects with username and a 0600 password file, and stores what it receives', async () => {
    site = await startTestSite({ mqttYaml: mqttYaml(secretFile('mqtt.pass', 0o600)) });
    const h = (await (await fetch(`${site.daemon.apiUrl}/api/health`)).json()) as { status: string; mqtt: { connected: boolean } };
    expect(h.mqtt.connected).toBe(true);
    expect(h.status).toBe('ok');
    const pub = await mqtt.connectAsync(broker.url, { username: 'relais', password: 'mot-de-passe-ecole' });
    await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: 17.5 }), { qos: 1 });
    await pub.endAsync();
    await waitFor(async () => (await readingsOf(site!, 'sensor=couloir')).some((r) => r.value === 17.5), 5000);
    expect(site.logs.join('')).not.toContain('mot-de-passe-ecole');
  });

  it('refuses to start with a password file others can read, telling to chmod 600', async () => {
    const file = secretFile('open.pass', 0o644);
    await expect(startTestSite({ mqttYaml: mqttYaml(file) })).rejects.toThrow(`${file} is readable by other users (mode 644): run chmod 600 ${file}`);
  });
});
