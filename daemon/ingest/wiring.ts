// Builds the ingest parts from the site config: sensor directory, decoders (built-in by model, or
// a user codec file), deduper, liveness, rejection log, pipeline.
import path from 'node:path';
import type { Logger } from 'pino';
import type { SiteConfig } from '../config/index.js';
import type { SiteStore } from '../store/types.js';
import { decoderFor, loadTtnCodec, type Decoder } from '../../hardware/decoders/index.js';
import { buildDirectory, type IngestSensor, type DecodeFn } from './types.js';
import { parseMqttMessage } from './parse-mqtt.js';
import { serialFrameToOutcome, type SerialFrame } from './parse-serial.js';
import { UplinkDeduper } from './dedupe.js';
import { LivenessTracker } from './liveness.js';
import { RejectionLog } from './rejections.js';
import { IngestPipeline } from './pipeline.js';

export function ingestSensors(cfg: SiteConfig): IngestSensor[] {
  return cfg.sensors.map((s) => ({
    id: s.id,
    source: s.source,
    intervalS: s.intervalS,
    devEui: 'devEui' in s ? s.devEui.toLowerCase() : undefined,
    model: 'model' in s ? s.model : undefined,
    topic: 'topic' in s ? s.topic : undefined,
    address: 'address' in s ? s.address : undefined,
  }));
}

export async function buildIngest(cfg: SiteConfig, deps: { store: SiteStore; now: () => number; logger: Logger; baseDir: string }) {
  const topics = cfg.mqtt.topics;
  const dir = buildDirectory(ingestSensors(cfg), {
    chirpstack: topics.chirpstack,
    tts: topics.tts,
    zigbee2mqttBase: topics.zigbee2mqtt,
    plainBase: topics.plain,
  });
  const decoders = new Map<string, Decoder>();
  for (const s of cfg.sensors) {
    if (s.source !== 'lorawan') continue;
    // a codec file wins over the built-in model: the user chose it for this device
    const d = s.codecFile ? loadTtnCodec(path.resolve(deps.baseDir, s.codecFile)) : s.model ? decoderFor(s.model) : undefined;
    if (d) decoders.set(s.id, d);
  }
  const decode: DecodeFn = (sensor, bytes, fPort) => decoders.get(sensor.id)?.(bytes, fPort);
  const liveness = new LivenessTracker({ offlineAfterIntervals: cfg.ingest.offlineAfterIntervals, now: deps.now() });
  liveness.register(dir.sensors);
  for (const [sensorId, metrics] of deps.store.latestBySensor()) {
    const last = Math.max(...[...metrics.values()].map((v) => v.ts));
    liveness.restore(sensorId, last, deps.now());
  }
  const rejections = new RejectionLog({ logger: deps.logger.child({ part: 'ingest' }), now: deps.now });
  const deduper = new UplinkDeduper(cfg.ingest.dedupeWindow, 3600_000);
  const pipeline = new IngestPipeline({ store: deps.store, liveness, rejections, deduper, now: deps.now, logger: deps.logger.child({ part: 'ingest' }) });
  return {
    dir,
    liveness,
    rejections,
    pipeline,
    parse: (topic: string, payload: Uint8Array) =>
      parseMqttMessage(topic, payload, { dir, now: deps.now(), maxPayloadBytes: cfg.ingest.maxPayloadBytes, decode }),
    parseSerial: (frame: SerialFrame) => serialFrameToOutcome(frame, dir, deps.now()),
  };
}

/** What the ingest client subscribes to: uplink topics only, so bridge and command traffic stays out. */
export function subscriptionTopics(cfg: SiteConfig): string[] {
  const t = cfg.mqtt.topics;
  const out = new Set<string>([t.chirpstack, t.tts, `${t.plain}/+`]);
  // ChirpStack v3 before 3.11 published uplinks on …/rx
  if (t.chirpstack.endsWith('/event/up')) out.add(t.chirpstack.replace(/\/event\/up$/, '/rx'));
  for (const s of cfg.sensors) {
    if (s.source === 'zigbee2mqtt') out.add(s.topic.startsWith(`${t.zigbee2mqtt}/`) ? s.topic : `${t.zigbee2mqtt}/${s.topic}`);
    if (s.source === 'mqtt' && s.topic) out.add(s.topic);
  }
  // a topic also matched by a wildcard filter would be delivered twice
  return [...out].filter((t) => ![...out].some((f) => f !== t && topicMatches(f, t)));
}

/** MQTT filter matching (+ one level, # the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
