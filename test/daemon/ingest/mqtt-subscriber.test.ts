// Deferred acknowledgement against real brokers: the embedded aedes and Mosquitto.
import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startEmbeddedBroker } from '../../../daemon/broker/embedded.js';
import { MqttSubscriber } from '../../../daemon/ingest/mqtt-subscriber.js';
import { freePort, waitFor } from '../../helpers/ports.js';
import { startMosquitto } from '../../helpers/mosquitto.js';

const quiet = { info: () => {}, warn: () => {} };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

async function publishAll(url: string, n: number, topic = 'relais/sensors/x'): Promise<void> {
  const pub = await mqtt.connectAsync(url, { clientId: `pub-${Math.random()}` });
  await Promise.all(Array.from({ length: n }, (_, i) => pub.publishAsync(topic, JSON.stringify({ i }), { qos: 1 })));
  await pub.endAsync();
}

type Broker = { url: string; stop: () => Promise<void> };
const brokers: Array<[string, () => Promise<Broker>]> = [
  ['embedded aedes', async () => {
    const b = await startEmbeddedBroker({ host: '127.0.0.1', port: await freePort() });
    return { url: b.url, stop: () => b.close() };
  }],
  ['mosquitto', async () => {
    const m = await startMosquitto();
    return { url: m.url, stop: () => m.stop() };
  }],
];

describe.each(brokers)('MqttSubscriber on %s', (_name, makeBroker) => {
  it('keeps handling messages while earlier commits are pending, and acks them all', async () => {
    const broker = await makeBroker();
    cleanups.push(broker.stop);
    let inflight = 0;
    let maxInflight = 0;
    const got: number[] = [];
    const sub = new MqttSubscriber({
      url: broker.url, clientId: 'relais-t1', topics: ['relais/sensors/#'], logger: quiet,
      onMessage: (_t, payload) => {
        inflight++;
        maxInflight = Math.max(maxInflight, inflight);
        return new Promise<void>((r) => setTimeout(() => { got.push(JSON.parse(payload.toString()).i); inflight--; r(); }, 100));
      },
    });
    cleanups.push(() => sub.close());
    await sub.start();
    await publishAll(broker.url, 500);
    await waitFor(() => sub.status().acked === 500, 10000);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    // Serial handling would keep at most one message waiting for its commit.
    expect(maxInflight).toBeGreaterThan(10);
    expect(sub.status().unacked).toBe(0);
  });

  it('a message whose commit fails is not acknowledged and comes back', async () => {
    const broker = await makeBroker();
    cleanups.push(broker.stop);
    let failOnce = true;
    const stored: number[] = [];
    const sub = new MqttSubscriber({
      url: broker.url, clientId: 'relais-t2', topics: ['relais/sensors/#'], logger: quiet,
      reconnectPeriodMs: 100, redeliverDelayMs: 100,
      onMessage: async (_t, payload) => {
        const i = JSON.parse(payload.toString()).i as number;
        if (i === 3 && failOnce) {
          failOnce = false;
          throw new Error('disk full');
        }
        stored.push(i);
      },
    });
    cleanups.push(() => sub.close());
    await sub.start();
    await publishAll(broker.url, 6);
    await waitFor(() => stored.includes(3), 10000);
    expect(new Set(stored)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(sub.status().connects).toBeGreaterThanOrEqual(2);
  });

  it('messages handed over but not committed before a crash are redelivered to the next run', async () => {
    const broker = await makeBroker();
    cleanups.push(broker.stop);
    const first = new MqttSubscriber({
      url: broker.url, clientId: 'relais-t3', topics: ['relais/sensors/#'], logger: quiet,
      onMessage: () => new Promise<void>(() => {}), // never commits: the process "dies" first
    });
    await first.start();
    await publishAll(broker.url, 20);
    await waitFor(() => first.status().received === 20);
    expect(first.status().acked).toBe(0);
    // crash: drop the socket without DISCONNECT
    (first as unknown as { client: mqtt.MqttClient }).client.end(true);
    const stored = new Set<number>();
    const second = new MqttSubscriber({
      url: broker.url, clientId: 'relais-t3', topics: ['relais/sensors/#'], logger: quiet,
      onMessage: (_t, p) => { stored.add(JSON.parse(p.toString()).i); },
    });
    cleanups.push(() => second.close());
    await second.start();
    await waitFor(() => stored.size === 20, 10000);
    await waitFor(() => second.status().acked >= 20);
  });
});
