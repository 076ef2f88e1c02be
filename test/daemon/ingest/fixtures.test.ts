// Every message of the shared fixtures, as published, through parseMqttMessage.
import { describe, expect, it } from 'vitest';
import { implausible } from '../../../common/metrics.js';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { parseMqttMessage } from '../../../daemon/ingest/parse-mqtt.js';
import { dir, enc, expectWellFormed, fixture, parse } from './helpers.js';

const cs = fixture('chirpstack-v4-events.json');
const ttn = fixture('ttn-v3-up-example.json');
const z2m = fixture('zigbee2mqtt-examples.json');
const example = (id: string) => ttn.examples.find((e: { id: string }) => e.id === id);

// The `up` example of the same ChirpStack docs page (src/chirpstack/integrations/events.md): the
// events fixture holds only the non-uplink events. No fCnt: protobuf JSON omits zero values.
const CS_V4_UP_DOCS = {
  deduplicationId: '3ac7e3c4-4401-4b8d-9386-a5c902f9202d',
  time: '2022-07-18T09:34:15.775023242+00:00',
  deviceInfo: { ...cs.events.join.payload.deviceInfo },
  devAddr: '00189440',
  dr: 1,
  fPort: 1,
  data: 'qg==',
  rxInfo: [{ gatewayId: '0016c001f153a14c', uplinkId: 4217106255, rssi: -36, snr: 10.5, context: 'E3OWOQ==', metadata: { region_name: 'eu868', region_common_name: 'EU868' } }],
  txInfo: { frequency: 867100000, modulation: { lora: { bandwidth: 125000, spreadingFactor: 11, codeRate: 'CR_4_5' } } },
};
const CS_NOW = Date.parse('2022-07-18T10:00:00Z');

describe('ChirpStack v4 fixtures', () => {
  it.each(Object.keys(cs.events))('event %s is not an uplink: null', (name) => {
    const e = cs.events[name];
    expect(parse(e.topicDerived, e.payload, CS_NOW)).toBeNull();
  });

  it('ignores non-uplink events before looking at the payload (even too large or not JSON)', () => {
    expect(parse(cs.events.log.topicDerived, 'x'.repeat(100), CS_NOW, 10)).toBeNull();
    expect(parse('application/17c82e96/device/0101010101010101/command/down', '{', CS_NOW)).toBeNull();
  });

  it('decodes the docs uplink with the sensor model; time from the message, fCnt 0 when omitted', () => {
    const o = parse('application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up', CS_V4_UP_DOCS, CS_NOW);
    expect(o).toEqual({
      ok: true, sensorId: 'cs-test', source: 'lorawan', ts: Date.parse('2022-07-18T09:34:15.775Z'),
      values: [{ metric: 'temperature', value: 17 }], faults: [], dropped: [], dedupeKey: '0101010101010101:0',
    });
  });

  it('prefers the network server object over the raw data', () => {
    const msg = { ...CS_V4_UP_DOCS, fCnt: 7, object: { temperature: 4.5, humidity: 61 } };
    const o = parse('application/x/device/0101010101010101/event/up', msg, CS_NOW);
    expect(o).toMatchObject({ ok: true, values: [{ metric: 'temperature', value: 4.5 }, { metric: 'humidity', value: 61 }], dedupeKey: '0101010101010101:7' });
  });

  it('falls back to our decoder when the object has no name we know', () => {
    const msg = { ...CS_V4_UP_DOCS, object: { somethingElse: 3 } };
    const o = parse('application/x/device/0101010101010101/event/up', msg, CS_NOW);
    expect(o).toMatchObject({ ok: true, values: [{ metric: 'temperature', value: 17 }] });
  });
});

