// Whatever is appended, whenever it is verified or purged, the register verifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HACCP_KINDS } from '../../../daemon/haccp/records.js';
import { DAY, T0, register } from './helpers.js';

type Cmd =
  | { op: 'append'; kind: string; equipmentId: string | null; userLogin: string | null; payload: Record<string, unknown>; dt: number }
  | { op: 'verify' }
  | { op: 'purge'; ageDays: number; advanceDays: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      kind: fc.constantFrom(...HACCP_KINDS),
      equipmentId: fc.option(fc.constantFrom('frigo-1', 'congel-2', 'chambre-froide'), { nil: null }),
      userLogin: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }),
      payload: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
      dt: fc.integer({ min: -DAY, max: 30 * DAY }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ op: 'verify' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('purge' as const), ageDays: fc.integer({ min: 366, max: 600 }), advanceDays: fc.integer({ min: 0, max: 800 }) }) },
);

describe('HACCP register (property)', () => {
  it('random appends, verifies and purges always verify, and count what is kept', () => {
    let purged = 0;
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 60 }), (cmds) => {
        const { reg, clock, db } = register();
        let kept = 0;
        for (const c of cmds) {
          if (c.op === 'append') {
            clock.advance(Math.max(0, c.dt));
            // ts may lie a little in the past of the clock (an incident stamped at its start)
            reg.append({ kind: c.kind, equipmentId: c.equipmentId, userLogin: c.userLogin, payload: c.payload, ts: clock.now() + Math.min(0, c.dt) });
            kept++;
          } else if (c.op === 'verify') {
            expect(reg.verify()).toEqual({ ok: true, count: kept, guarded: true });
          } else {
            clock.advance(c.advanceDays * DAY);
            const r = reg.purgeBefore(clock.now() - c.ageDays * DAY);
            if (r.deleted > 0) (kept += 1 - r.deleted), purged++;
          }
        }
        expect(reg.verify()).toEqual({ ok: true, count: kept, guarded: true });
        expect(db.prepare('SELECT count(*) FROM haccp_records').pluck().get()).toBe(kept);
        expect(clock.now()).toBeGreaterThanOrEqual(T0);
      }),
      { numRuns: 150 },
    );
    expect(purged).toBeGreaterThan(10); // the purge path was exercised
  });
});
