// Test helpers for the decoder tests.
import { expect } from 'vitest';
import type { DecodedUplink } from '../../../common/metrics.js';
import { DecodeError } from '../../../hardware/decoders/types.js';

/** '01 75 5C' / '01755C' -> bytes, as payloads are printed in the makers' documents. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd hex string: ${s}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function b64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** { metric: value } view of the decoded values (units checked separately where they matter). */
export function valuesOf(r: DecodedUplink): Record<string, number> {
  return Object.fromEntries(r.values.map((v) => [v.metric, v.value]));
}

export function faultCodes(r: DecodedUplink): string[] {
  return r.faults.map((f) => f.code);
}

/** Asserts fn throws a DecodeError with the given reason. */
export function expectDecodeError(fn: () => unknown, reason: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a DecodeError').toBeInstanceOf(DecodeError);
  expect((caught as DecodeError).reason).toBe(reason);
}
