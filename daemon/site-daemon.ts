// The composition root of the site daemon: builds every part from the site config and owns the
// start and stop order. No module-level state: tests start several daemons in one process.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SiteConfig } from './config/index.js';
import { Store } from './store/store.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded.js';
import { MqttSubscriber } from './ingest/mqtt-subscriber.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { buildIngest, subscriptionTopics } from './ingest/wiring.js';
import { buildApi, type SiteApi } from './api/server.js';
import { createMetrics } from './metrics.js';
import { buildHealth } from './health.js';
import { sensorViews } from './sensor-views.js';
import { Simulator } from './simulator/simulator.js';
import { LoRaSerialReceiver } from '../hardware/serial/receiver.js';
import { VERSION } from './version.js';
import { startBuilding, type Building } from './actuators/wiring.js';
import { readClockState } from './clock/trust.js';
import type { GpioBackend, SimulatedBackend } from '../hardware/gpio/index.js';
import { createAuth } from './auth/index.js';
import { ColdChainService } from './coldchain/service.js';
import { AirService } from './air/service.js';
import { HaccpRegister } from './haccp/index.js';
import { AlarmService } from './alarms/index.js';
import { EventBus } from './api/events.js';

export interface SiteDaemonOptions {
  logger: Logger;
  /** run the demo simulator publishing through the broker */
  simulate?: { intervalMs: number };
  now?: () => number;
  /** resolve relative paths (storage, codec files) against this folder; default: cwd */
  baseDir?: string;
  /** a GPIO backend to use instead of the configured one (tests drive a simulated one) */
  gpioBackend?: GpioBackend;
}

export interface SiteDaemon {
  readonly config: SiteConfig;
  readonly bootId: string;
  readonly store: Store;
  readonly api: SiteApi;
  readonly apiUrl: string;
  readonly mqttUrl: string;
  readonly pipeline: IngestPipeline;
  readonly building: Building;
  stop(): Promise<void>;
}

