// Maps an already decoded JSON object (ChirpStack `object`, The Things Stack `decoded_payload`,
// usually produced by the vendor codecs) to canonical metrics through a name table.
// Only top-level keys are read (nested objects such as `history` arrays hold past records).
// A key's value may be a number, a numeric string, {value, unit}, or Adeunis-style
// {unit, values: [t=0, t-1, …]} (the first value is the newest).
import type { DecodedUplink, Metric } from '../../common/metrics.js';
import { Out } from './bytes.js';

/** Keys are compared lower-cased with every non-alphanumeric character removed (pm2.5 = pm2_5 = pm25). */
const canon = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');

interface Source {
  keys: string[];
  /** value multiplier for this key's raw number (e.g. mV -> V) */
  scale?: number;
}

// Order matters: the first key found wins. External probe keys come before the built-in sensor,
// for the same cold-chain reason as the Dragino decoder (see dragino.ts).
const PROBE_TEMPERATURE = ['tempcds', 'tempc1', 'tempctmp117', 'externaltemperature'];
const TABLE: [Metric, Source[]][] = [
  ['temperature', [{ keys: PROBE_TEMPERATURE }, { keys: ['temperature', 'temp', 'tempcsht', 'tempc', 'airtemperature'] }]],
  ['humidity', [{ keys: ['humidity', 'humsht', 'hum', 'relativehumidity', 'rh', 'airhumidity'] }]],
  ['co2', [{ keys: ['co2', 'co2ppm'] }]],
  ['pm2_5', [{ keys: ['pm25', 'pm2p5'] }]],
  ['pm10', [{ keys: ['pm10'] }]],
  ['tvoc', [{ keys: ['tvoc', 'voc'] }]],
  ['pressure', [{ keys: ['pressure', 'barometricpressure', 'airpressure'] }]],
  ['battery', [{ keys: ['battery', 'batterylevel', 'batterypercent', 'batterypercentage'] }]],
  ['battery_voltage', [{ keys: ['batv', 'batteryvoltage', 'batvoltage', 'volt'] }, { keys: ['vdd'], scale: 1 / 1000 }]],
  ['light', [{ keys: ['light', 'illumination', 'illuminance', 'lux', 'illlx'] }]],
  ['motion', [{ keys: ['pir', 'motion'] }]],
];

// Dragino 327.67 °C "no probe" and Adeunis -3276.8 °C "invalid measure" markers.
const TEMPERATURE_SENTINELS = [327.67, -3276.8];

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Extracts {number, unit?} from the accepted value shapes. */
function read(v: unknown): { n: number; unit?: string } | undefined {
  const n = toNumber(v);
  if (n !== undefined) return { n };
  if (!isRecord(v)) return undefined;
  const unit = typeof v.unit === 'string' ? v.unit : undefined;
  const inner = 'value' in v ? toNumber(v.value) : Array.isArray(v.values) ? toNumber(v.values[0]) : undefined;
  return inner === undefined ? undefined : { n: inner, unit };
}

// Unit conversions for stated units; an unknown unit on a metric with a fixed unit drops the value
// rather than storing it under the wrong unit. tvoc keeps whatever unit the codec states.
const UNIT_ALIASES: Partial<Record<Metric, Record<string, (n: number) => number>>> = {
  temperature: { '°c': (n) => n, c: (n) => n, celsius: (n) => n, '°f': (n) => ((n - 32) * 5) / 9, f: (n) => ((n - 32) * 5) / 9 },
  humidity: { '%': (n) => n, '%rh': (n) => n, rh: (n) => n },
  co2: { ppm: (n) => n },
  pm2_5: { 'µg/m³': (n) => n, 'ug/m3': (n) => n, 'µg/m3': (n) => n },
  pm10: { 'µg/m³': (n) => n, 'ug/m3': (n) => n, 'µg/m3': (n) => n },
  pressure: { hpa: (n) => n, mbar: (n) => n, pa: (n) => n / 100, kpa: (n) => n * 10 },
  battery: { '%': (n) => n },
  battery_voltage: { v: (n) => n, mv: (n) => n / 1000 },
  light: { lux: (n) => n, lx: (n) => n },
};

function convert(metric: Metric, n: number, unit: string | undefined): { n: number; unit?: string } | undefined {
  if (unit === undefined || unit.trim() === '') return { n };
  if (metric === 'tvoc') return { n, unit };
  if (metric === 'motion') return { n };
  const f = UNIT_ALIASES[metric]?.[unit.trim().toLowerCase()];
  return f ? { n: f(n) } : undefined;
}

export function normalizeDecodedObject(obj: unknown): DecodedUplink {
  const out = new Out();
  if (!isRecord(obj)) return out.result();

  const byKey = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const c = canon(k);
    if (!byKey.has(c)) byKey.set(c, v);
  }

  for (const [metric, sources] of TABLE) {
    let done = false;
    for (const src of sources) {
      for (const k of src.keys) {
        if (!byKey.has(k)) continue;
        const raw = read(byKey.get(k));
        if (!raw) continue;
        if (metric === 'temperature' && TEMPERATURE_SENTINELS.includes(raw.n)) {
          const probe = PROBE_TEMPERATURE.includes(k);
          out.fault(
            probe ? 'probe_disconnected' : 'sensor_error',
            `${k}: the sensor sent its "no reading" marker (${raw.n} °C)`,
          );
          done = true; // a broken probe is not replaced by another temperature (see TABLE comment)
          break;
        }
        // a stated unit wins over the key's implied scale (vdd: {value: 3.3, unit: 'V'})
        const conv = raw.unit ? convert(metric, raw.n, raw.unit) : { n: raw.n * (src.scale ?? 1) };
        if (!conv) continue;
        out.add(metric, conv.n, conv.unit);
        done = true;
        break;
      }
      if (done) break;
    }
  }
  return out.result();
}
