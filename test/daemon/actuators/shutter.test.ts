import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialShutter, positionAt, shutterStep, type ShutterConfig, type ShutterInput, type ShutterState } from '../../../daemon/actuators/core/shutter.js';

const cfg: ShutterConfig = { travelUpMs: 20000, travelDownMs: 18000, reversePauseMs: 500, maxRunMs: 24000 };

interface Trace { at: number; up: boolean; down: boolean }

/** Feeds commands at their times plus every wake-up the machine asks for; returns the relay trace. */
function drive(commands: Array<{ at: number; cmd: 'up' | 'down' | 'stop' | 'goto'; percent?: number }>, start: ShutterState, until: number) {
  let s = start;
  let wake: number | null = null;
  const trace: Trace[] = [];
  const queue = [...commands].sort((a, b) => a.at - b.at);
  for (let guard = 0; guard < 10000; guard++) {
    const c = queue[0];
    const useWake = wake !== null && (!c || wake < c.at);
    const input: ShutterInput | undefined = useWake ? { type: 'tick', at: wake! } : c ? { type: 'command', ...queue.shift()! } : undefined;
    if (!input || input.at > until) break;
    const r = shutterStep(s, input, cfg);
    s = r.state;
    wake = r.wakeAt;
    trace.push({ at: input.at, ...r.relays });
  }
  return { state: s, trace };
}

describe('shutter', () => {
  it('goes to 50 % from closed and stops there', () => {
    const { state, trace } = drive([{ at: 0, cmd: 'goto', percent: 50 }], initialShutter(0, 0), 60000);
    expect(trace[0]).toMatchObject({ up: true, down: false });
    expect(trace.at(-1)).toMatchObject({ at: 10000, up: false, down: false });
    expect(state.position).toBe(50);
  });

  it('reverses only after a pause with both relays off', () => {
    const { trace } = drive([{ at: 0, cmd: 'up' }, { at: 3000, cmd: 'down' }], initialShutter(0, 0), 60000);
    const stopAt = trace.find((t) => t.at === 3000)!;
    expect(stopAt).toMatchObject({ up: false, down: false });
    const downStart = trace.find((t) => t.down)!;
    expect(downStart.at).toBe(3500);
  });

  it('calibrates a shutter of unknown position against the nearer end stop', () => {
    const { state } = drive([{ at: 0, cmd: 'goto', percent: 70 }], initialShutter(null, 0), 120000);
    expect(state.position).toBe(70);
  });

  it('property: relays never on together, reversal pause always held, runs never past maxRun, position in 0..100', () => {
    const cmd = fc.record({
      at: fc.integer({ min: 0, max: 60000 }),
      cmd: fc.constantFrom('up' as const, 'down' as const, 'stop' as const, 'goto' as const),
      percent: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(fc.array(cmd, { maxLength: 25 }), fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), (cmds, startPos) => {
      const { trace, state } = drive(cmds, initialShutter(startPos, 0), 200000);
      let lastOn: { dir: 'up' | 'down'; offAt: number | null } | null = null;
      let runStart: number | null = null;
      for (const t of trace) {
        expect(t.up && t.down).toBe(false);
        const dir = t.up ? 'up' : t.down ? 'down' : null;
        if (dir && (!lastOn || lastOn.offAt !== null)) {
          if (lastOn && lastOn.dir !== dir) expect(t.at - lastOn.offAt!).toBeGreaterThanOrEqual(500);
          runStart = t.at;
          lastOn = { dir, offAt: null };
        } else if (dir && lastOn && lastOn.dir !== dir) {
          throw new Error(`direct reversal at ${t.at}`);
        } else if (!dir && lastOn && lastOn.offAt === null) {
          lastOn.offAt = t.at;
          expect(t.at - runStart!).toBeLessThanOrEqual(cfg.maxRunMs);
          runStart = null;
        }
      }
      const p = positionAt(state, 200000, cfg);
      if (p !== null) expect(p).toBeGreaterThanOrEqual(0);
      if (p !== null) expect(p).toBeLessThanOrEqual(100);
    }), { numRuns: 300 });
  });
});