export async function startSiteDaemon(cfg: SiteConfig, opts: SiteDaemonOptions): Promise<SiteDaemon> {
  const log = opts.logger;
  const now = opts.now ?? Date.now;
  const baseDir = opts.baseDir ?? process.cwd();
  const bootId = randomUUID();
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => log.error({ err: err.message }, 'stop step failed'));
  };
  try {
    const store = Store.open({
      path: path.resolve(baseDir, cfg.storage.path),
      batchMs: cfg.storage.batchMs,
      batchRows: cfg.storage.batchRows,
      retention: { ...cfg.storage.retention, eventKindDays: { 'actuation.': cfg.storage.retention.auditDays, 'auth.': cfg.storage.retention.auditDays } },
      quotaBytes: cfg.storage.quotaMB ? cfg.storage.quotaMB * 1024 * 1024 : undefined,
      bootId,
      now,
    });
    stops.push(() => store.close());
    const bus = EventBus.around(store);

    const auth = createAuth({
      db: store.database,
      now,
      logger: log.child({ part: 'auth' }),
      secureCookies: cfg.http.secureCookies,
      audit: (e) => {
        try {
          store.addEvent(e);
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'auth audit not stored');
        }
      },
    });
    const setupToken = auth.ensureSetupToken();

    let broker: EmbeddedBroker | null = null;
    let mqttUrl: string;
    if (cfg.mqtt.url) {
      mqttUrl = cfg.mqtt.url;
    } else {
      const e = cfg.mqtt.embedded!;
      broker = await startEmbeddedBroker({ host: e.host, port: e.port, logger: log.child({ part: 'broker' }) });
      stops.push(() => broker!.close());
      mqttUrl = broker.url;
    }
    const password = cfg.mqtt.passwordFile ? readSecret(path.resolve(baseDir, cfg.mqtt.passwordFile)) : undefined;

    const ingest = await buildIngest(cfg, { store, now, logger: log, baseDir });
    const pipeline = ingest.pipeline;
    const building = await startBuilding(cfg, {
      store,
      logger: log,
      now,
      mono: () => performance.now(),
      // unknown (no systemd-timesyncd) counts as trusted; a known unsynchronised clock does not
      clockTrusted: () => readClockState().trusted !== false,
      backend: opts.gpioBackend,
    });
    stops.push(() => building.stop());

    let pendingAlarmState: unknown = null;
    let alarmSave: NodeJS.Timeout | null = null;
    const saveAlarmState = () => {
      alarmSave = null;
      if (pendingAlarmState !== null) store.setMeta('alarms.state', JSON.stringify(pendingAlarmState));
      pendingAlarmState = null;
    };
    const register = new HaccpRegister({ db: store.database, bootId: store.bootId, now, clockTrusted: () => readClockState().trusted });
    // the subscriber is created below; alarms published before it connects are queued by mqtt.js
    let publish: (topic: string, payload: string, o: { retain?: boolean }) => Promise<void> = async () => {};
    const alarms = new AlarmService({
      register,
      publish: (t, p, o) => publish(t, p, o),
      setOutput: (id, on) => void building.service.command(id, { action: on ? 'on' : 'off' }, { layer: 'command', origin: 'alarme' }),
      config: { outputs: cfg.alarms.outputs, escalateAfterMinutes: cfg.alarms.escalateAfterMinutes, repeatMinutes: cfg.alarms.repeatMinutes },
      now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
      // at most one write a second (each is a synchronous commit); the last state is written at stop
      persist: (st) => {
        pendingAlarmState = st;
        alarmSave ??= setTimeout(saveAlarmState, 1000);
      },
      onError: (err, what) => log.warn({ err: (err as Error).message }, what),
    });
    const savedAlarms = store.getMeta('alarms.state');
    if (savedAlarms) alarms.restore(JSON.parse(savedAlarms));
    const coldchain = new ColdChainService({
      equipment: cfg.equipment, tz: cfg.site.timezone, store, logger: log.child({ part: 'coldchain' }), now,
      onEvent: (e) => alarms.onIncidentEvent(e),
    });
    pipeline.listen(coldchain);
    coldchain.start();
    stops.push(async () => {
      coldchain.stop();
      alarms.stop();
      if (alarmSave) clearTimeout(alarmSave);
      saveAlarmState();
    });
    const air = new AirService({
      rooms: cfg.rooms, store, logger: log.child({ part: 'air' }), now, tz: cfg.site.timezone, calendar: building.calendar,
      zone: cfg.site.zone === 'Alsace-Moselle' ? 'B' : (cfg.site.zone ?? ''),
      // automation ranks with the schedule: a person's command wins over it
      setOutput: (id, on, room) => void building.service.command(id, { action: on ? 'on' : 'off' }, { layer: 'schedule', origin: `air:${room}` }),
    });
    pipeline.listen(air);
    stops.push(async () => air.stop());

    const subscriber = new MqttSubscriber({
      url: mqttUrl,
      clientId: cfg.mqtt.clientId ?? `relais-${cfg.site.id}`,
      username: cfg.mqtt.username,
      password,
      topics: subscriptionTopics(cfg),
      logger: log.child({ part: 'mqtt' }),
      onMessage: (topic, payload) => pipeline.accept(ingest.parse(topic, payload)),
    });
    publish = (t, p, o) => subscriber.publish(t, p, o);
    await subscriber.start();
    stops.push(async () => {
      await subscriber.drain();
      await store.flush();
      await subscriber.drain();
      await subscriber.close();
    });

    let serial: LoRaSerialReceiver | null = null;
    if (cfg.serial) {
      serial = new LoRaSerialReceiver({
        path: cfg.serial.path,
        baudRate: cfg.serial.baudRate,
        module: cfg.serial.module,
        reopenMs: cfg.serial.reopenMs,
        setup: true,
        logger: log.child({ part: 'serial' }),
        onFrame: (frame) => void pipeline.accept(ingest.parseSerial(frame)).catch((err: Error) => log.warn({ err: err.message }, 'serial frame not stored')),
        onReject: (reason, detail) => ingest.rejections.reject('serial', reason as never, detail),
        onStatus: (st) => log.info({ open: st.open, path: st.path, error: st.lastError }, st.open ? 'serial port open' : 'serial port closed'),
      });
      await serial.open();
      stops.push(async () => serial!.close());
    }

    // check for silent sensors often enough for the shortest expected interval
    const shortest = Math.min(15, ...cfg.sensors.map((s) => s.intervalS));

    const tick = setInterval(() => pipeline.tick(), Math.max(500, (shortest * 1000) / 2));
    tick.unref();
    const maintenance = setInterval(() => {
      try {
        store.runMaintenance(now());
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'store maintenance failed');
      }
    }, 3600_000);
    maintenance.unref();
    stops.push(async () => {
      clearInterval(tick);
      clearInterval(maintenance);
    });

    const metrics = createMetrics({
      store: () => store.stats(),
      pipeline: () => pipeline.counters,
      rejections: () => ingest.rejections.counts(),
      mqtt: () => subscriber.status(),
      auth: () => auth.counters(),
    });
    const health = buildHealth({
      cfg, store, subscriber, broker, serial, dataDir: path.dirname(path.resolve(baseDir, cfg.storage.path)), bootId, version: VERSION,
      extra: () => ({ gpio: building.gpio, safety: building.service.safety() }),
    });
    const api = await buildApi({
      logger: log,
      site: cfg.site,
      health,
      metrics,
      sensors: { list: () => sensorViews(cfg, store, ingest.liveness) },
      readings: {
        knownSensor: (id) => cfg.sensors.some((s) => s.id === id),
        query: (q) => store.queryReadings(q),
      },
      auth,
      building: {
        service: building.service,
        store,
        overrideMinutes: cfg.building.safety.overrideMinutes,
        simulated: building.backend.name === 'simulated' ? (building.backend as SimulatedBackend) : null,
      },
      coldchain,
      air,
      alarms,
      register,
      bus,
    });
    await api.listen({ host: cfg.http.host, port: cfg.http.port });
    stops.push(() => api.close());
    const addr = api.server.address();
    const apiUrl = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : '';

    if (opts.simulate) {
      const sim = new Simulator({
        url: mqttUrl,
        username: cfg.mqtt.username,
        password,
        sensors: cfg.sensors,
        timeZone: cfg.site.timezone,
        intervalMs: opts.simulate.intervalMs,
        logger: log.child({ part: 'simulator' }),
      });
      await sim.start();
      stops.push(() => sim.stop());
    }
    if (setupToken) {
      // shown once: the logger redacts token fields, so it goes in the message
      log.info(`No administrator yet. Within 24 h, create one: POST ${apiUrl}/api/auth/setup {"token":"${setupToken}","login":"…","name":"…","password":"…"} (one use; a restart makes a new token)`);
    }
    log.info({ site: cfg.site.id, api: apiUrl, mqtt: mqttUrl.replace(/\/\/[^@/]*@/, '//***@'), bootId, version: VERSION }, 'Relais site daemon ready');

    let stopping: Promise<void> | null = null;
    return {
      config: cfg, bootId, store, api, apiUrl, mqttUrl, pipeline, building,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Secrets files must be 0600: refuse one that others can read. */
export function readSecret(file: string): string {
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) throw new Error(`${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}`);
  return fs.readFileSync(file, 'utf8').trim();
}
