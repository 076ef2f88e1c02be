// One MQTT message → one ingest outcome. Topic routing first (cheap, string only), so events we
// do not handle (ChirpStack status/join/log…, TTS join, Z2M bridge/set/get/availability) are
// ignored before their payload is looked at; then size, UTF-8, JSON, shape, decode.
import { decodeUtf8 } from './encoding.js';
import { reject } from './outcome.js';
import { plainOutcome, zigbee2mqttOutcome } from './parse-json-sensors.js';
import { chirpstackV3, chirpstackV4, ttsV3 } from './parse-lorawan.js';
import { isPlainObject } from './schemas.js';
import type { DecodeFn, IngestOutcome, IngestSensor, IngestSource, SensorDirectory } from './types.js';

export interface ParseMqttCtx {
  dir: SensorDirectory;
  /** receive time, ms since epoch */
  now: number;
  maxPayloadBytes: number;
  decode: DecodeFn;
}

export type MqttRoute =
  /** `event/up` (ChirpStack v4, and v3 from 3.11) or `rx` (ChirpStack v3 before 3.11) */
  | { kind: 'chirpstack'; legacyRx: boolean }
  | { kind: 'tts' }
  | { kind: 'zigbee2mqtt'; sensor: IngestSensor }
  | { kind: 'plain'; sensor: IngestSensor | undefined; id: string };

function under(topic: string, prefix: string): string[] | null {
  if (prefix === '' || !topic.startsWith(`${prefix}/`)) return null;
  return topic.slice(prefix.length + 1).split('/');
}

/** Which parser handles a topic, or null when it is not an uplink we ingest. */
export function routeTopic(topic: string, dir: SensorDirectory): MqttRoute | null {
  const exact = dir.byTopic(topic);
  if (exact?.source === 'zigbee2mqtt') return { kind: 'zigbee2mqtt', sensor: exact };
  if (exact?.source === 'mqtt') return { kind: 'plain', sensor: exact, id: exact.id };
  const t = dir.topics;
  // matched from the end, so a prefix with the application id ('application/<app>') works too
  const cs = under(topic, t.chirpstack);
  if (cs) {
    const n = cs.length;
    // …/device/<devEui>/event/up (v4, v3 ≥ 3.11) | …/device/<devEui>/rx (v3 < 3.11)
    if (n >= 4 && cs[n - 4] === 'device' && cs[n - 2] === 'event' && cs[n - 1] === 'up') return { kind: 'chirpstack', legacyRx: false };
    if (n >= 3 && cs[n - 3] === 'device' && cs[n - 1] === 'rx') return { kind: 'chirpstack', legacyRx: true };
    return null;
  }
  const tts = under(topic, t.tts);
  if (tts) {
    // v3/<app>[@<tenant>]/devices/<device>/up
    const n = tts.length;
    return n >= 3 && tts[n - 3] === 'devices' && tts[n - 1] === 'up' ? { kind: 'tts' } : null;
  }
  // Z2M devices that are not configured sensors (switches, bulbs…) and bridge/… are not ours
  if (under(topic, t.zigbee2mqttBase)) return null;
  const plain = under(topic, t.plainBase);
  if (plain && plain.length === 1 && plain[0] !== '') return { kind: 'plain', sensor: undefined, id: plain[0] };
  return null;
}

function sourceOf(r: MqttRoute): IngestSource {
  if (r.kind === 'zigbee2mqtt') return 'zigbee2mqtt';
  if (r.kind === 'plain') return 'mqtt';
  return 'lorawan';
}

/** Parses one message; null when the topic is not an uplink we handle. Never throws. */
export function parseMqttMessage(topic: string, payload: Uint8Array, ctx: ParseMqttCtx): IngestOutcome | null {
  const route = routeTopic(topic, ctx.dir);
  if (route === null) return null;
  const source = sourceOf(route);
  const known = route.kind === 'zigbee2mqtt' || route.kind === 'plain' ? route.sensor?.id : undefined;
  if (payload.byteLength > ctx.maxPayloadBytes) {
    return reject(source, 'too_large', `${payload.byteLength} bytes, more than the ${ctx.maxPayloadBytes} allowed`, known);
  }
  if (route.kind === 'plain' && route.sensor === undefined) {
    return reject(source, 'unknown_device', `'${route.id.slice(0, 64)}' is not a configured MQTT sensor`);
  }
  const text = decodeUtf8(payload);
  if (text === null) return reject(source, 'invalid_json', 'the payload is not UTF-8 text', known);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : 'parse error';
    return reject(source, 'invalid_json', `the payload is not JSON (${why})`, known);
  }
  try {
    switch (route.kind) {
      case 'zigbee2mqtt':
        return zigbee2mqttOutcome(route.sensor, json, ctx.now);
      case 'plain':
        return plainOutcome(route.sensor!, json, ctx.now);
      case 'tts':
        return ttsV3(topic, json, ctx);
      case 'chirpstack':
        // from v3.11 ChirpStack v3 also publishes on event/up: tell the shapes apart by their device field
        if (!route.legacyRx && (!isPlainObject(json) || !('devEUI' in json) || 'deviceInfo' in json)) return chirpstackV4(topic, json, ctx);
        return chirpstackV3(topic, json, ctx);
    }
  } catch (err) {
    // parsers are total; this is a last guard so a bug costs one message, not the daemon
    return reject(source, 'wrong_type', `unexpected error: ${err instanceof Error ? err.message : String(err)}`, known);
  }
}
