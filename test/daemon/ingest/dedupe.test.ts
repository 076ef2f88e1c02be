import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UplinkDeduper } from '../../../daemon/ingest/dedupe.js';

const T0 = Date.parse('2025-03-10T08:00:00Z');

describe('UplinkDeduper', () => {
  it('flags a retransmission within the window, not after it (fCnt reset after a rejoin)', () => {
    const d = new UplinkDeduper(10, 60_000);
    expect(d.seen('0101010101010101:5', T0)).toBe(false);
    expect(d.seen('0101010101010101:5', T0 + 3_000)).toBe(true);
    expect(d.seen('0101010101010101:5', T0 + 60_000)).toBe(true);
    expect(d.seen('0101010101010101:6', T0 + 4_000)).toBe(false);
    // the window counts from the first sighting: a late copy after it is new again
    expect(d.seen('0101010101010101:5', T0 + 60_001)).toBe(false);
    expect(d.seen('0101010101010101:5', T0 + 61_000)).toBe(true);
  });

  it('tells devices apart', () => {
    const d = new UplinkDeduper(10, 60_000);
    expect(d.seen('aaaaaaaaaaaaaaaa:1', T0)).toBe(false);
    expect(d.seen('bbbbbbbbbbbbbbbb:1', T0)).toBe(false);
  });

  it('evicts the least recently recorded key beyond windowSize', () => {
    const d = new UplinkDeduper(2, 60_000);
    d.seen('a:1', T0);
    d.seen('b:1', T0 + 1);
    d.seen('c:1', T0 + 2); // evicts a:1
    expect(d.size).toBe(2);
    expect(d.seen('b:1', T0 + 3)).toBe(true);
    expect(d.seen('a:1', T0 + 4)).toBe(false);
  });

  it('forget() lets a message through again (its store commit failed)', () => {
    const d = new UplinkDeduper(10, 60_000);
    d.seen('a:1', T0);
    d.forget('a:1');
    expect(d.seen('a:1', T0 + 1)).toBe(false);
  });

  it('a clock stepped back does not make a fresh key look new', () => {
    const d = new UplinkDeduper(10, 60_000);
    d.seen('a:1', T0);
    expect(d.seen('a:1', T0 - 5_000)).toBe(true);
  });

  it('never holds more than windowSize keys', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.nat(1000)), { maxLength: 200 }), (size, ops) => {
      const d = new UplinkDeduper(size, 100);
      let t = T0;
      for (const [k, dt] of ops) {
        t += dt;
        d.seen(k, t);
        expect(d.size).toBeLessThanOrEqual(size);
      }
    }));
  });

  it('refuses a zero window', () => {
    expect(() => new UplinkDeduper(0, 1000)).toThrow(RangeError);
  });
});
