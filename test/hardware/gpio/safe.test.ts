import { describe, expect, it } from 'vitest';
import { applySafeStates } from '../../../hardware/gpio/safe.js';
import { createSimulatedBackend } from '../../../hardware/gpio/simulated-backend.js';

describe('applySafeStates', () => {
  it('drives each output to its safe physical level and releases it', async () => {
    const gpio = createSimulatedBackend();
    const results = await applySafeStates(gpio, [
      { line: 26, activeLow: true, safeState: 'off' }, // maglock relay de-energised: HIGH
      { line: 20, activeLow: false, safeState: 'off' },
      { line: 21, activeLow: true, safeState: 'on' },
    ]);
    expect(results).toEqual([
      { line: 26, level: 1, ok: true },
      { line: 20, level: 0, ok: true },
      { line: 21, level: 0, ok: true },
    ]);
    expect(gpio.history(26).map((r) => r.value)).toEqual([1]);
    expect(gpio.history(20).map((r) => r.value)).toEqual([0]);
    expect(gpio.history(21).map((r) => r.value)).toEqual([0]);
    expect(gpio.snapshot()).toEqual([]); // released
  });

  it('keeps going past a failing line and reports it', async () => {
    const gpio = createSimulatedBackend();
    gpio.requestInput(20, { label: 'held elsewhere' });
    const results = await applySafeStates(gpio, [
      { line: 20, activeLow: true, safeState: 'off' },
      { line: 999, activeLow: true, safeState: 'off' },
      { line: 21, activeLow: true, safeState: 'off' },
    ]);
    expect(results.map((r) => [r.line, r.ok, r.code])).toEqual([
      [20, false, 'RELAIS_GPIO_LINE_BUSY'],
      [999, false, 'RELAIS_GPIO_LINE_INVALID'],
      [21, true, undefined],
    ]);
    expect(gpio.history(21).map((r) => r.value)).toEqual([1]);
  });
});
