import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../hardware/decoders/types.js';
import { parseMqttMessage, routeTopic } from '../../../daemon/ingest/parse-mqtt.js';
import { serialFrameToOutcome } from '../../../daemon/ingest/parse-serial.js';
import { UplinkDeduper } from '../../../daemon/ingest/dedupe.js';
import { buildDirectory, type RejectReason } from '../../../daemon/ingest/types.js';
import { dir, enc, expectWellFormed, parse, SENSORS, TOPICS } from './helpers.js';

const NOW = Date.parse('2025-03-10T08:00:00Z');
const CS_UP = 'application/app-uuid/device/0101010101010101/event/up';
const v4 = (extra: Record<string, unknown> = {}) => ({
  deduplicationId: 'x', time: '2025-03-10T07:59:58.123456789+00:00',
  deviceInfo: { devEui: '0101010101010101', deviceName: 'd' }, fCnt: 12, fPort: 1, data: 'qg==', ...extra,
});

describe('ChirpStack v3', () => {
  // "JSON v3" (legacy marshaler) example of the v3 docs: hex devEUI, embedded object
  const legacy = {
    applicationID: '123', applicationName: 'temperature-sensor', deviceName: 'garden-sensor', devEUI: '0202020202020202',
    rxInfo: [{ gatewayID: '0303030303030303', name: 'rooftop-gateway', time: '2025-03-10T07:59:00.295915988Z', rssi: -57, loRaSNR: 10 }],
    txInfo: { frequency: 868100000, dr: 5 }, adr: false, fCnt: 10, fPort: 5, data: 'ZA==',
    object: { temperatureSensor: { 1: 25 }, humiditySensor: { 1: 32 } },
  };

  it('legacy /rx topic, hex devEUI; an object without known names falls back to the decoder', () => {
    const o = parse('application/123/device/0202020202020202/rx', legacy, NOW);
    expect(o).toEqual({
      ok: true, sensorId: 'v3-garden', source: 'lorawan', ts: Date.parse('2025-03-10T07:59:00.295Z'),
      values: [{ metric: 'temperature', value: 10 }], faults: [], dropped: [], dedupeKey: '0202020202020202:10',
    });
  });

  it('protobuf "JSON" marshaler on event/up (v3.11+): base64 devEUI, objectJSON string, publishedAt', () => {
    const msg = { applicationID: '123', devEUI: 'AgICAgICAgI=', fCnt: 11, fPort: 5, data: 'ZA==', objectJSON: '{"temperature":21.5}', publishedAt: '2025-03-10T07:58:00Z' };
    const o = parse('application/123/device/0202020202020202/event/up', msg, NOW);
    expect(o).toMatchObject({ ok: true, sensorId: 'v3-garden', ts: Date.parse('2025-03-10T07:58:00Z'), values: [{ metric: 'temperature', value: 21.5 }], dedupeKey: '0202020202020202:11' });
  });

  it('bad objectJSON → invalid_json, bad devEUI → bad_encoding', () => {
    const base = { devEUI: '0202020202020202', fPort: 5, data: 'ZA==' };
    expect(parse('application/1/device/x/rx', { ...base, objectJSON: '{nope' }, NOW)).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(parse('application/1/device/x/rx', { ...base, devEUI: 'AgICAgI=' }, NOW)).toMatchObject({ ok: false, reason: 'bad_encoding' });
  });

  it('other v3 topics are not uplinks', () => {
    for (const t of ['status', 'join', 'ack', 'error', 'tx', 'location', 'txack']) expect(parse(`application/1/device/0202020202020202/${t}`, legacy, NOW)).toBeNull();
  });
});