describe('The Things Stack fixtures', () => {
  const NOW = Date.parse('2023-05-19T06:00:00Z');

  it('docs MQTT uplink (no f_cnt, no received_at): decoded with the model, receive time', () => {
    const e = example('ttn-docs-mqtt-up');
    const o = parse(e.topic, e.payload, NOW);
    expect(o).toEqual({
      ok: true, sensorId: 'tts-dev1', source: 'lorawan', ts: NOW,
      values: [{ metric: 'temperature', value: 0 }], faults: [], dropped: [], dedupeKey: '4200000000000000:0',
    });
  });

  it('join messages are not uplinks', () => {
    expect(parse(example('ttn-docs-mqtt-join').topic, example('ttn-docs-mqtt-join').payload, NOW)).toBeNull();
    expect(parse('v3/app1@tenant1/devices/dev1/join', example('ttn-docs-dataformats-join').payload, NOW)).toBeNull();
    for (const t of ['down/queued', 'down/sent', 'down/ack', 'down/nack', 'down/failed', 'service/data', 'location/solved', 'down/push']) {
      expect(parse(`v3/app1@tenant1/devices/dev1/${t}`, '{}', NOW)).toBeNull();
    }
  });

  it('the data-formats docs example is not valid JSON as published: invalid_json', () => {
    const e = example('ttn-docs-dataformats-up');
    expect(parse('v3/app1@tenant1/devices/dev1/up', e.rawText, NOW)).toMatchObject({ ok: false, reason: 'invalid_json', source: 'lorawan' });
  });

  it('Elsys ERS2 CO2 on TTN community: decoded from frm_payload by the real Elsys decoder', () => {
    const e = example('thingsboard-ttn-elsys-ers2-co2');
    const o = parseMqttMessage(e.topicDerived, enc(e.payload), {
      dir, now: NOW, maxPayloadBytes: 65536, decode: (s, b, p) => decodeUplink(s.model!, b, p),
    });
    expectWellFormed(o);
    expect(o).toMatchObject({ ok: true, sensorId: 'ers2-co2', ts: Date.parse('2023-05-19T05:33:35.848Z'), dedupeKey: '1000000000000001:10335' });
    if (!o?.ok) throw new Error('expected ok');
    const byMetric = Object.fromEntries(o.values.map((v) => [v.metric, v.value]));
    // 01 00E2 | 02 29 | 04 0027 | 05 06 | 06 0308 | 07 0D62: 22.6 °C, 41 %RH, 39 lux, 776 ppm
    expect(byMetric).toMatchObject({ temperature: 22.6, humidity: 41, light: 39, co2: 776 });
  });

  it('Ezurio RS26x (event-stream wrapper): its ApplicationUp carries decoded_payload', () => {
    const e = example('thingsboard-ttn-ezurio-rs26x-event-stream');
    const now = Date.parse('2025-11-07T09:00:00Z');
    const o = parse('v3/thingsboard-ttn-demo@ttn/devices/rs261-erik-internal/up', e.payload.data, now);
    expect(o).toMatchObject({
      ok: true, sensorId: 'rs261', ts: Date.parse('2025-11-07T08:52:14.742Z'),
      values: [{ metric: 'temperature', value: 21.83 }], dedupeKey: '0025ca00000017c2:25',
    });
    // the wrapper itself is not an ApplicationUp
    expect(parse('v3/thingsboard-ttn-demo@ttn/devices/rs261-erik-internal/up', e.payload, now)).toMatchObject({ ok: false, reason: 'wrong_type' });
  });

  it('accepts the topic without @tenant (open source / TTN style)', () => {
    const e = example('ttn-docs-mqtt-up');
    expect(parse('v3/app1/devices/dev1/up', e.payload, NOW)).toMatchObject({ ok: true, sensorId: 'tts-dev1' });
  });
});

