// JSON sensors on MQTT: Zigbee2MQTT device states and Relais' plain format.
import { isMetric, type Metric, type MetricValue } from '../../common/metrics.js';
import { finish, pickTimestamp, reject } from './outcome.js';
import { checkPlain, checkZ2m, isPlainObject } from './schemas.js';
import type { DroppedValue, IngestOutcome, IngestSensor } from './types.js';

/** Z2M exposes → canonical metric and the factor to canonical units. */
const Z2M_NUMBERS: ReadonlyArray<[key: string, metric: Metric, factor: number]> = [
  ['temperature', 'temperature', 1],
  ['humidity', 'humidity', 1],
  ['co2', 'co2', 1],
  ['pm25', 'pm2_5', 1],
  ['pm10', 'pm10', 1],
  ['voc', 'tvoc', 1],
  ['pressure', 'pressure', 1],
  ['battery', 'battery', 1],
  ['voltage', 'battery_voltage', 0.001], // Z2M reports mV
];

/**
 * One Zigbee2MQTT state message (a full state object). Its `last_seen` (ISO or epoch ms, when the
 * bridge enables it) dates a retained or replayed state correctly.
 */
export function zigbee2mqttOutcome(sensor: IngestSensor, json: unknown, now: number): IngestOutcome {
  if (!isPlainObject(json)) return reject('zigbee2mqtt', 'wrong_type', 'expected a JSON object (device state)', sensor.id);
  if (!checkZ2m.check(json)) return reject('zigbee2mqtt', 'wrong_type', checkZ2m.explain(json), sensor.id);
  const values: MetricValue[] = [];
  for (const [key, metric, factor] of Z2M_NUMBERS) {
    const v = json[key as keyof typeof json];
    if (typeof v === 'number') values.push({ metric, value: factor === 1 ? v : v * factor });
  }
  // newer Z2M reports lux in `illuminance`; older ones put raw counts there and lux in `illuminance_lux`
  const lux = typeof json.illuminance_lux === 'number' ? json.illuminance_lux : json.illuminance;
  if (typeof lux === 'number') values.push({ metric: 'light', value: lux });
  if (typeof json.occupancy === 'boolean') values.push({ metric: 'motion', value: json.occupancy ? 1 : 0 });
  const ts = pickTimestamp((json as Record<string, unknown>).last_seen, now);
  return finish(sensor, 'zigbee2mqtt', ts, { values, faults: [] });
}

function shortKey(k: string): string {
  return k.length > 40 ? `${k.slice(0, 40)}…` : k;
}

/** Plain MQTT: `{ "temperature": 4.2, "ts": "2025-01-01T08:00:00Z" }`; unknown names are dropped and counted. */
export function plainOutcome(sensor: IngestSensor, json: unknown, now: number): IngestOutcome {
  if (!isPlainObject(json)) return reject('mqtt', 'wrong_type', 'expected a JSON object of metric names to numbers', sensor.id);
  if (!checkPlain.check(json)) return reject('mqtt', 'wrong_type', checkPlain.explain(json), sensor.id);
  const values: MetricValue[] = [];
  const dropped: DroppedValue[] = [];
  for (const [key, v] of Object.entries(json)) {
    if (key === 'ts') continue;
    if (isMetric(key)) values.push({ metric: key, value: v as number });
    else dropped.push({ reason: 'unknown_metric', detail: `'${shortKey(key)}' is not a canonical metric name` });
  }
  return finish(sensor, 'mqtt', pickTimestamp(json.ts, now), { values, faults: [] }, dropped);
}