describe('each reject reason', () => {
  const cases: Array<[RejectReason, string, string, unknown, number?]> = [
    ['invalid_json', 'ChirpStack: not JSON', CS_UP, '{"deviceInfo":', undefined],
    ['invalid_json', 'plain: not UTF-8', 'relais/sensors/plain-1', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), undefined],
    ['wrong_type', 'ChirpStack: JSON array', CS_UP, [1, 2], undefined],
    ['wrong_type', 'ChirpStack: fCnt as a string', CS_UP, v4({ fCnt: '12' }), undefined],
    ['wrong_type', 'ChirpStack: fPort out of range', CS_UP, v4({ fPort: 300 }), undefined],
    ['wrong_type', 'TTS: no uplink_message', 'v3/app1/devices/dev1/up', { end_device_ids: { dev_eui: '4200000000000000' } }, undefined],
    ['wrong_type', 'Z2M: temperature as a string', 'zigbee2mqtt/Temp1', { temperature: '21.5' }, undefined],
    ['wrong_type', 'Z2M: not an object', 'zigbee2mqtt/Temp1', '"online"', undefined],
    ['wrong_type', 'plain: non-number metric', 'relais/sensors/plain-1', { temperature: 'warm' }, undefined],
    ['wrong_type', 'plain: bad ts type', 'relais/sensors/plain-1', { temperature: 20, ts: true }, undefined],
    ['unknown_device', 'ChirpStack: DevEUI not configured', CS_UP, v4({ deviceInfo: { devEui: 'ffffffffffffffff' } }), undefined],
    ['unknown_device', 'TTS: DevEUI not configured', 'v3/a/devices/b/up', { end_device_ids: { dev_eui: 'FFFFFFFFFFFFFFFF' }, uplink_message: { f_port: 1, frm_payload: 'qg==' } }, undefined],
    ['unknown_device', 'TTS: no DevEUI and no sensor on the topic', 'v3/a/devices/b/up', { end_device_ids: { device_id: 'b' }, uplink_message: { f_port: 1, frm_payload: 'qg==' } }, undefined],
    ['unknown_device', 'plain: id not configured', 'relais/sensors/nobody', { temperature: 20 }, undefined],
    ['unknown_device', 'plain: a Z2M sensor id under the plain base', 'relais/sensors/z-temp1', { temperature: 20 }, undefined],
    ['bad_encoding', 'ChirpStack: data not base64', CS_UP, v4({ data: 'q g==' }), undefined],
    ['bad_encoding', 'ChirpStack: devEui not hex', CS_UP, v4({ deviceInfo: { devEui: '01010101010101zz' } }), undefined],
    ['bad_encoding', 'TTS: dev_eui too short', 'v3/a/devices/b/up', { end_device_ids: { dev_eui: '4200' }, uplink_message: { f_port: 1, frm_payload: 'qg==' } }, undefined],
    ['too_large', 'any family, before parsing', 'relais/sensors/plain-1', `{"temperature": 20, "pad": "${'x'.repeat(200)}"}`, 100],
    ['too_large', 'not even JSON', CS_UP, 'x'.repeat(101), 100],
    ['implausible', 'plain: only implausible values', 'relais/sensors/plain-1', { temperature: 500 }, undefined],
    ['decode_error', 'decoder throws DecodeError', 'v3/app1/devices/dev1/up', { end_device_ids: { dev_eui: '4200000000000000' }, uplink_message: { f_port: 15, frm_payload: 'AAEC' } }, undefined],
    ['unsupported_model', 'no model and no object', 'application/a/device/0303030303030303/event/up', v4({ deviceInfo: { devEui: '0303030303030303' } }), undefined],
    ['unsupported_model', 'model without a decoder', 'application/a/device/0404040404040404/event/up', v4({ deviceInfo: { devEui: '0404040404040404' } }), undefined],
    ['no_values', 'plain: empty object', 'relais/sensors/plain-1', {}, undefined],
    ['no_values', 'plain: only unknown names', 'relais/sensors/plain-1', { temp: 20 }, undefined],
    ['no_values', 'ChirpStack: MAC-only uplink (no data, fPort 0)', CS_UP, v4({ data: undefined, fPort: undefined }), undefined],
    ['no_values', 'Z2M: only linkquality', 'zigbee2mqtt/Temp1', { linkquality: 80, temperature: null }, undefined],
  ];

  it.each(cases)('%s: %s', (reason, _name, topic, payload, max) => {
    const o = parse(topic, payload, NOW, max);
    expectWellFormed(o);
    expect(o).toMatchObject({ ok: false, reason });
  });

  it('implausible: decoder output out of range', () => {
    const out = parseMqttMessage(CS_UP, enc(v4()), { dir, now: NOW, maxPayloadBytes: 1e5, decode: () => ({ values: [{ metric: 'humidity', value: 140 }], faults: [] }) });
    expect(out).toMatchObject({ ok: false, reason: 'implausible', sensorId: 'cs-test', detail: expect.stringContaining('humidity 140') });
  });

  it('decode_error keeps the DecodeError reason in the detail', () => {
    const o = parseMqttMessage(CS_UP, enc(v4()), { dir, now: NOW, maxPayloadBytes: 1e5, decode: () => { throw new DecodeError('unknown_channel', 'channel 0x42'); } });
    expect(o).toMatchObject({ ok: false, reason: 'decode_error', sensorId: 'cs-test', detail: expect.stringContaining('unknown_channel') });
    const bug = parseMqttMessage(CS_UP, enc(v4()), { dir, now: NOW, maxPayloadBytes: 1e5, decode: () => { throw new TypeError('oops'); } });
    expect(bug).toMatchObject({ ok: false, reason: 'decode_error', detail: expect.stringContaining('oops') });
  });

  it("decodeUplink's DecodeError('unsupported_model') maps to unsupported_model", () => {
    const o = parseMqttMessage(CS_UP, enc(v4()), { dir, now: NOW, maxPayloadBytes: 1e5, decode: () => { throw new DecodeError('unsupported_model', 'no built-in decoder'); } });
    expect(o).toMatchObject({ ok: false, reason: 'unsupported_model' });
  });

  it('duplicate: the same uplink twice gives the same dedupeKey, which the deduper flags', () => {
    const d = new UplinkDeduper(100, 60_000);
    const a = parse(CS_UP, v4(), NOW);
    const b = parse(CS_UP, v4(), NOW + 2000);
    if (!a?.ok || !b?.ok) throw new Error('expected ok');
    expect(a.dedupeKey).toBe('0101010101010101:12');
    expect(d.seen(a.dedupeKey!, NOW)).toBe(false);
    expect(d.seen(b.dedupeKey!, NOW + 2000)).toBe(true);
  });
});

