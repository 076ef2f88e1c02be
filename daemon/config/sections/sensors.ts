// `sensors:` every sensor the site logs. The list is a union keyed by `source`; TypeBox's union
// errors are unreadable, so `source` is checked first and the entry is then validated against
// that source's own schema. Keys of other sources are reported as not belonging here.
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { closest, listBrief } from '../suggest.js';
import { checkObject, isDict, type Dict } from '../validate.js';
import { Name, NonEmpty, Slug, Strict, type SectionContext } from './common.js';

export const SENSOR_SOURCES = ['lorawan', 'zigbee2mqtt', 'serial', 'mqtt'] as const;
export type SensorSource = (typeof SENSOR_SOURCES)[number];

/** Expected reporting interval when the file does not say (seconds). */
export const DEFAULT_INTERVAL_S: Readonly<Record<SensorSource, number>> = {
  lorawan: 600,
  zigbee2mqtt: 300,
  serial: 300,
  mqtt: 60,
};

const common = <S extends SensorSource>(source: S) => ({
  id: Slug(),
  name: Name(),
  source: Type.Literal(source),
  intervalS: Type.Integer({ minimum: 1, maximum: 604800, default: DEFAULT_INTERVAL_S[source] }),
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
});

// Topics a sensor publishes on: exact names, never wildcards.
const Topic = () =>
  Type.String({ pattern: '^[^#+\\u0000]+$', expected: 'an MQTT topic without wildcards (+ or #)' });

export const LorawanSensorSchema = Type.Object(
  {
    ...common('lorawan'),
    devEui: Type.String({ pattern: '^[0-9A-Fa-f]{16}$', expected: '16 hex digits' }),
    model: Type.Optional(NonEmpty()),
    codecFile: Type.Optional(NonEmpty()),
  },
  Strict,
);
export const Zigbee2mqttSensorSchema = Type.Object({ ...common('zigbee2mqtt'), topic: Topic() }, Strict);
export const SerialSensorSchema = Type.Object(
  {
    ...common('serial'),
    address: Type.String({ pattern: '^[A-Za-z0-9_-]{1,8}$', expected: '1 to 8 letters, digits, _ or -' }),
  },
  Strict,
);
export const MqttSensorSchema = Type.Object({ ...common('mqtt'), topic: Topic() }, Strict);

export type LorawanSensorConfig = Static<typeof LorawanSensorSchema>;
export type Zigbee2mqttSensorConfig = Static<typeof Zigbee2mqttSensorSchema>;
export type SerialSensorConfig = Static<typeof SerialSensorSchema>;
export type MqttSensorConfig = Static<typeof MqttSensorSchema>;
/** Discriminated by `source`. */
export type SensorConfig = LorawanSensorConfig | Zigbee2mqttSensorConfig | SerialSensorConfig | MqttSensorConfig;

const SCHEMAS: Record<SensorSource, TObject> = {
  lorawan: LorawanSensorSchema,
  zigbee2mqtt: Zigbee2mqttSensorSchema,
  serial: SerialSensorSchema,
  mqtt: MqttSensorSchema,
};

// Used when `source` is wrong: still report what is wrong with the keys every sensor has.
const CommonOnly = Type.Object({ id: Slug(), name: Name() });

/** For each source, the keys that belong only to other sources, with where they belong. */
const FOREIGN_KEYS = Object.fromEntries(
  SENSOR_SOURCES.map((source) => {
    const own = new Set(Object.keys(SCHEMAS[source].properties));
    const foreign: Record<string, string> = {};
    for (const other of SENSOR_SOURCES) {
      for (const key of Object.keys(SCHEMAS[other].properties)) {
        if (own.has(key) || foreign[key] !== undefined) continue;
        const owners = SENSOR_SOURCES.filter((s) => key in SCHEMAS[s].properties);
        foreign[key] = `unknown key for a ${source} sensor; ${key} is only used by ${owners.join(' and ')} sensors`;
      }
    }
    return [source, foreign];
  }),
) as Record<SensorSource, Record<string, string>>;

function isSource(value: unknown): value is SensorSource {
  return typeof value === 'string' && (SENSOR_SOURCES as readonly string[]).includes(value);
}

