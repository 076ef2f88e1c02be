// Whatever arrives on a topic we handle, the parser returns an outcome (never throws, never null)
// and an accepted outcome only holds plausible values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../../common/metrics.js';
import { decodeBase64, euiFromHexOrBase64 } from '../../../daemon/ingest/encoding.js';
import { MAX_FUTURE_MS, MAX_PAST_MS, parseIsoTime, pickTimestamp } from '../../../daemon/ingest/outcome.js';
import { enc, expectWellFormed, parse } from './helpers.js';

const NOW = Date.parse('2025-03-10T08:00:00Z');
const TOPICS = [
  'application/a/device/0101010101010101/event/up',
  'application/a/device/0202020202020202/rx',
  'v3/app1@tenant1/devices/dev1/up',
  'v3/app1/devices/dev1/up',
  'zigbee2mqtt/Temp1',
  'zigbee2mqtt/Ensuite Particle Sensor',
  'relais/sensors/plain-1',
  'relais/sensors/unknown',
  'school/room12/air',
];
const topic = fc.constantFrom(...TOPICS);

function check(t: string, payload: Uint8Array, max = 1 << 16): void {
  const o = parse(t, payload, NOW, max);
  expect(o).not.toBeNull();
  expectWellFormed(o);
}

describe('never throws on any payload', () => {
  it('arbitrary bytes', () => {
    fc.assert(fc.property(topic, fc.uint8Array({ maxLength: 300 }), (t, b) => check(t, b)), { numRuns: 500 });
  });

  it('arbitrary strings (full unicode)', () => {
    fc.assert(fc.property(topic, fc.string({ unit: 'binary', maxLength: 200 }), (t, s) => check(t, enc(s))), { numRuns: 500 });
  });

  it('arbitrary JSON values', () => {
    fc.assert(fc.property(topic, fc.jsonValue({ maxDepth: 4 }), (t, v) => check(t, enc(JSON.stringify(v) ?? 'null'))), { numRuns: 500 });
  });

  it('any payload over the limit is too_large', () => {
    fc.assert(fc.property(topic, fc.uint8Array({ minLength: 11, maxLength: 50 }), (t, b) => {
      const o = parse(t, b, NOW, 10);
      expect(o).toMatchObject({ ok: false, reason: 'too_large' });
    }));
  });
});

// Shapes close to the real ones, with every field allowed to be anything, to reach the decode paths.
const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.integer(), fc.double());
const hex16 = fc.stringMatching(/^[0-9a-fA-F]{16}$/);
const eui = fc.oneof(fc.constantFrom('0101010101010101', '0202020202020202', '4200000000000000', '0303030303030303'), hex16, fc.string());
const b64 = fc.oneof(fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')), fc.string());
const metricObject = fc.dictionary(
  fc.oneof(fc.constantFrom(...METRIC_NAMES, 'TempC_DS', 'BatV', 'Temperature', 'pm25', 'vdd'), fc.string()),
  fc.oneof(fc.double(), fc.integer(), fc.string(), fc.record({ value: fc.double(), unit: fc.string() }), anything),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

describe('never throws on near-real shapes', () => {
  it('ChirpStack v4', () => {
    const msg = fc.record({
      deviceInfo: fc.oneof(fc.record({ devEui: eui }), anything),
      fCnt: maybe(fc.oneof(fc.nat(), anything)), fPort: maybe(fc.oneof(fc.integer({ min: 0, max: 255 }), anything)),
      data: maybe(b64), object: maybe(fc.oneof(metricObject, anything)), time: maybe(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anything)),
    });
    fc.assert(fc.property(msg, (m) => check(TOPICS[0], enc(m))), { numRuns: 1000 });
  });

  it('ChirpStack v3', () => {
    const msg = fc.record({
      devEUI: fc.oneof(eui, fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString('base64'))),
      fCnt: maybe(fc.nat()), fPort: maybe(fc.integer({ min: 0, max: 255 })), data: maybe(fc.oneof(b64, fc.constant(null))),
      object: maybe(metricObject), objectJSON: maybe(fc.oneof(metricObject.map((o) => JSON.stringify(o)), fc.string())),
      rxInfo: maybe(anything), publishedAt: maybe(anything),
    });
    fc.assert(fc.property(msg, (m) => check(TOPICS[1], enc(m))), { numRuns: 1000 });
  });

  it('The Things Stack', () => {
    const msg = fc.record({
      end_device_ids: fc.record({ dev_eui: maybe(eui), device_id: maybe(fc.string()) }),
      received_at: maybe(anything),
      uplink_message: fc.oneof(
        fc.record({ f_cnt: maybe(fc.nat()), f_port: maybe(fc.integer({ min: 0, max: 255 })), frm_payload: maybe(b64), decoded_payload: maybe(metricObject) }),
        anything,
      ),
    });
    fc.assert(fc.property(msg, (m) => check(TOPICS[2], enc(m))), { numRuns: 1000 });
  });

  it('Zigbee2MQTT', () => {
    const keys = ['temperature', 'humidity', 'co2', 'pm25', 'pm10', 'voc', 'pressure', 'battery', 'voltage', 'illuminance', 'illuminance_lux', 'occupancy', 'linkquality', 'last_seen'];
    const msg = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.oneof(fc.double(), fc.boolean(), fc.constant(null), anything));
    fc.assert(fc.property(msg, (m) => check(TOPICS[4], enc(m))), { numRuns: 1000 });
  });
});