describe('values and drops', () => {
  it('an implausible value is dropped, the rest kept', () => {
    const o = parse('relais/sensors/plain-1', { temperature: 500, humidity: 40, foo: 1 }, NOW);
    expect(o).toEqual({
      ok: true, sensorId: 'plain-1', source: 'mqtt', ts: NOW, values: [{ metric: 'humidity', value: 40 }], faults: [],
      dropped: [
        { reason: 'unknown_metric', detail: "'foo' is not a canonical metric name" },
        { reason: 'implausible', detail: 'temperature 500 outside -60…150 °C' },
      ],
    });
  });

  it('faults from the network server object pass through; a fault alone is a valid message', () => {
    const o = parse(CS_UP, v4({ object: { TempC_DS: 327.67 } }), NOW);
    expect(o).toMatchObject({ ok: true, values: [], faults: [{ code: 'probe_disconnected' }] });
  });

  it('Z2M occupancy, illuminance_lux over illuminance, pressure, pm10', () => {
    const o = parse('zigbee2mqtt/Temp1', { occupancy: true, illuminance: 20000, illuminance_lux: 120, pressure: 1013.2, pm10: 12, update: { state: 'idle' } }, NOW);
    expect(o).toMatchObject({ ok: true, values: expect.arrayContaining([{ metric: 'motion', value: 1 }, { metric: 'light', value: 120 }, { metric: 'pressure', value: 1013.2 }, { metric: 'pm10', value: 12 }]) });
    expect(parse('zigbee2mqtt/Temp1', { occupancy: false }, NOW)).toMatchObject({ ok: true, values: [{ metric: 'motion', value: 0 }] });
  });

  it('plain sensor on its configured topic, with its own ts', () => {
    const o = parse('school/room12/air', { co2: 812, ts: '2025-03-10T07:55:00+01:00' }, NOW);
    expect(o).toMatchObject({ ok: true, sensorId: 'plain-custom', ts: Date.parse('2025-03-10T06:55:00Z'), values: [{ metric: 'co2', value: 812 }] });
    expect(parse('relais/sensors/plain-custom', { co2: 812, ts: NOW - 1000 }, NOW)).toMatchObject({ ok: true, ts: NOW - 1000 });
  });
});

