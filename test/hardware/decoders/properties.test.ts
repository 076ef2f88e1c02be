// Property tests: whatever bytes arrive, a built-in decoder either throws a DecodeError or
// returns finite values with canonical metric names. Anything else would crash ingest.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMetric } from '../../../common/metrics.js';
import { decodeUplink, MODELS } from '../../../hardware/decoders/index.js';
import { DecodeError } from '../../../hardware/decoders/types.js';
import type { DecodedUplink } from '../../../common/metrics.js';

function checkResult(r: DecodedUplink): void {
  expect(Array.isArray(r.values)).toBe(true);
  expect(Array.isArray(r.faults)).toBe(true);
  for (const v of r.values) {
    expect(isMetric(v.metric)).toBe(true);
    expect(Number.isFinite(v.value)).toBe(true);
    if (v.unit !== undefined) expect(typeof v.unit).toBe('string');
  }
  for (const f of r.faults) {
    expect(typeof f.code).toBe('string');
    expect(typeof f.message).toBe('string');
  }
}

function decodeOrDecodeError(model: string, bytes: Uint8Array, fPort: number): void {
  let r: DecodedUplink;
  try {
    r = decodeUplink(model, bytes, fPort);
  } catch (err) {
    if (err instanceof DecodeError) {
      expect(err.reason).toMatch(/^[a-z_]+$/);
      return;
    }
    throw err;
  }
  checkResult(r);
}

// The ports the makers actually use, plus any port, so port-dependent decoders are exercised.
const fPort = fc.oneof(fc.constantFrom(1, 2, 3, 5, 6, 7, 14, 85), fc.integer({ min: 0, max: 255 }));

describe('every built-in decoder on random bytes', () => {
  for (const model of MODELS) {
    it(`${model}: throws only DecodeError and returns only finite values`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fPort, (bytes, port) => decodeOrDecodeError(model, bytes, port)),
        { numRuns: 600 },
      );
    });
  }
});

// Random bytes rarely form valid frames; also mutate known-good frames so that the value paths
// (not only the error paths) see arbitrary numbers, including every 0x7FFF / 0x8000 marker.
const SEEDS: [string, number, number[]][] = [
  ['milesight-am319', 85, [0x03, 0x67, 0xee, 0x00, 0x04, 0x68, 0x7c, 0x07, 0x7d, 0xa8, 0x03, 0x08, 0x7d, 0x25, 0x00, 0x0b, 0x7d, 0x20, 0x00]],
  ['milesight-em500-co2', 85, [0x01, 0x75, 0x64, 0x03, 0x67, 0x19, 0x01, 0x05, 0x7d, 0x67, 0x04, 0x83, 0xd7, 0x19, 0x01, 0x0a, 0x00, 0x00]],
  ['elsys-ers-co2', 5, [0x01, 0x00, 0xe2, 0x02, 0x29, 0x04, 0x00, 0x27, 0x05, 0x06, 0x06, 0x03, 0x08, 0x07, 0x0d, 0x62, 0x14, 0x00, 0x0f, 0x70, 0x1c]],
  ['dragino-lht65', 2, [0xcb, 0xf6, 0x0b, 0x0d, 0x03, 0x76, 0x01, 0x0a, 0xdd, 0x7f, 0xff]],
  ['dragino-lht65n', 2, [0x0a, 0xdd, 0x0b, 0x0d, 0x03, 0x76, 0x09, 0x63, 0x67, 0x4b, 0x2a]],
  ['adeunis-temp', 1, [0x43, 0x40, 0x11, 0x00, 0xf4, 0x21, 0x80, 0x00]],
  ['adeunis-comfort-co2', 1, [0x6a, 0x80, 0x01, 0xb3, 0x3e, 0x01, 0xa4]],
  ['netvox-r718a', 6, [0x01, 0x0b, 0x01, 0x24, 0x09, 0xea, 0x1a, 0x90, 0x00, 0x00, 0x00]],
  ['netvox-r718b', 6, [0x01, 0x95, 0x01, 0x24, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00]],
];

describe('known-good frames with random values', () => {
  for (const [model, port, seed] of SEEDS) {
    it(`${model}: mutated value bytes still decode to finite values or a DecodeError`, () => {
      const bytesWithMutations = fc
        .array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })
        .map((muts) => {
          const b = Uint8Array.from(seed);
          for (const [i, v] of muts) b[i] = v;
          return b;
        });
      fc.assert(fc.property(bytesWithMutations, (b) => decodeOrDecodeError(model, b, port)), { numRuns: 400 });
    });

    it(`${model}: every truncation decodes or fails with payload_too_short`, () => {
      for (let n = 0; n < seed.length; n++) {
        try {
          checkResult(decodeUplink(model, Uint8Array.from(seed.slice(0, n)), port));
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
          expect((err as DecodeError).reason).toBe('payload_too_short');
        }
      }
    });
  }
});
