// LoRaWAN network-server uplinks: ChirpStack v4, ChirpStack v3 and The Things Stack v3. Each
// shape is reduced to one LoraUplink, then decoded the same way: the network server's decoded
// object when it yields something, else our decoder for the sensor's model.
import type { DecodedUplink } from '../../common/metrics.js';
import { normalizeDecodedObject } from '../../hardware/decoders/normalize.js';
import { decodeBase64, euiFromHex, euiFromHexOrBase64 } from './encoding.js';
import { finish, pickTimestamp, reject } from './outcome.js';
import { checkTts, checkV3, checkV4, isPlainObject } from './schemas.js';
import type { DecodeFn, IngestOutcome, SensorDirectory } from './types.js';

export interface LorawanCtx {
  dir: SensorDirectory;
  now: number;
  decode: DecodeFn;
}

interface LoraUplink {
  /** lowercase hex; null when the message carries none (then the topic identifies the sensor) */
  devEui: string | null;
  fCnt: number;
  fPort: number;
  /** base64 FRMPayload */
  data: string | null;
  /** object decoded by the network server's codec */
  object: unknown;
  time: unknown;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** DecodeError is matched by shape: user codecs and decoders may come from another module instance. */
function decodeErrorReason(err: unknown): string | null {
  const r = (err as { reason?: unknown } | null)?.reason;
  return err instanceof Error && typeof r === 'string' ? r : null;
}

function decodeLora(topic: string, up: LoraUplink, ctx: LorawanCtx): IngestOutcome {
  const sensor = up.devEui !== null ? ctx.dir.byDevEui(up.devEui) : ctx.dir.byTopic(topic);
  if (!sensor || sensor.source !== 'lorawan') {
    const who = up.devEui !== null ? `DevEUI ${up.devEui}` : `topic ${topic} (no DevEUI in the message)`;
    return reject('lorawan', 'unknown_device', `${who} is not a configured LoRaWAN sensor`);
  }
  const ts = pickTimestamp(up.time, ctx.now);
  const key = `${up.devEui ?? sensor.devEui?.toLowerCase() ?? sensor.id}:${up.fCnt}`;
  let bytes: Uint8Array | null = null;
  if (up.data !== null && up.data !== '') {
    bytes = decodeBase64(up.data);
    if (bytes === null) return reject('lorawan', 'bad_encoding', 'the payload data is not valid base64', sensor.id);
  }

  let fromServer: DecodedUplink | null = null;
  if (up.object !== undefined && up.object !== null) {
    try {
      fromServer = normalizeDecodedObject(up.object);
    } catch (err) {
      const r = decodeErrorReason(err);
      return reject('lorawan', 'decode_error', `decoded object from the network server: ${r ? `${r}: ` : ''}${errorText(err)}`, sensor.id);
    }
    // a server codec whose names we do not know must not hide a payload our decoder can read
    const useful = fromServer.values.length > 0 || fromServer.faults.length > 0;
    if (useful || bytes === null || sensor.model === undefined) return finish(sensor, 'lorawan', ts, fromServer, [], key);
  }
  if (bytes === null || bytes.length === 0) {
    return reject('lorawan', 'no_values', `uplink without application payload (fPort ${up.fPort})`, sensor.id);
  }
  if (sensor.model === undefined) {
    return reject('lorawan', 'unsupported_model', `sensor '${sensor.id}' has no model and the network server sent no decoded object`, sensor.id);
  }
  let decoded: DecodedUplink | undefined;
  try {
    decoded = ctx.decode(sensor, bytes, up.fPort);
  } catch (err) {
    const r = decodeErrorReason(err);
    if (r === 'unknown_model' || r === 'unsupported_model') {
      return reject('lorawan', 'unsupported_model', `no decoder for model '${sensor.model}'`, sensor.id);
    }
    return reject('lorawan', 'decode_error', `${sensor.model}: ${r ?? 'decoder_failed'}: ${errorText(err)}`, sensor.id);
  }
  if (decoded === undefined) return reject('lorawan', 'unsupported_model', `no decoder for model '${sensor.model}'`, sensor.id);
  return finish(sensor, 'lorawan', ts, decoded, [], key);
}

export function chirpstackV4(topic: string, json: unknown, ctx: LorawanCtx): IngestOutcome {
  if (!checkV4.check(json)) return reject('lorawan', 'wrong_type', `ChirpStack v4 uplink ${checkV4.explain(json)}`);
  const eui = euiFromHex(json.deviceInfo.devEui);
  if (eui === null) return reject('lorawan', 'bad_encoding', 'deviceInfo.devEui is not 16 hex digits');
  return decodeLora(topic, {
    devEui: eui,
    fCnt: json.fCnt ?? 0,
    fPort: json.fPort ?? 0,
    data: json.data ?? null,
    object: json.object,
    time: json.time,
  }, ctx);
}

function firstRxTime(rxInfo: unknown): unknown {
  return Array.isArray(rxInfo) && isPlainObject(rxInfo[0]) ? rxInfo[0].time : undefined;
}

export function chirpstackV3(topic: string, json: unknown, ctx: LorawanCtx): IngestOutcome {
  if (!checkV3.check(json)) return reject('lorawan', 'wrong_type', `ChirpStack v3 uplink ${checkV3.explain(json)}`);
  const eui = euiFromHexOrBase64(json.devEUI);
  if (eui === null) return reject('lorawan', 'bad_encoding', 'devEUI is neither 16 hex digits nor base64 of 8 bytes');
  let object: unknown = json.object;
  if (object === undefined && typeof json.objectJSON === 'string' && json.objectJSON !== '') {
    try {
      object = JSON.parse(json.objectJSON);
    } catch {
      return reject('lorawan', 'invalid_json', 'objectJSON is not valid JSON');
    }
  }
  return decodeLora(topic, {
    devEui: eui,
    fCnt: json.fCnt ?? 0,
    fPort: json.fPort ?? 0,
    data: json.data ?? null,
    object,
    // publishedAt (protobuf JSON, v3.9+), else the first gateway's GPS time when it has one
    time: json.publishedAt ?? firstRxTime(json.rxInfo),
  }, ctx);
}

export function ttsV3(topic: string, json: unknown, ctx: LorawanCtx): IngestOutcome {
  if (!checkTts.check(json)) return reject('lorawan', 'wrong_type', `The Things Stack uplink ${checkTts.explain(json)}`);
  const ids = json.end_device_ids;
  let eui: string | null = null;
  if (ids.dev_eui !== undefined) {
    eui = euiFromHex(ids.dev_eui);
    if (eui === null) return reject('lorawan', 'bad_encoding', 'end_device_ids.dev_eui is not 16 hex digits');
  }
  const up = json.uplink_message;
  return decodeLora(topic, {
    devEui: eui,
    fCnt: up.f_cnt ?? 0,
    fPort: up.f_port ?? 0,
    data: up.frm_payload ?? null,
    object: up.decoded_payload,
    time: json.received_at ?? up.received_at,
  }, ctx);
}
