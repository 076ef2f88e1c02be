import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricValue } from '../../../common/metrics.js';
import {
  bytesToHex,
  crc8,
  decodeFrame,
  encodeFrame,
  FRAME_FIELDS,
  FrameError,
  hexToBytes,
  rawRange,
} from '../../../hardware/serial/frame.js';

const EXAMPLE_HEX = '5201024131010866025A085701'; // FRAME.md example
const EXAMPLE_VALUES: MetricValue[] = [
  { metric: 'temperature', value: 21.5 },
  { metric: 'humidity', value: 45 },
  { metric: 'battery', value: 87 },
];

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FrameError) return err.reason;
    throw err;
  }
  return 'no error';
}

/** Frame with a correct CRC over arbitrary content, to reach the checks after the CRC. */
function withCrc(hex: string): Uint8Array {
  const body = hexToBytes(hex);
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  out[body.length] = crc8(body);
  return out;
}

describe('frame', () => {
  it('CRC-8/NRSC-5 check value', () => {
    expect(crc8(new TextEncoder().encode('123456789'))).toBe(0xf7);
  });

  it('encodes and decodes the FRAME.md example', () => {
    expect(bytesToHex(encodeFrame('A1', EXAMPLE_VALUES))).toBe(EXAMPLE_HEX);
    expect(decodeFrame(hexToBytes(EXAMPLE_HEX))).toEqual({ address: 'A1', values: EXAMPLE_VALUES });
  });

  it('decodes every metric with its scaling', () => {
    const values: MetricValue[] = [
      { metric: 'temperature', value: -18.25 },
      { metric: 'humidity', value: 55.5 },
      { metric: 'co2', value: 1240 },
      { metric: 'pm2_5', value: 12.3 },
      { metric: 'pm10', value: 20.1 },
      { metric: 'tvoc', value: 310 },
      { metric: 'pressure', value: 1013.2 },
      { metric: 'battery', value: 100 },
      { metric: 'battery_voltage', value: 3.645 },
      { metric: 'light', value: 120000 },
      { metric: 'motion', value: 7 },
    ];
    expect(decodeFrame(encodeFrame('salle-12', values))).toEqual({ address: 'salle-12', values });
    expect(decodeFrame(encodeFrame('Z', []))).toEqual({ address: 'Z', values: [] });
  });

  it.each([
    ['bad_magic', '53010241310108660C'],
    ['bad_version', '5202024131010866'],
    ['truncated', ''],
    ['truncated', '52'],
    ['truncated', '520101'],
  ])('%s: %s', (reason, hex) => {
    expect(reasonOf(() => decodeFrame(hexToBytes(hex)))).toBe(reason);
  });

  it('bad_crc on any single flipped bit after the magic and version', () => {
    const frame = hexToBytes(EXAMPLE_HEX);
    for (let i = 2; i < frame.length; i++) {
      for (let b = 0; b < 8; b++) {
        const copy = frame.slice();
        copy[i] ^= 1 << b;
        expect(reasonOf(() => decodeFrame(copy))).toBe('bad_crc');
      }
    }
  });

  it('structure errors behind a valid CRC', () => {
    expect(reasonOf(() => decodeFrame(withCrc('52010041')))).toBe('bad_address'); // length 0
    expect(reasonOf(() => decodeFrame(withCrc('5201094142434445464748494A')))).toBe('bad_address'); // 9
    expect(reasonOf(() => decodeFrame(withCrc('52010241')))).toBe('truncated'); // address cut
    expect(reasonOf(() => decodeFrame(withCrc('5201024120')))).toBe('bad_address'); // "A "
    expect(reasonOf(() => decodeFrame(withCrc('5201024131FF00')))).toBe('unknown_metric');
    expect(reasonOf(() => decodeFrame(withCrc('520102413101')))).toBe('truncated'); // temperature cut
    expect(reasonOf(() => decodeFrame(withCrc('520102413108570858')))).toBe('duplicate_metric');
  });

  it('encode refuses what it cannot carry', () => {
    expect(reasonOf(() => encodeFrame('', []))).toBe('bad_address');
    expect(reasonOf(() => encodeFrame('NINECHARS', []))).toBe('bad_address');
    expect(reasonOf(() => encodeFrame('é', []))).toBe('bad_address');
    expect(reasonOf(() => encodeFrame('A1', [{ metric: 'humidity', value: 200 }]))).toBe('out_of_range');
    expect(reasonOf(() => encodeFrame('A1', [{ metric: 'co2', value: -1 }]))).toBe('out_of_range');
    expect(reasonOf(() => encodeFrame('A1', [{ metric: 'co2', value: Number.NaN }]))).toBe('out_of_range');
    expect(reasonOf(() => encodeFrame('A1', [{ metric: 'co2', value: 1 }, { metric: 'co2', value: 2 }]))).toBe(
      'duplicate_metric',
    );
  });

  it('property: decode(encode(x)) round-trips within half a scaling step', () => {
    const address = fc.string({ unit: fc.constantFrom(...'ABCXYZabz0189_.-'.split('')), minLength: 1, maxLength: 8 });
    const value = fc.constantFrom(...FRAME_FIELDS).chain((f) => {
      const [lo, hi] = rawRange(f);
      return fc
        .double({ min: lo / f.divisor, max: hi / f.divisor, noNaN: true })
        .map((v) => ({ metric: f.metric, value: v, step: 1 / f.divisor }));
    });
    const values = fc.uniqueArray(value, { selector: (v) => v.metric, maxLength: FRAME_FIELDS.length });
    fc.assert(
      fc.property(address, values, (addr, vals) => {
        // values at the very edge may round one step past the range: the encoder must refuse, not wrap
        let frame: Uint8Array;
        try {
          frame = encodeFrame(addr, vals.map(({ metric, value }) => ({ metric, value })));
        } catch (err) {
          expect(err).toBeInstanceOf(FrameError);
          expect((err as FrameError).reason).toBe('out_of_range');
          return;
        }
        const out = decodeFrame(frame);
        expect(out.address).toBe(addr);
        expect(out.values.map((v) => v.metric)).toEqual(vals.map((v) => v.metric));
        out.values.forEach((v, i) => expect(Math.abs(v.value - vals[i].value)).toBeLessThanOrEqual(vals[i].step / 2 + 1e-9));
      }),
    );
  });

  it('property: random bytes only ever throw FrameError', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      // likely to pass magic/version and reach the deeper checks
      fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.from([0x52, 0x01, ...b])),
      fc.uint8Array({ maxLength: 40 }).map((b) => withCrc(bytesToHex(Uint8Array.from([0x52, 0x01, ...b])))),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        try {
          const out = decodeFrame(b);
          expect(typeof out.address).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(FrameError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