describe('timestamps', () => {
  const at = (ts: unknown) => {
    const o = parse('relais/sensors/plain-1', { temperature: 20, ts }, NOW);
    if (!o?.ok) throw new Error('expected ok');
    return o.ts;
  };
  it('uses the message time within [now − 7 days, now + 5 min], else now', () => {
    expect(at(NOW - 7 * 86400_000)).toBe(NOW - 7 * 86400_000);
    expect(at(NOW - 7 * 86400_000 - 1)).toBe(NOW);
    expect(at(NOW + 300_000)).toBe(NOW + 300_000);
    expect(at(NOW + 300_001)).toBe(NOW);
    expect(at('2025-03-10T07:00:00Z')).toBe(Date.parse('2025-03-10T07:00:00Z'));
    expect(at('2025-03-10T08:00:00.123456789+0100')).toBe(Date.parse('2025-03-10T07:00:00.123Z'));
  });
  it('refuses zone-less or free-form dates', () => {
    expect(at('2025-03-10T07:00:00')).toBe(NOW);
    expect(at('March 10, 2025')).toBe(NOW);
    expect(at('2025-03-10')).toBe(NOW);
    expect(at('')).toBe(NOW);
  });
  it('ChirpStack time too far in the past (gateway clock, replay) → receive time', () => {
    expect(parse(CS_UP, v4({ time: '2020-01-01T00:00:00Z' }), NOW)).toMatchObject({ ok: true, ts: NOW });
  });
});

