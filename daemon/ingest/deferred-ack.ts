// QoS 1 acknowledgement after commit. mqtt.js handles incoming packets one at a time and sends the
// PUBACK when handleMessage calls back, so waiting there for the group commit (≤ 200 ms) would
// cap ingest at a few messages per second. Instead handleMessage returns at once with a marker
// that tells mqtt.js not to acknowledge, and the PUBACK is sent here after the rows are committed,
// in the order the PUBLISH packets arrived (MQTT 3.1.1 §4.6). A message whose commit failed is
// never acknowledged: the subscriber reconnects so the broker redelivers it.
import type { MqttClient } from 'mqtt';

interface Pending {
  messageId: number;
  generation: number;
  state: 'waiting' | 'ready' | 'failed';
  /** a second PUBLISH with an id still pending (overlapping subscriptions): acknowledged once, by the first */
  duplicate: boolean;
}

export class DeferredAcks {
  private queue: Pending[] = [];
  private generation = 0;
  acked = 0;
  unacked = 0;

  constructor(private readonly client: MqttClient) {}

  /** A new connection: message ids of the old one mean nothing now (the broker will redeliver). */
  newConnection(): void {
    this.generation++;
    this.unacked += this.queue.filter((p) => p.state !== 'failed').length;
    this.queue = [];
  }

  /** Track a QoS 1 message; settle it with the returned function once its fate is known. */
  track(messageId: number): (ok: boolean) => void {
    const duplicate = this.queue.some((p) => p.messageId === messageId && p.generation === this.generation && !p.duplicate);
    const entry: Pending = { messageId, generation: this.generation, state: 'waiting', duplicate };
    this.queue.push(entry);
    return (ok) => {
      entry.state = ok ? 'ready' : 'failed';
      this.flush();
    };
  }

  get inflight(): number {
    return this.queue.length;
  }

  private flush(): void {
    while (this.queue.length > 0 && this.queue[0].state !== 'waiting') {
      const head = this.queue.shift()!;
      if (head.duplicate) continue;
      if (head.state === 'failed' || head.generation !== this.generation) {
        this.unacked++;
        continue;
      }
      if (!this.client.connected) {
        this.unacked++;
        continue;
      }
      // _sendPacket is mqtt.js's own path for PUBACK (what its publish handler calls); the
      // subscriber test against a real broker fails if a new mqtt.js release changes it.
      (this.client as unknown as { _sendPacket(p: object, cb?: () => void): void })._sendPacket({ cmd: 'puback', messageId: head.messageId });
      this.acked++;
    }
  }
}

/** Marker passed to mqtt.js's handleMessage callback so it skips its own PUBACK. */
export const SKIP_AUTO_ACK = Object.freeze(new Error('relais: acknowledgement deferred until commit'));
