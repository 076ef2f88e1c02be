// MQTT ingest client: QoS 1, persistent session (clean: false, stable client id), acknowledgement
// only after commit (see deferred-ack.ts). Works with the embedded broker and with Mosquitto.
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import { DeferredAcks, SKIP_AUTO_ACK } from './deferred-ack.js';

export interface MqttSubscriberOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  topics: string[];
  /** Resolve once the message's rows are committed (or it was rejected for good); reject to have it redelivered. */
  onMessage(topic: string, payload: Buffer): Promise<void> | void;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  reconnectPeriodMs?: number;
  /** after a failed commit, reconnect after this delay so the broker redelivers */
  redeliverDelayMs?: number;
}

export interface MqttSubscriberStatus {
  url: string;
  connected: boolean;
  lastError: string | null;
  received: number;
  acked: number;
  unacked: number;
  inflight: number;
  connects: number;
}

export class MqttSubscriber {
  private client: MqttClient | null = null;
  private acks: DeferredAcks | null = null;
  private received = 0;
  private connects = 0;
  private lastError: string | null = null;
  private pending = new Set<Promise<void>>();
  private redeliverTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(private readonly opts: MqttSubscriberOptions) {}

  /** Starts connecting; resolves on the first subscription or after timeoutMs (the daemon runs without a broker too). */
  start(timeoutMs = 3000): Promise<void> {
    const o = this.opts;
    const clientOpts: IClientOptions = {
      clientId: o.clientId,
      clean: false,
      username: o.username,
      password: o.password,
      reconnectPeriod: o.reconnectPeriodMs ?? 2000,
      connectTimeout: 10_000,
      resubscribe: true,
    };
    const client = mqtt.connect(o.url, clientOpts);
    this.client = client;
    const acks = new DeferredAcks(client);
    this.acks = acks;
    client.handleMessage = (packet, callback) => this.handle(packet, callback);
    let resolveReady: () => void = () => {};
    const ready = new Promise<void>((r) => (resolveReady = r));
    client.on('connect', (connack) => {
      this.connects++;
      acks.newConnection();
      this.lastError = null;
      o.logger.info({ url: o.url, sessionPresent: connack.sessionPresent }, 'MQTT connected');
      if (connack.sessionPresent && this.connects > 1) return resolveReady();
      client.subscribe(o.topics, { qos: 1 }, (err) => {
        if (err) this.lastError = err.message;
        resolveReady();
      });
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('close', () => {
      if (!this.closing) o.logger.warn({ url: o.url, error: this.lastError }, 'MQTT connection closed; reconnecting');
    });
    return Promise.race([ready, new Promise<void>((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private handle(packet: { topic: string; payload: Buffer | string; qos: number; messageId?: number }, callback: (err?: Error) => void): void {
    this.received++;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const settle = packet.qos === 1 && packet.messageId !== undefined ? this.acks!.track(packet.messageId) : null;
    let done: Promise<void>;
    try {
      done = Promise.resolve(this.opts.onMessage(packet.topic, payload));
    } catch (err) {
      done = Promise.reject(err);
    }
    const p = done.then(
      () => settle?.(true),
      (err: Error) => {
        settle?.(false);
        this.lastError = err.message;
        this.opts.logger.warn({ topic: packet.topic, err: err.message }, 'message not stored; it stays unacknowledged for redelivery');
        this.scheduleRedelivery();
      },
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    // QoS 1: mqtt.js must not send its own PUBACK; QoS 0 has nothing to acknowledge.
    callback(settle ? SKIP_AUTO_ACK : undefined);
  }

  /** Unacknowledged messages are only redelivered on a new connection: make one. */
  private scheduleRedelivery(): void {
    if (this.redeliverTimer || this.closing) return;
    this.redeliverTimer = setTimeout(() => {
      this.redeliverTimer = null;
      if (this.closing || !this.client) return;
      this.opts.logger.warn({}, 'MQTT reconnecting so the broker redelivers messages that could not be stored');
      // dropping the socket makes mqtt.js reconnect with the same persistent session
      this.client.stream?.destroy();
    }, this.opts.redeliverDelayMs ?? 5000);
    this.redeliverTimer.unref();
  }

  status(): MqttSubscriberStatus {
    return {
      url: this.opts.url.replace(/\/\/[^@/]*@/, '//***@'),
      connected: this.client?.connected ?? false,
      lastError: this.lastError,
      received: this.received,
      acked: this.acks?.acked ?? 0,
      unacked: this.acks?.unacked ?? 0,
      inflight: this.acks?.inflight ?? 0,
      connects: this.connects,
    };
  }

  /** Publishes on the same connection (alarms on relais/alarms/…); QoS 1, queued while disconnected. */
  async publish(topic: string, payload: string, opts: { retain?: boolean } = {}): Promise<void> {
    if (!this.client) throw new Error('MQTT client not started');
    await this.client.publishAsync(topic, payload, { qos: 1, retain: opts.retain ?? false });
  }

  /** Waits for in-flight messages to be committed (the caller flushes the store) and sends their acks. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.redeliverTimer) clearTimeout(this.redeliverTimer);
    const c = this.client;
    if (!c) return;
    await new Promise<void>((resolve) => c.end(false, {}, () => resolve()));
  }
}