describe('routing and directory', () => {
  it('routes by family', () => {
    expect(routeTopic(CS_UP, dir)).toEqual({ kind: 'chirpstack', legacyRx: false });
    expect(routeTopic('application/1/device/x/rx', dir)).toEqual({ kind: 'chirpstack', legacyRx: true });
    expect(routeTopic('v3/a@t/devices/d/up', dir)).toEqual({ kind: 'tts' });
    expect(routeTopic('zigbee2mqtt/Temp1', dir)).toMatchObject({ kind: 'zigbee2mqtt', sensor: { id: 'z-temp1' } });
    expect(routeTopic('relais/sensors/plain-1', dir)).toMatchObject({ kind: 'plain', sensor: { id: 'plain-1' } });
    expect(routeTopic('relais/sensors/a/b', dir)).toBeNull();
    expect(routeTopic('something/else', dir)).toBeNull();
  });

  it('tolerates subscription filters given as prefixes; an empty prefix disables a family', () => {
    const d = buildDirectory(SENSORS, { chirpstack: 'application/+/device/+/event/up', tts: '', zigbee2mqttBase: 'zigbee2mqtt/', plainBase: 'relais/sensors/#' });
    expect(d.topics).toEqual({ chirpstack: 'application', tts: '', zigbee2mqttBase: 'zigbee2mqtt', plainBase: 'relais/sensors' });
    expect(routeTopic('v3/a/devices/d/up', d)).toBeNull();
    expect(routeTopic('zigbee2mqtt/Temp1', d)).toMatchObject({ kind: 'zigbee2mqtt' });
  });

  it('takes the config defaults (subscription filters) and application-specific prefixes', () => {
    const filters = buildDirectory(SENSORS, { chirpstack: 'application/+/device/+/event/up', tts: 'v3/+/devices/+/up', zigbee2mqttBase: 'zigbee2mqtt', plainBase: 'relais/sensors' });
    expect(filters.topics).toEqual(TOPICS);
    const oneApp = buildDirectory(SENSORS, { chirpstack: 'application/17c8/device/+/event/up', tts: 'v3/app1@tenant1/devices/+/up', zigbee2mqttBase: 'zigbee2mqtt', plainBase: 'relais/sensors' });
    expect(oneApp.topics).toMatchObject({ chirpstack: 'application/17c8', tts: 'v3/app1@tenant1' });
    for (const d of [filters, oneApp]) {
      expect(routeTopic('application/17c8/device/0101010101010101/event/up', d)).toEqual({ kind: 'chirpstack', legacyRx: false });
      expect(routeTopic('application/17c8/device/0101010101010101/rx', d)).toEqual({ kind: 'chirpstack', legacyRx: true });
      expect(routeTopic('application/17c8/device/0101010101010101/event/status', d)).toBeNull();
      expect(routeTopic('v3/app1@tenant1/devices/dev1/up', d)).toEqual({ kind: 'tts' });
      expect(routeTopic('v3/app1@tenant1/devices/dev1/join', d)).toBeNull();
    }
    expect(routeTopic('application/other/device/0101010101010101/event/up', oneApp)).toBeNull();
  });

  it('looks DevEUIs and addresses up case-insensitively', () => {
    expect(dir.byDevEui('0025ca00000017c2')?.id).toBe('rs261');
    expect(dir.byAddress('a1b2')?.id).toBe('serial-1');
  });

  it('refuses two sensors with the same DevEUI, topic or address', () => {
    const dup = (s: object) => () => buildDirectory([...SENSORS, { id: 'dup', intervalS: 60, ...s } as never], TOPICS);
    expect(dup({ source: 'lorawan', devEui: '0101010101010101' })).toThrow(/same devEui/);
    expect(dup({ source: 'zigbee2mqtt', topic: 'Temp1' })).toThrow(/same topic/);
    expect(dup({ source: 'serial', address: 'a1b2' })).toThrow(/same serial address/);
    expect(() => buildDirectory([SENSORS[0], SENSORS[0]], TOPICS)).not.toThrow();
    expect(() => buildDirectory([SENSORS[0], { ...SENSORS[0] }], TOPICS)).toThrow(/same id/);
  });
});

describe('serial frames', () => {
  it('known address → outcome at now; implausible values dropped', () => {
    const o = serialFrameToOutcome({ address: 'a1b2', values: [{ metric: 'temperature', value: 3.5 }, { metric: 'humidity', value: -4 }] }, dir, NOW);
    expect(o).toEqual({
      ok: true, sensorId: 'serial-1', source: 'serial', ts: NOW, values: [{ metric: 'temperature', value: 3.5 }], faults: [],
      dropped: [{ reason: 'implausible', detail: 'humidity -4 outside 0…100 %RH' }],
    });
  });
  it('unknown address → unknown_device; nothing plausible → implausible; nothing → no_values', () => {
    expect(serialFrameToOutcome({ address: 'FFFF', values: [{ metric: 'temperature', value: 3 }] }, dir, NOW)).toMatchObject({ ok: false, reason: 'unknown_device', source: 'serial' });
    expect(serialFrameToOutcome({ address: 'A1B2', values: [{ metric: 'temperature', value: Number.NaN }] }, dir, NOW)).toMatchObject({ ok: false, reason: 'implausible', sensorId: 'serial-1' });
    expect(serialFrameToOutcome({ address: 'A1B2', values: [] }, dir, NOW)).toMatchObject({ ok: false, reason: 'no_values' });
  });
});
