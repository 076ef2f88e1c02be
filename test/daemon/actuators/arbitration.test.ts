import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDLE_LATCH, LAYERS, latchStep, resolve, withRequest, type DeviceSafety, type Request } from '../../../daemon/actuators/core/arbitration.js';
import { actionRequest, doorRelay } from '../../../daemon/actuators/core/devices.js';

const egress: DeviceSafety = { kind: 'door', egress: true, lockdown: true };
const req = (layer: Request['layer'], target: Request['target'], at: number, expiresAt: number | null = null): Request => ({ layer, target, origin: `${layer}-x`, at, expiresAt });

describe('arbitration', () => {
  it('fire > lockdown > button > command > schedule', () => {
    const rs = [req('schedule', 'locked', 0), req('command', 'unlocked', 1), req('button', 'locked', 2)];
    expect(resolve(egress, rs, { fire: false, lockdown: false }, 10).layer).toBe('button');
    expect(resolve(egress, rs.slice(0, 2), { fire: false, lockdown: false }, 10)).toMatchObject({ layer: 'command', target: 'unlocked' });
    expect(resolve(egress, rs, { fire: false, lockdown: true }, 10)).toMatchObject({ layer: 'lockdown', target: 'locked' });
    expect(resolve(egress, rs, { fire: true, lockdown: true }, 10)).toMatchObject({ layer: 'fire', target: 'unlocked' });
  });

  it('an override ends exactly at its expiry and the schedule takes back', () => {
    const rs = [req('schedule', 'locked', 0), req('command', 'unlocked', 5, 100)];
    expect(resolve(egress, rs, { fire: false, lockdown: false }, 99).layer).toBe('command');
    expect(resolve(egress, rs, { fire: false, lockdown: false }, 100)).toMatchObject({ layer: 'schedule', target: 'locked' });
  });

  it('property: fire always unlocks egress doors; otherwise the highest live layer decides', () => {
    const layer = fc.constantFrom('button' as const, 'command' as const, 'schedule' as const);
    const request = fc.record({ layer, target: fc.constantFrom('locked' as const, 'unlocked' as const), origin: fc.string(), at: fc.integer({ min: 0, max: 1000 }), expiresAt: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }) });
    fc.assert(fc.property(fc.array(request, { maxLength: 8 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2000 }), (rs, fire, lockdown, now) => {
      const r = resolve(egress, rs, { fire, lockdown }, now);
      if (fire) {
        expect(r.target).toBe('unlocked');
        expect(doorRelay('egress', 'unlocked')).toBe(false); // de-energised
        return;
      }
      if (lockdown) {
        expect(r.layer).toBe('lockdown');
        return;
      }
      const live = rs.filter((x) => x.expiresAt === null || x.expiresAt > now);
      const best = LAYERS.find((l) => live.some((x) => x.layer === l)) ?? null;
      expect(r.layer).toBe(best);
    }));
  });

  it('withRequest keeps one request per layer', () => {
    const rs = withRequest(withRequest([], req('command', 'locked', 1)), req('command', 'unlocked', 2));
    expect(rs).toHaveLength(1);
    expect(rs[0].target).toBe('unlocked');
  });
});

describe('fire and lockdown latch', () => {
  it('stays latched until the input has cleared and a user reset it', () => {
    let l = latchStep(IDLE_LATCH, { type: 'input', active: true, at: 1 }).latch;
    expect(l.active).toBe(true);
    const refused = latchStep(l, { type: 'reset', by: 'gardien', at: 2 });
    expect(refused.refused).toMatch(/still active/);
    expect(refused.latch.active).toBe(true);
    l = latchStep(l, { type: 'input', active: false, at: 3 }).latch;
    expect(l.active).toBe(true); // cleared input alone does not end it
    l = latchStep(l, { type: 'reset', by: 'gardien', at: 4 }).latch;
    expect(l).toMatchObject({ active: false, resetBy: 'gardien', resetAt: 4 });
  });

  it('property: never inactive while the input is active', () => {
    const input = fc.oneof(
      fc.record({ type: fc.constant('input' as const), active: fc.boolean(), at: fc.nat() }),
      fc.record({ type: fc.constant('reset' as const), by: fc.constant('u'), at: fc.nat() }),
      fc.record({ type: fc.constant('trigger' as const), by: fc.constant('u'), at: fc.nat() }),
    );
    fc.assert(fc.property(fc.array(input, { maxLength: 30 }), (inputs) => {
      let l = IDLE_LATCH;
      for (const i of inputs) {
        l = latchStep(l, i).latch;
        if (l.inputActive) expect(l.active).toBe(true);
      }
    }));
  });
});

describe('actions', () => {
  it('parses door, shutter and light actions and refuses what a device cannot do', () => {
    expect(actionRequest('door', 'openFor', { durationS: 10, maxOpenS: 30 })).toEqual({ target: 'unlocked', durationMs: 10000 });
    expect(actionRequest('door', 'openFor', { durationS: 31, maxOpenS: 30 })).toHaveProperty('error');
    expect(actionRequest('shutter', 'goto:50')).toEqual({ target: { position: 50 }, durationMs: null });
    expect(actionRequest('light', 'onFor:15')).toEqual({ target: 'on', durationMs: 900000 });
    expect(actionRequest('light', 'unlock')).toHaveProperty('error');
  });
});
