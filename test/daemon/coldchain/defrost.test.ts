import { describe, expect, it } from 'vitest';
import { inDefrost, nextDefrostBoundary } from '../../../daemon/coldchain/defrost.js';
import { MIN } from './helpers.js';

const TZ = 'Europe/Paris';

describe('defrost windows', () => {
  it('a window across midnight covers the start of the next day', () => {
    const w = [{ at: '23:50', minutes: 30 }];
    const midnight = Date.UTC(2025, 0, 14, 23, 0); // 15 January 00:00 in Paris
    expect(inDefrost(w, TZ, midnight - 11 * MIN)).toBe(false);
    expect(inDefrost(w, TZ, midnight - 10 * MIN)).toBe(true);
    expect(inDefrost(w, TZ, midnight + 19 * MIN)).toBe(true);
    expect(inDefrost(w, TZ, midnight + 20 * MIN)).toBe(false); // the end is not in the window
    expect(nextDefrostBoundary(w, TZ, midnight)).toBe(midnight + 20 * MIN);
    expect(nextDefrostBoundary(w, TZ, midnight + 20 * MIN)).toBe(midnight + 24 * 60 * MIN - 10 * MIN);
  });

  it('a window in the spring-forward gap runs when the gap ends (03:00 local)', () => {
    const w = [{ at: '02:30', minutes: 20 }];
    const gapEnd = Date.UTC(2025, 2, 30, 1, 0); // 30 March 2025, 03:00 CEST
    expect(inDefrost(w, TZ, gapEnd - MIN)).toBe(false);
    expect(inDefrost(w, TZ, gapEnd)).toBe(true);
    expect(inDefrost(w, TZ, gapEnd + 20 * MIN)).toBe(false);
  });

  it('no windows: never in defrost, no boundary', () => {
    expect(inDefrost([], TZ, 0)).toBe(false);
    expect(nextDefrostBoundary([], TZ, 0)).toBe(Infinity);
  });
});
