// A full disk at the daemon level: readings that cannot be stored are not acknowledged, the
// broker delivers them again, and once space is back they are stored, exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';
import { rawDb } from '../daemon/store/helpers.js';

let site: TestSite | undefined;
afterAll(async () => site?.stop());

describe('disk full', () => {
  it('loses nothing the broker handed over and recovers by itself', async () => {
    site = await startTestSite();
    const { store, apiUrl, mqttUrl } = site.daemon;
    const pub = await mqtt.connectAsync(mqttUrl, { clientId: 'disk-full-pub' });
    await pub.publishAsync('relais/sensors/couloir', '{"temperature":1}', { qos: 1 });
    await waitFor(() => store.stats().rowsCommitted === 1);
    // cap the database at its current size: the next commits fail with SQLITE_FULL
    const db = rawDb(store);
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    const big = JSON.stringify({ temperature: 2, humidity: 50, battery: 90 });
    for (let i = 0; i < 300; i++) await pub.publishAsync('relais/sensors/couloir', big, { qos: 1 });
    await waitFor(() => store.stats().failedBatches > 0, 5000);
    const health = await (await fetch(`${apiUrl}/api/health`)).json() as { status: string; problems: string[] };
    expect(health.status).toBe('degraded');
    expect(health.problems.join(' ')).toMatch(/store/);
    // space comes back: the redelivered messages are stored
    db.pragma('max_page_count = 1073741823');
    await waitFor(() => store.stats().rowsCommitted === 1 + 300 * 3, 20000);
    await store.flush();
    expect(store.queryReadings({ sensorId: 'couloir', limit: 100000 })).toHaveLength(1 + 300 * 3);
    await pub.endAsync();
    const after = await (await fetch(`${apiUrl}/api/health`)).json() as { status: string };
    expect(after.status).toBe('ok');
  }, 40000);
});
