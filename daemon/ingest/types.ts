// Ingest contracts: the sensors ingest knows about, the directory that finds them from a topic,
// DevEUI or serial address, and the outcome of parsing one message.
import type { DecodedUplink, MetricValue, SensorFault } from '../../common/metrics.js';
import { RelaisError } from '../../common/errors.js';

export type IngestSource = 'lorawan' | 'zigbee2mqtt' | 'serial' | 'mqtt';

export interface IngestSensor {
  id: string;
  source: IngestSource;
  /** LoRaWAN DevEUI, 16 hex digits (any case here; the directory compares lowercase) */
  devEui?: string;
  /** decoder model for LoRaWAN / serial payloads */
  model?: string;
  /** zigbee2mqtt: friendly name or full topic; mqtt: full topic (default `<plainBase>/<id>`) */
  topic?: string;
  /** serial LoRa P2P node address */
  address?: string;
  /** expected seconds between readings (liveness) */
  intervalS: number;
}

/**
 * Where each family publishes: a prefix ('application', 'v3', 'zigbee2mqtt', 'relais/sensors') or
 * the subscription filter itself ('application/+/device/+/event/up', 'v3/+/devices/+/up'), which
 * buildDirectory cuts back to its literal prefix. '' disables a family.
 */
export interface IngestTopics {
  chirpstack: string;
  tts: string;
  zigbee2mqttBase: string;
  plainBase: string;
}

export type RejectReason =
  | 'invalid_json'
  | 'wrong_type'
  | 'unknown_device'
  | 'bad_encoding'
  | 'too_large'
  | 'implausible'
  | 'decode_error'
  | 'unsupported_model'
  | 'no_values'
  | 'duplicate';

export const REJECT_REASONS: readonly RejectReason[] = [
  'invalid_json', 'wrong_type', 'unknown_device', 'bad_encoding', 'too_large',
  'implausible', 'decode_error', 'unsupported_model', 'no_values', 'duplicate',
];

/** Why one value of an accepted message was left out. */
export type DropReason = 'implausible' | 'unknown_metric';

export interface DroppedValue {
  reason: DropReason;
  detail: string;
}

export interface IngestAccepted {
  ok: true;
  sensorId: string;
  source: IngestSource;
  /** measurement time, ms since epoch (the message's own time when sane, else receive time) */
  ts: number;
  values: MetricValue[];
  faults: SensorFault[];
  dropped: DroppedValue[];
  /** LoRaWAN only: `<devEui>:<fCnt>`, for UplinkDeduper */
  dedupeKey?: string;
}

export interface IngestRejected {
  ok: false;
  reason: RejectReason;
  detail: string;
  sensorId?: string;
  /** family the topic / line belongs to, for per-source counters */
  source: IngestSource;
}

export type IngestOutcome = IngestAccepted | IngestRejected;

/**
 * Decodes a raw LoRaWAN payload with the sensor's model. Returns undefined when no decoder exists
 * for the model; throws DecodeError on a malformed payload.
 */
export type DecodeFn = (sensor: IngestSensor, bytes: Uint8Array, fPort: number) => DecodedUplink | undefined;

export interface SensorDirectory {
  readonly topics: IngestTopics;
  readonly sensors: readonly IngestSensor[];
  byId(id: string): IngestSensor | undefined;
  byDevEui(devEui: string): IngestSensor | undefined;
  /** exact topic of a zigbee2mqtt / mqtt sensor (or a lorawan sensor with a topic) */
  byTopic(topic: string): IngestSensor | undefined;
  byAddress(address: string): IngestSensor | undefined;
}

/**
 * The literal prefix of a prefix or filter: up to the first wildcard level and, for LoRaWAN
 * filters written without wildcards, up to the device level (`cut`), without a trailing '/'.
 */
function cleanPrefix(p: string, cut?: string): string {
  const levels = p.split('/');
  let end = levels.findIndex((l) => l === '+' || l === '#');
  if (end < 0) end = levels.length;
  if (cut !== undefined) {
    const at = levels.indexOf(cut, 1);
    if (at >= 0 && at < end) end = at;
  }
  return levels.slice(0, end).join('/').replace(/\/+$/, '');
}

function z2mTopic(base: string, s: IngestSensor): string {
  const t = s.topic ?? s.id;
  return base === '' || t.startsWith(`${base}/`) ? t : `${base}/${t}`;
}

/**
 * Builds the lookup tables. Throws RELAIS_CONFIG_INVALID when two sensors claim the same id,
 * DevEUI, topic or address: a silent winner would file readings under the wrong sensor.
 */
export function buildDirectory(sensors: IngestSensor[], topics: IngestTopics): SensorDirectory {
  const t: IngestTopics = {
    chirpstack: cleanPrefix(topics.chirpstack, 'device'),
    tts: cleanPrefix(topics.tts, 'devices'),
    zigbee2mqttBase: cleanPrefix(topics.zigbee2mqttBase),
    plainBase: cleanPrefix(topics.plainBase),
  };
  const ids = new Map<string, IngestSensor>();
  const euis = new Map<string, IngestSensor>();
  const byTopic = new Map<string, IngestSensor>();
  const addresses = new Map<string, IngestSensor>();
  const put = (map: Map<string, IngestSensor>, key: string, s: IngestSensor, what: string): void => {
    const other = map.get(key);
    if (other && other !== s) {
      throw new RelaisError('RELAIS_CONFIG_INVALID', `sensors '${other.id}' and '${s.id}' have the same ${what} '${key}': each sensor needs its own`, { key, what });
    }
    map.set(key, s);
  };
  for (const s of sensors) {
    put(ids, s.id, s, 'id');
    if (s.devEui !== undefined) put(euis, s.devEui.toLowerCase(), s, 'devEui');
    if (s.address !== undefined) put(addresses, s.address.toLowerCase(), s, 'serial address');
    if (s.source === 'zigbee2mqtt') put(byTopic, z2mTopic(t.zigbee2mqttBase, s), s, 'topic');
    else if (s.source === 'mqtt') {
      if (t.plainBase !== '') put(byTopic, `${t.plainBase}/${s.id}`, s, 'topic');
      if (s.topic !== undefined) put(byTopic, s.topic, s, 'topic');
    } else if (s.topic !== undefined) put(byTopic, s.topic, s, 'topic');
  }
  return {
    topics: t,
    sensors: [...sensors],
    byId: (id) => ids.get(id),
    byDevEui: (eui) => euis.get(eui.toLowerCase()),
    byTopic: (topic) => byTopic.get(topic),
    byAddress: (a) => addresses.get(a.toLowerCase()),
  };
}