export function checkSensors(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): SensorConfig[] | undefined {
  if (raw === null || raw === undefined) return []; // `sensors:` left empty: a site with none yet
  if (!Array.isArray(raw)) {
    ctx.problems.invalid(path, 'must be a list (one "- id: …" entry per sensor)');
    return undefined;
  }
  const topics = ctx.config.mqtt?.topics ?? { zigbee2mqtt: 'zigbee2mqtt', plain: 'relais/sensors' };
  const sensors: SensorConfig[] = [];
  let ok = true;
  raw.forEach((entry: unknown, i) => {
    const at = [...path, i];
    if (!isDict(entry)) {
      ctx.problems.invalid(at, 'must be a mapping (id, name, source, …)');
      ok = false;
      return;
    }
    const source = entry.source;
    if (!isSource(source)) {
      const guess = typeof source === 'string' ? closest(source, SENSOR_SOURCES) : undefined;
      const expected = `must be one of: ${SENSOR_SOURCES.join(', ')}`;
      const message =
        source === undefined ? `is required; ${expected}` : guess ? `${expected}; did you mean ${guess}?` : expected;
      ctx.problems.invalid([...at, 'source'], message);
      checkObject(CommonOnly, entry, at, ctx.problems);
      ok = false;
      return;
    }
    // Default topics follow the configured prefixes so a renamed zigbee2mqtt base just works.
    if (entry.topic === undefined && source === 'zigbee2mqtt') entry.topic = `${topics.zigbee2mqtt}/${String(entry.id)}`;
    if (entry.topic === undefined && source === 'mqtt') entry.topic = `${topics.plain}/${String(entry.id)}`;
    const result = checkObject(SCHEMAS[source], entry, at, ctx.problems, { foreignKeys: FOREIGN_KEYS[source] });
    if (source === 'lorawan' && !checkLorawanExtras(entry, at, ctx)) ok = false;
    if (result.ok) sensors.push(result.value as SensorConfig);
    else ok = false;
  });
  if (!checkDuplicates(raw, path, ctx)) ok = false;
  if (!ok) return undefined;
  for (const s of sensors) if (s.source === 'lorawan') s.devEui = s.devEui.toLowerCase();
  return sensors;
}

function checkLorawanExtras(entry: Dict, at: readonly PathSegment[], ctx: SectionContext): boolean {
  let ok = true;
  const models = ctx.knownModels;
  if (models && typeof entry.model === 'string' && entry.model !== '' && !models.includes(entry.model)) {
    const guess = closest(entry.model, models);
    const hint = guess === undefined ? '' : ` did you mean ${guess}?`;
    const list = models.length === 0 ? 'none yet' : listBrief(models);
    ctx.problems.invalid([...at, 'model'], `unknown model;${hint} known models: ${list}`);
    ok = false;
  }
  if (ctx.files && typeof entry.codecFile === 'string' && entry.codecFile !== '') {
    const why = ctx.files.readableFile(entry.codecFile);
    if (why !== null) {
      ctx.problems.invalid([...at, 'codecFile'], why);
      ok = false;
    }
  }
  return ok;
}

/** Two sensors with the same id, devEui, serial address or topic would mix their readings. */
function checkDuplicates(raw: unknown[], path: readonly PathSegment[], ctx: SectionContext): boolean {
  const seen = new Map<string, number>();
  let ok = true;
  const claim = (kind: string, key: string, shown: string, i: number): void => {
    const first = seen.get(`${kind}\u0000${key}`);
    if (first === undefined) {
      seen.set(`${kind}\u0000${key}`, i);
      return;
    }
    const firstEntry = raw[first] as Dict;
    const label = kind !== 'id' && typeof firstEntry.id === 'string' ? firstEntry.id : undefined;
    const other = ctx.problems.describeEntry([...path, first], [...path, first, kind], label);
    ctx.problems.add('RELAIS_CONFIG_DUPLICATE', [...path, i, kind], `duplicate ${kind} "${shown}"; also used by ${other}`);
    ok = false;
  };
  raw.forEach((entry, i) => {
    if (!isDict(entry)) return;
    if (typeof entry.id === 'string') claim('id', entry.id, entry.id, i);
    if (entry.source === 'lorawan' && typeof entry.devEui === 'string' && /^[0-9A-Fa-f]{16}$/.test(entry.devEui)) {
      claim('devEui', entry.devEui.toLowerCase(), entry.devEui, i);
    }
    if (entry.source === 'serial' && typeof entry.address === 'string') claim('address', entry.address, entry.address, i);
    if ((entry.source === 'zigbee2mqtt' || entry.source === 'mqtt') && typeof entry.topic === 'string') {
      claim('topic', entry.topic, entry.topic, i);
    }
  });
  return ok;
}
