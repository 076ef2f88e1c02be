// GET /api/events: server-sent events for screens (alarms, incidents, actuations, sensor states)
// as they are committed. A reconnecting browser sends Last-Event-ID (the store's seq) and gets
// what it missed from the store first, so a screen that lost Wi-Fi for a minute misses nothing.
import { EventEmitter } from 'node:events';
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import type { SiteStore, StoredEvent } from '../store/types.js';

export class EventBus extends EventEmitter {
  /** Wraps the store so every committed event is also announced. */
  static around(store: SiteStore): EventBus {
    const bus = new EventBus();
    bus.setMaxListeners(100);
    const add = store.addEvent.bind(store);
    store.addEvent = (e) => {
      const stored = add(e);
      bus.emit('event', stored);
      return stored;
    };
    return bus;
  }
}

const format = (e: StoredEvent) => `id: ${e.seq}\nevent: ${e.kind}\ndata: ${JSON.stringify({ seq: e.seq, kind: e.kind, sensorId: e.sensorId, message: e.message, data: e.data, ts: new Date(e.ts).toISOString() })}\n\n`;

export const eventRoutes: FastifyPluginAsync<{ bus: EventBus; store: SiteStore; require: (p: string) => preHandlerHookHandler }> = async (app, { bus, store, require }) => {
  app.get('/api/events', { preHandler: require('view') }, (req, reply) => {
    const last = Number(req.headers['last-event-id'] ?? NaN);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    if (Number.isFinite(last)) {
      for (const e of store.queryEvents({ limit: 1000 }).filter((x) => x.seq > last)) res.write(format(e));
    }
    const send = (e: StoredEvent) => res.write(format(e));
    bus.on('event', send);
    // a comment every 25 s keeps proxies and tablets from closing an idle stream
    const keepAlive = setInterval(() => res.write(': ok\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      bus.off('event', send);
    });
  });
};
