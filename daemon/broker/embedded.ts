// The embedded MQTT broker (aedes) the daemon starts by default, so a fresh clone runs with no
// Mosquitto. Production sites use Mosquitto (persistent queues); this one keeps sessions in memory.
import net from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  /** Required when host is not loopback: students share the school network. */
  credentials?: { username: string; password: string };
  /** per-client queue of QoS 1 messages for an offline persistent session */
  queueLimit?: number;
  logger?: { warn(o: object, m?: string): void };
}

export interface EmbeddedBroker {
  readonly url: string;
  readonly port: number;
  stats(): { clients: number; published: number };
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  if (!LOOPBACK.has(opts.host) && !opts.credentials) {
    throw new Error(`embedded MQTT broker on ${opts.host} needs credentials (mqtt.embedded.passwordFile): refusing an open broker on the school network`);
  }
  const creds = opts.credentials;
  const broker = await Aedes.createBroker({
    queueLimit: opts.queueLimit ?? 100000,
    // aedes replaces its default (allow all) hook with whatever key is given, even undefined
    ...(creds
      ? {
          authenticate: (_c: unknown, username: string | undefined, password: Buffer | undefined, done: (e: null, ok: boolean) => void) => {
            done(null, username === creds.username && password !== undefined && password.toString() === creds.password);
          },
        }
      : {}),
  });
  broker.on('clientError', (client, err) => opts.logger?.warn({ clientId: client?.id, err: err.message }, 'embedded broker: client error'));
  broker.on('connectionError', (client, err) => opts.logger?.warn({ clientId: client?.id, err: err.message }, 'embedded broker: connection error'));
  let published = 0;
  broker.on('publish', (_p, client) => {
    if (client) published++;
  });
  const server = net.createServer(broker.handle as (s: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as net.AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closed = false;
  return {
    url: `mqtt://${host}:${addr.port}`,
    port: addr.port,
    stats: () => ({ clients: broker.connectedClients, published }),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      // close() waits for sockets; aedes has already ended its clients
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
