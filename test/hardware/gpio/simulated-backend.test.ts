import { describe, expect, it, vi } from 'vitest';
import { createSimulatedBackend } from '../../../hardware/gpio/simulated-backend.js';
import type { Level } from '../../../hardware/gpio/types.js';

describe('simulated outputs', () => {
  it('remember value and history with timestamps', () => {
    let t = 100;
    const gpio = createSimulatedBackend({ now: () => (t += 10) });
    const out = gpio.requestOutput(26, 1, { label: 'door' });
    out.write(0);
    out.write(1);
    expect(out.read()).toBe(1);
    expect(gpio.history(26)).toEqual([
      { value: 1, atMs: 110 },
      { value: 0, atMs: 120 },
      { value: 1, atMs: 130 },
    ]);
    expect(gpio.history(3)).toEqual([]);
  });

  it('history is a copy', () => {
    const gpio = createSimulatedBackend();
    gpio.requestOutput(1, 0);
    (gpio.history(1) as unknown[]).push('x');
    expect(gpio.history(1)).toHaveLength(1);
  });

  it('same line twice is RELAIS_GPIO_LINE_BUSY, for outputs and inputs alike', () => {
    const gpio = createSimulatedBackend();
    gpio.requestOutput(20, 1, { label: 'shutter up' });
    expect(() => gpio.requestOutput(20, 1)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_BUSY' }));
    expect(() => gpio.requestInput(20)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_BUSY' }));
    expect(gpio.history(20)).toHaveLength(1); // the refused request drove nothing
  });

  it('released lines throw on write and read, and can be requested again', () => {
    const gpio = createSimulatedBackend();
    const out = gpio.requestOutput(20, 1);
    out.release();
    out.release(); // idempotent
    expect(() => out.write(0)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_RELEASED' }));
    expect(() => out.read()).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_RELEASED' }));
    const again = gpio.requestOutput(20, 0);
    again.write(1);
    expect(gpio.history(20).map((r) => r.value)).toEqual([1, 0, 1]);
  });

  it('rejects numbers that are not BCM lines (sysfs numbers, negatives, fractions)', () => {
    const gpio = createSimulatedBackend();
    for (const bad of [538, -1, 2.5, Number.NaN]) {
      expect(() => gpio.requestOutput(bad, 0)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_INVALID' }));
    }
  });

  it('releaseAll frees every line', async () => {
    const gpio = createSimulatedBackend();
    const out = gpio.requestOutput(1, 0);
    gpio.requestInput(2);
    await gpio.releaseAll();
    expect(gpio.snapshot()).toEqual([]);
    expect(() => out.write(1)).toThrow();
    expect(() => gpio.requestOutput(1, 0)).not.toThrow();
  });
});

describe('simulated inputs', () => {
  it('idle level is high (pull-up) unless set otherwise', () => {
    expect(createSimulatedBackend().requestInput(6).read()).toBe(1);
    expect(createSimulatedBackend({ idleLevel: 0 }).requestInput(6).read()).toBe(0);
  });

  it('setInput fires watchers synchronously with the time, on changes only', () => {
    const gpio = createSimulatedBackend({ now: () => 42 });
    const input = gpio.requestInput(17);
    const seen: Array<[Level, number]> = [];
    input.watch((v, at) => seen.push([v, at]));
    gpio.setInput(17, 1); // already high: no edge
    gpio.setInput(17, 0);
    expect(seen).toEqual([[0, 42]]);
    gpio.setInput(17, 0);
    gpio.setInput(17, 1);
    expect(seen).toEqual([
      [0, 42],
      [1, 42],
    ]);
    expect(input.read()).toBe(1);
  });

  it('uses performance.now() by default', () => {
    const gpio = createSimulatedBackend();
    const cb = vi.fn();
    gpio.requestInput(4).watch(cb);
    const before = performance.now();
    gpio.setInput(4, 0);
    const at = cb.mock.calls[0]?.[1] as number;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(performance.now());
  });

  it.each([
    ['rising', [1]],
    ['falling', [0, 0]],
    ['both', [0, 1, 0]],
    ['none', []],
  ] as const)('edge %s filters', (edge, expected) => {
    const gpio = createSimulatedBackend();
    const values: Level[] = [];
    gpio.requestInput(13, { edge }).watch((v) => values.push(v));
    for (const level of [0, 1, 0] as Level[]) gpio.setInput(13, level);
    expect(values).toEqual(expected);
  });

  it('activeLow inverts the value and the edges refer to it (button to GND pressed = 1)', () => {
    const gpio = createSimulatedBackend();
    const button = gpio.requestInput(22, { activeLow: true, edge: 'rising', label: 'caretaker' });
    const presses: Level[] = [];
    button.watch((v) => presses.push(v));
    expect(button.read()).toBe(0); // pulled up, not pressed
    gpio.setInput(22, 0); // pressed: wire goes low
    gpio.setInput(22, 1); // released
    expect(presses).toEqual([1]);
  });

  it('unwatch stops callbacks; release drops watchers; watch after release throws', () => {
    const gpio = createSimulatedBackend();
    const input = gpio.requestInput(19);
    const a = vi.fn();
    const b = vi.fn();
    const stopA = input.watch(a);
    input.watch(b);
    stopA();
    gpio.setInput(19, 0);
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    input.release();
    gpio.setInput(19, 1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(() => input.watch(a)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_RELEASED' }));
  });

  it('a throwing watcher does not stop the others, and its error surfaces', () => {
    const gpio = createSimulatedBackend();
    const input = gpio.requestInput(16);
    const after = vi.fn();
    input.watch(() => {
      throw new Error('boom');
    });
    input.watch(after);
    expect(() => gpio.setInput(16, 0)).toThrow('boom');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('the wire level persists for a line requested later', () => {
    const gpio = createSimulatedBackend();
    gpio.setInput(6, 0); // X1200: mains already lost at start
    expect(gpio.requestInput(6, { label: 'power_ok' }).read()).toBe(0);
  });

  it('setInput on an output is refused', () => {
    const gpio = createSimulatedBackend();
    gpio.requestOutput(26, 1);
    expect(() => gpio.setInput(26, 0)).toThrow(/output/);
  });
});

describe('snapshot', () => {
  it('lists requested lines sorted with direction, value and label', () => {
    const gpio = createSimulatedBackend();
    gpio.requestOutput(26, 1, { label: 'porte' });
    gpio.requestInput(6, { label: 'power_ok', edge: 'falling' });
    gpio.requestInput(22, { activeLow: true });
    gpio.setInput(22, 0);
    expect(gpio.snapshot()).toEqual([
      { line: 6, direction: 'in', value: 1, level: 1, label: 'power_ok', edge: 'falling', activeLow: false },
      { line: 22, direction: 'in', value: 1, level: 0, edge: 'both', activeLow: true },
      { line: 26, direction: 'out', value: 1, level: 1, label: 'porte' },
    ]);
  });
});
