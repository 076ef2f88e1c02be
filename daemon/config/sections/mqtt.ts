// `mqtt:` the broker Relais subscribes to: the embedded one (default, works with no other
// software) or an external one by URL. Exactly one of the two.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { checkObject, isDict } from '../validate.js';
import { Host, NonEmpty, Port, Strict, type SectionContext } from './common.js';

const Topics = Type.Object(
  {
    chirpstack: Type.String({ minLength: 1, default: 'application/+/device/+/event/up' }),
    tts: Type.String({ minLength: 1, default: 'v3/+/devices/+/up' }),
    zigbee2mqtt: Type.String({ minLength: 1, default: 'zigbee2mqtt' }),
    plain: Type.String({ minLength: 1, default: 'relais/sensors' }),
  },
  { ...Strict, default: {} },
);

// Not a setting: QoS 1 is what lets a reading be acknowledged only once stored.
const Qos = Type.Literal(1, { default: 1, expected: '1 (Relais always uses QoS 1 so that no reading is lost)' });

const URL_EXPECTED = 'an mqtt:// or mqtts:// URL such as mqtts://broker.example.fr:8883';

export const EmbeddedBrokerSchema = Type.Object(
  {
    embedded: Type.Object({ host: Host('127.0.0.1'), port: Port(1883) }, Strict),
    qos: Qos,
    topics: Topics,
  },
  Strict,
);

export const ExternalBrokerSchema = Type.Object(
  {
    url: Type.String({ pattern: '^mqtts?://', expected: URL_EXPECTED }),
    username: Type.Optional(NonEmpty()),
    /** Path to a file readable only by its owner (0600) holding the password. */
    passwordFile: Type.Optional(NonEmpty()),
    clientId: Type.String({ minLength: 1, maxLength: 256 }),
    qos: Qos,
    topics: Topics,
  },
  Strict,
);

export type EmbeddedBrokerSettings = Static<typeof EmbeddedBrokerSchema>;
export type ExternalBrokerSettings = Static<typeof ExternalBrokerSchema>;
/**
 * Exactly one of `embedded` / `url` is set; the other variant's keys are declared `undefined`
 * so `if (mqtt.url) … else mqtt.embedded` narrows without `in` checks.
 */
export type MqttSettings =
  | (EmbeddedBrokerSettings & { url?: undefined; username?: undefined; passwordFile?: undefined; clientId?: undefined })
  | (ExternalBrokerSettings & { embedded?: undefined });
export type MqttTopics = Static<typeof Topics>;

const EXTERNAL_ONLY = 'unknown key; it is only used with mqtt.url (an external broker)';

export function checkMqtt(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): MqttSettings | undefined {
  const value: unknown = raw ?? {};
  if (!isDict(value)) {
    ctx.problems.invalid(path, 'must be a mapping (key: value)');
    return undefined;
  }
  if ('embedded' in value && 'url' in value) {
    ctx.problems.invalid(path, 'set either embedded (the broker inside Relais) or url (an external broker), not both');
    return undefined;
  }
  if (!('url' in value)) {
    value.embedded ??= {};
    const foreignKeys = { username: EXTERNAL_ONLY, passwordFile: EXTERNAL_ONLY, clientId: EXTERNAL_ONLY };
    const result = checkObject(EmbeddedBrokerSchema, value, path, ctx.problems, { foreignKeys });
    return result.ok ? (result.value as MqttSettings) : undefined;
  }
  value.clientId ??= `relais-${ctx.config.site?.id ?? 'site'}`;
  const result = checkObject(ExternalBrokerSchema, value, path, ctx.problems);
  let ok = result.ok;
  const v = result.value;
  if (isDict(v) && typeof v.url === 'string' && /^mqtts?:\/\//.test(v.url) && !isBrokerUrl(v.url)) {
    ctx.problems.invalid([...path, 'url'], `must be ${URL_EXPECTED}`);
    ok = false;
  }
  if (isDict(v) && typeof v.passwordFile === 'string' && v.passwordFile !== '' && ctx.files) {
    const why = ctx.files.privateFile(v.passwordFile);
    if (why !== null) {
      ctx.problems.invalid([...path, 'passwordFile'], why);
      ok = false;
    }
  }
  return ok ? (v as MqttSettings) : undefined;
}

function isBrokerUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'mqtt:' || url.protocol === 'mqtts:') && url.hostname !== '';
  } catch {
    return false;
  }
}
