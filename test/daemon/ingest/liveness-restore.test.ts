import { describe, expect, it } from 'vitest';
import { LivenessTracker } from '../../../daemon/ingest/liveness.js';

describe('LivenessTracker.restore', () => {
  const t0 = 1_800_000_000_000;
  it('a sensor heard recently before a restart is ok, with its last-seen time', () => {
    const l = new LivenessTracker({ offlineAfterIntervals: 3, now: t0 });
    l.register([{ id: 'a', intervalS: 60 }]);
    l.restore('a', t0 - 30_000, t0);
    expect(l.state('a')).toBe('ok');
    expect(l.lastSeen('a')).toBe(t0 - 30_000);
    // and goes offline counting from that reading, not from the restart
    expect(l.tick(t0 + 151_000)).toHaveLength(1);
  });

  it('a sensor already silent too long starts offline without a new event', () => {
    const l = new LivenessTracker({ offlineAfterIntervals: 3, now: t0 });
    l.register([{ id: 'a', intervalS: 60 }]);
    l.restore('a', t0 - 3600_000, t0);
    expect(l.state('a')).toBe('offline');
    expect(l.tick(t0 + 1000)).toEqual([]);
    expect(l.seen('a', t0 + 2000)?.to).toBe('ok');
  });
});
