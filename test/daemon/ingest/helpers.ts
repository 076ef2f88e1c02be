// Shared test setup: the fixtures (verbatim copies of /work/shared/fixtures, see fixtures/), a
// sensor directory covering every fixture device, and a tiny fake decoder.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { implausible, type DecodedUplink } from '../../../common/metrics.js';
import { DecodeError } from '../../../hardware/decoders/types.js';
import { parseMqttMessage } from '../../../daemon/ingest/parse-mqtt.js';
import { REJECT_REASONS, buildDirectory, type IngestOutcome, type IngestSensor } from '../../../daemon/ingest/types.js';

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export const TOPICS = { chirpstack: 'application', tts: 'v3', zigbee2mqttBase: 'zigbee2mqtt', plainBase: 'relais/sensors' };

export const SENSORS: IngestSensor[] = [
  // ChirpStack v4 docs device (events fixture + the docs `up` example)
  { id: 'cs-test', source: 'lorawan', devEui: '0101010101010101', model: 'fake-u8', intervalS: 600 },
  // TTS docs device: frm_payload is ASCII "Temperature = 0.0"
  { id: 'tts-dev1', source: 'lorawan', devEui: '4200000000000000', model: 'fake-ascii', intervalS: 600 },
  { id: 'tts-dataformats', source: 'lorawan', devEui: '0004A30B001C0530', intervalS: 600 },
  { id: 'ers2-co2', source: 'lorawan', devEui: '1000000000000001', model: 'elsys-ers-co2', intervalS: 600 },
  { id: 'rs261', source: 'lorawan', devEui: '0025CA00000017C2', intervalS: 600 },
  { id: 'v3-garden', source: 'lorawan', devEui: '0202020202020202', model: 'fake-u8', intervalS: 600 },
  { id: 'no-model', source: 'lorawan', devEui: '0303030303030303', intervalS: 600 },
  { id: 'unknown-model', source: 'lorawan', devEui: '0404040404040404', model: 'no-such-model', intervalS: 600 },
  { id: 'z-docs', source: 'zigbee2mqtt', topic: 'FRIENDLY_NAME', intervalS: 300 },
  { id: 'z-snzb02', source: 'zigbee2mqtt', topic: 'snzb02', intervalS: 300 },
  { id: 'z-temp1', source: 'zigbee2mqtt', topic: 'Temp1', intervalS: 300 },
  { id: 'z-tuya-ieee', source: 'zigbee2mqtt', topic: 'zigbee2mqtt/0x0c4314fffe84e0a4', intervalS: 300 },
  { id: 'z-ensuite', source: 'zigbee2mqtt', topic: 'Ensuite Particle Sensor', intervalS: 300 },
  { id: 'z-air', source: 'zigbee2mqtt', topic: 'Air Quality Sensor', intervalS: 300 },
  { id: 'z-czujnik', source: 'zigbee2mqtt', topic: 'Czujnik CO2 75', intervalS: 300 },
  { id: 'plain-1', source: 'mqtt', intervalS: 60 },
  { id: 'plain-custom', source: 'mqtt', topic: 'school/room12/air', intervalS: 60 },
  { id: 'serial-1', source: 'serial', address: 'A1B2', intervalS: 120 },
];

export const dir = buildDirectory(SENSORS, TOPICS);

/**
 * fake-u8: temperature = first byte / 10; fake-ascii: parses "Temperature = <n>";
 * other models: no decoder. Empty payload → DecodeError, like the real decoders.
 */
export function fakeDecode(sensor: IngestSensor, bytes: Uint8Array, _fPort: number): DecodedUplink | undefined {
  if (sensor.model === 'fake-u8') {
    if (bytes.length < 1) throw new DecodeError('payload_too_short', 'fake-u8 needs 1 byte');
    return { values: [{ metric: 'temperature', value: bytes[0] / 10 }], faults: [] };
  }
  if (sensor.model === 'fake-ascii') {
    const m = /^Temperature = (-?\d+(?:\.\d+)?)$/.exec(Buffer.from(bytes).toString('latin1'));
    if (!m) throw new DecodeError('unknown_format', 'not "Temperature = n"');
    return { values: [{ metric: 'temperature', value: Number(m[1]) }], faults: [] };
  }
  return undefined;
}

export const enc = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

export function parse(topic: string, payload: unknown, now: number, maxPayloadBytes = 64 * 1024): IngestOutcome | null {
  const bytes = payload instanceof Uint8Array ? payload : enc(payload);
  return parseMqttMessage(topic, bytes, { dir, now, maxPayloadBytes, decode: fakeDecode });
}

/** The invariants every outcome keeps, whatever the input. */
export function expectWellFormed(o: IngestOutcome | null): void {
  if (o === null) return;
  if (o.ok) {
    expect(o.values.length + o.faults.length).toBeGreaterThan(0);
    for (const v of o.values) expect(implausible(v.metric, v.value)).toBeNull();
    expect(Number.isFinite(o.ts)).toBe(true);
  } else {
    expect(REJECT_REASONS).toContain(o.reason);
    expect(o.detail).not.toMatch(/^unexpected error/);
  }
}
