// `relais simulate` and the demo behind `npm start`: publishes plausible readings for every
// configured sensor through a real MQTT connection, so the demo exercises the real ingest path.
import mqtt, { type MqttClient } from 'mqtt';
import { guessProfile, profileValues } from './profiles.js';
import { toMessage, type SimSensor } from './messages.js';

export interface SimulatorOptions {
  url: string;
  username?: string;
  password?: string;
  sensors: Array<SimSensor & { name: string }>;
  timeZone: string;
  intervalMs: number;
  now?: () => number;
  logger?: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

export class Simulator {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private fCnt = new Map<string, number>();
  published = 0;

  constructor(private readonly opts: SimulatorOptions) {}

  async start(): Promise<void> {
    const o = this.opts;
    this.client = mqtt.connect(o.url, { clientId: `relais-sim-${process.pid}`, username: o.username, password: o.password, reconnectPeriod: 2000 });
    this.client.on('error', (e) => o.logger?.warn({ err: e.message }, 'simulator: MQTT error'));
    this.tick();
    this.timer = setInterval(() => this.tick(), o.intervalMs);
    this.timer.unref();
  }

  /** Publishes one reading per sensor now (QoS 1, queued by mqtt.js while disconnected). */
  tick(): void {
    const now = (this.opts.now ?? Date.now)();
    this.opts.sensors.forEach((s, i) => {
      const vals = profileValues(guessProfile(s.id, s.name), now, i + 1, this.opts.timeZone);
      const n = (this.fCnt.get(s.id) ?? Math.floor(now / 1000) % 60000) + 1;
      this.fCnt.set(s.id, n);
      const msg = toMessage(s, vals, now, n);
      if (msg && this.client) {
        this.client.publish(msg.topic, msg.payload, { qos: 1 });
        this.published++;
      }
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const c = this.client;
    if (c) await new Promise<void>((r) => c.end(false, {}, () => r()));
  }
}