describe('plain topic: arbitrary JSON objects', () => {
  const obj = fc.dictionary(
    fc.oneof(fc.constantFrom(...METRIC_NAMES, 'ts'), fc.string()),
    fc.oneof(fc.double(), fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -100, max: 2000, noNaN: true }), anything),
  );

  it('never throw, never yield an implausible value, keep every plausible canonical number', () => {
    fc.assert(fc.property(obj, (m) => {
      const text = JSON.stringify(m);
      const o = parse('relais/sensors/plain-1', enc(text), NOW);
      expectWellFormed(o);
      if (o?.ok) {
        const roundTripped = JSON.parse(text) as Record<string, unknown>;
        for (const v of o.values) expect(roundTripped[v.metric]).toBe(v.value);
        expect(o.ts).toBeGreaterThanOrEqual(NOW - MAX_PAST_MS);
        expect(o.ts).toBeLessThanOrEqual(NOW + MAX_FUTURE_MS);
      }
    }), { numRuns: 1000 });
  });
});

describe('edge helpers', () => {
  it('pickTimestamp stays within the window and round-trips ISO strings inside it', () => {
    fc.assert(fc.property(fc.oneof(anything, fc.integer({ min: NOW - 2 * MAX_PAST_MS, max: NOW + 2 * MAX_PAST_MS })), (c) => {
      const ts = pickTimestamp(c, NOW);
      expect(ts).toBeGreaterThanOrEqual(NOW - MAX_PAST_MS);
      expect(ts).toBeLessThanOrEqual(NOW + MAX_FUTURE_MS);
    }));
    fc.assert(fc.property(fc.integer({ min: NOW - MAX_PAST_MS, max: NOW + MAX_FUTURE_MS }), (ms) => {
      expect(pickTimestamp(new Date(ms).toISOString(), NOW)).toBe(ms);
      expect(parseIsoTime(new Date(ms).toISOString().replace('Z', '+00:00'))).toBe(ms);
    }));
  });

  it('base64 and DevEUI decoding are strict and total', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const s = Buffer.from(b).toString('base64');
      expect(decodeBase64(s)).toEqual(new Uint8Array(b));
      expect(decodeBase64(s.replace(/=+$/, ''))).toEqual(new Uint8Array(b));
    }));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const d = decodeBase64(s);
      if (d !== null) expect(Buffer.from(d).toString('base64').replace(/=+$/, '')).toBe(s.replace(/=+$/, ''));
      const e = euiFromHexOrBase64(s);
      if (e !== null) expect(e).toMatch(/^[0-9a-f]{16}$/);
    }));
  });
});
