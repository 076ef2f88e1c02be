import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buttonStep, INITIAL_BUTTON, type ButtonConfig, type ButtonInput, type PressKind } from '../../../daemon/actuators/core/button.js';

const cfg: ButtonConfig = { debounceMs: 30, longMs: 1000, doubleMs: 400, activeLow: true, hasDouble: false };

/** Runs inputs and the wake-ups they ask for, in time order, up to `until`. */
function run(inputs: ButtonInput[], c: ButtonConfig, until: number): Array<{ kind: PressKind; at: number }> {
  let state = INITIAL_BUTTON;
  let wake: number | null = null;
  const out: Array<{ kind: PressKind; at: number }> = [];
  const queue = [...inputs].sort((a, b) => a.at - b.at);
  for (;;) {
    const nextInput = queue[0];
    const useWake = wake !== null && (!nextInput || wake < nextInput.at);
    if (!useWake && !nextInput) break;
    const input: ButtonInput = useWake ? { type: 'tick', at: wake! } : queue.shift()!;
    if (input.at > until) break;
    const r = buttonStep(state, input, c);
    state = r.state;
    wake = r.wakeAt;
    out.push(...r.events);
  }
  return out;
}

const press = (from: number, to: number): ButtonInput[] => [{ type: 'edge', level: 0, at: from }, { type: 'edge', level: 1, at: to }];

describe('button presses', () => {
  it('a clean short press is reported at release (debounced)', () => {
    expect(run(press(100, 300), cfg, 5000)).toEqual([{ kind: 'short', at: 330 }]);
  });

  it('contact bounce shorter than the debounce time produces nothing', () => {
    const bounces: ButtonInput[] = [];
    for (let t = 100; t < 200; t += 10) bounces.push({ type: 'edge', level: ((t / 10) % 2) as 0 | 1, at: t });
    bounces.push({ type: 'edge', level: 1, at: 205 });
    expect(run(bounces, cfg, 5000)).toEqual([]);
  });

  it('a long press is reported when the hold crosses the threshold, once, not at release', () => {
    expect(run(press(0, 3000), cfg, 5000)).toEqual([{ kind: 'long', at: 1030 }]);
    // 1 ms short of the threshold is still short
    expect(run(press(0, 999), cfg, 5000)).toEqual([{ kind: 'short', at: 1029 }]);
  });

  it('double press within the window; single press waits for the window when double is configured', () => {
    const c = { ...cfg, hasDouble: true };
    expect(run([...press(0, 100), ...press(300, 400)], c, 5000)).toEqual([{ kind: 'double', at: 430 }]);
    expect(run(press(0, 100), c, 5000)).toEqual([{ kind: 'short', at: 530 }]);
    // the second press starts after the window: two short presses
    expect(run([...press(0, 100), ...press(600, 700)], c, 5000)).toEqual([{ kind: 'short', at: 530 }, { kind: 'short', at: 1130 }]);
  });

  it('property: random bounce storms shorter than the debounce never yield a press', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 29 }), { minLength: 1, maxLength: 30 }), (gaps) => {
      const inputs: ButtonInput[] = [];
      let t = 1000;
      let level: 0 | 1 = 0;
      for (const g of gaps) {
        inputs.push({ type: 'edge', level, at: t });
        level = level === 0 ? 1 : 0;
        t += g;
      }
      inputs.push({ type: 'edge', level: 1, at: t }); // back to released before any level held 30 ms
      expect(run(inputs, cfg, t + 5000)).toEqual([]);
    }));
  });

  it('property: one clean press of any length gives exactly one event of the right kind', () => {
    fc.assert(fc.property(fc.integer({ min: 31, max: 5000 }), (hold) => {
      const ev = run(press(0, hold), cfg, 20000);
      expect(ev).toHaveLength(1);
      expect(ev[0].kind).toBe(hold >= 1000 ? 'long' : 'short');
    }));
  });
});
