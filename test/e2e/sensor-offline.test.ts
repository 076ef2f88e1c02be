// A sensor that goes silent becomes offline, with an event; its next reading brings it back.
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';

let site: TestSite | undefined;
afterAll(async () => site?.stop());

describe('sensor liveness', () => {
  it('records offline after the configured silence and online when readings return', async () => {
    site = await startTestSite({
      extraYaml: 'ingest:\n  offlineAfterIntervals: 1\n',
      sensorsYaml: 'sensors:\n  - id: couloir\n    name: Couloir\n    source: mqtt\n    intervalS: 1\n',
    });
    const store = site.daemon.store;
    const state = async () => ((await (await fetch(`${site!.daemon.apiUrl}/api/sensors/couloir`)).json()) as { state: string }).state;
    expect(await state()).toBe('unknown');
    await waitFor(() => store.queryEvents({ sensorId: 'couloir' }).some((e) => e.kind === 'sensor.offline'), 5000);
    expect(await state()).toBe('offline');
    const pub = await mqtt.connectAsync(site.daemon.mqttUrl);
    await pub.publishAsync('relais/sensors/couloir', '{"temperature":19}', { qos: 1 });
    await pub.endAsync();
    await waitFor(() => store.queryEvents({ sensorId: 'couloir' }).some((e) => e.kind === 'sensor.online'), 5000);
    expect(await state()).toBe('ok');
    const offline = store.queryEvents({ sensorId: 'couloir' }).find((e) => e.kind === 'sensor.offline')!;
    expect(offline.message).toMatch(/no reading since start/);
  });
});
