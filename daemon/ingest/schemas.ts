// TypeBox schemas of the external JSON messages (DESIGN: every input validated at the edge).
// Only the fields ingest reads are described; real messages carry many more, so extra properties
// are allowed. Metadata we merely prefer (times) stays Unknown: an odd gateway time must not cost
// the reading, pickTimestamp() falls back to the receive time.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { METRIC_NAMES } from '../../common/metrics.js';

const U32 = Type.Integer({ minimum: 0, maximum: 0xffffffff });
const FPORT = Type.Integer({ minimum: 0, maximum: 255 });

/** ChirpStack v4 `event/up` (protobuf JSON mapping: fields equal to 0 may be omitted). */
export const ChirpStackV4Up = Type.Object({
  deviceInfo: Type.Object({ devEui: Type.String() }),
  fCnt: Type.Optional(U32),
  fPort: Type.Optional(FPORT),
  data: Type.Optional(Type.String()),
  object: Type.Optional(Type.Unknown()),
  time: Type.Optional(Type.Unknown()),
});

/** ChirpStack v3 uplink (`rx` before v3.11, `event/up` after): "JSON v3" has `object`, "JSON" has `objectJSON`. */
export const ChirpStackV3Up = Type.Object({
  devEUI: Type.String(),
  fCnt: Type.Optional(U32),
  fPort: Type.Optional(FPORT),
  data: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  object: Type.Optional(Type.Unknown()),
  objectJSON: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  publishedAt: Type.Optional(Type.Unknown()),
  rxInfo: Type.Optional(Type.Unknown()),
});

/** The Things Stack v3 ApplicationUp with an uplink_message (empty / 0 fields are omitted). */
export const TtsUp = Type.Object({
  end_device_ids: Type.Object({
    dev_eui: Type.Optional(Type.String()),
    device_id: Type.Optional(Type.String()),
  }),
  received_at: Type.Optional(Type.Unknown()),
  uplink_message: Type.Object({
    f_cnt: Type.Optional(U32),
    f_port: Type.Optional(FPORT),
    frm_payload: Type.Optional(Type.String()),
    decoded_payload: Type.Optional(Type.Unknown()),
    received_at: Type.Optional(Type.Unknown()),
  }),
});

const NumOrNull = Type.Optional(Type.Union([Type.Number(), Type.Null()]));

/** Zigbee2MQTT device state: the fields we map (null = not reported yet, which Z2M publishes). */
export const Zigbee2MqttState = Type.Object({
  temperature: NumOrNull,
  humidity: NumOrNull,
  co2: NumOrNull,
  pm25: NumOrNull,
  pm10: NumOrNull,
  voc: NumOrNull,
  pressure: NumOrNull,
  battery: NumOrNull,
  voltage: NumOrNull,
  illuminance: NumOrNull,
  illuminance_lux: NumOrNull,
  occupancy: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
});

/** Plain MQTT: canonical metric names → numbers, optional ts (ISO 8601 or epoch ms). */
export const PlainReading = Type.Object({
  ts: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  ...Object.fromEntries(METRIC_NAMES.map((m) => [m, Type.Optional(Type.Number())])),
});

export type ChirpStackV4Up = Static<typeof ChirpStackV4Up>;
export type ChirpStackV3Up = Static<typeof ChirpStackV3Up>;
export type TtsUp = Static<typeof TtsUp>;
export type Zigbee2MqttState = Static<typeof Zigbee2MqttState>;

export interface Checker<T> {
  check(v: unknown): v is T;
  /** first error as 'path: message', for the rejection detail */
  explain(v: unknown): string;
}

function compile<S extends TSchema>(schema: S): Checker<Static<S>> {
  const c = TypeCompiler.Compile(schema);
  return {
    check: (v): v is Static<S> => c.Check(v),
    explain: (v) => {
      const e = c.Errors(v).First();
      return e ? `${e.path || '/'}: ${e.message}` : 'does not match the expected shape';
    },
  };
}

export const checkV4 = compile(ChirpStackV4Up);
export const checkV3 = compile(ChirpStackV3Up);
export const checkTts = compile(TtsUp);
export const checkZ2m = compile(Zigbee2MqttState);
export const checkPlain = compile(PlainReading);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