describe('Zigbee2MQTT fixtures', () => {
  const NOW = Date.parse('2024-03-07T10:00:00Z');
  const byDevice = (device: string) => z2m.examples.find((e: { device: string }) => e.device === device);

  it('bridge state (plain and JSON forms) is not a sensor message', () => {
    expect(parse(z2m.bridgeState.topic, 'online', NOW)).toBeNull();
    expect(parse(z2m.bridgeState.topic, { state: 'online' }, NOW)).toBeNull();
    for (const t of ['zigbee2mqtt/Temp1/set', 'zigbee2mqtt/Temp1/get', 'zigbee2mqtt/Temp1/availability', 'zigbee2mqtt/bridge/devices', 'zigbee2mqtt/not-configured']) {
      expect(parse(t, '{"temperature": 20}', NOW)).toBeNull();
    }
  });

  it('maps every example to canonical metrics', () => {
    const cases: Array<[string, string, string, Record<string, number>]> = [
      ['Xiaomi MiJia WSDCGQ01LM', 'zigbee2mqtt/FRIENDLY_NAME', 'z-docs', { temperature: 27.34, humidity: 44.72 }],
      ['SONOFF SNZB-02', 'zigbee2mqtt/snzb02', 'z-snzb02', { battery: 100, humidity: 34.34, temperature: 27.2, battery_voltage: 3.1 }],
      ['SONOFF SNZB-02 (custom firmware)', 'zigbee2mqtt/Temp1', 'z-temp1', { battery: 100, humidity: 49.6, temperature: 19.2, battery_voltage: 3.5 }],
      ['Tuya TS0601_smart_air_house_keeper', 'zigbee2mqtt/Ensuite Particle Sensor', 'z-ensuite', { co2: 360, humidity: 61.8, pm2_5: 6, temperature: 27.8, tvoc: 20 }],
    ];
    for (const [device, topic, id, expected] of cases) {
      const e = byDevice(device);
      if (e.topic) expect(e.topic).toBe(topic);
      const payload = e.payloadRaw ?? e.payload;
      const o = parse(topic, payload, NOW);
      expectWellFormed(o);
      if (!o?.ok) throw new Error(`${device}: ${JSON.stringify(o)}`);
      expect(o.sensorId).toBe(id);
      expect(o.source).toBe('zigbee2mqtt');
      const got = Object.fromEntries(o.values.map((v) => [v.metric, v.value]));
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const [m, v] of Object.entries(expected)) expect(got[m]).toBeCloseTo(v, 9);
    }
  });

  it('IEEE-address topic, and last_seen dates the reading only when recent', () => {
    const air = z2m.examples.filter((e: { topic: string | null }) => e.topic === 'zigbee2mqtt/0x0c4314fffe84e0a4' || e.topic === 'zigbee2mqtt/Air Quality Sensor');
    expect(air).toHaveLength(2);
    const a = parse(air[0].topic, air[0].payloadRaw, NOW);
    expect(a).toMatchObject({ ok: true, sensorId: 'z-tuya-ieee', ts: NOW });
    // last_seen 1765292604979 (epoch ms) is 2025-12-09T15:03:24.979Z
    const seenAt = 1765292604979;
    expect(parse(air[1].topic, air[1].payloadRaw, seenAt + 1000)).toMatchObject({ ok: true, sensorId: 'z-air', ts: seenAt });
    expect(parse(air[1].topic, air[1].payloadRaw, NOW)).toMatchObject({ ok: true, ts: NOW });
  });

  it('old Z2M with embedded device info and a swapped-CO2 variant: checked by implausible()', () => {
    const e = byDevice('Tuya TS0601_air_quality_sensor (_TZE200_ryfmq5rl)');
    const now = Date.parse('2022-03-06T11:00:00Z');
    const o = parse(e.topic, e.payloadRaw, now);
    expectWellFormed(o);
    if (!o?.ok) throw new Error('expected ok');
    expect(o.ts).toBe(Date.parse('2022-03-06T10:52:35Z')); // ISO last_seen with +01:00
    const co2Kept = o.values.some((v) => v.metric === 'co2');
    expect(co2Kept).toBe(implausible('co2', 1) === null);
    expect(o.values).toContainEqual({ metric: 'temperature', value: 23.1 });
  });
});
