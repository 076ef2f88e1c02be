import { describe, expect, it } from 'vitest';
import { LogicalOutput, logicalState, physicalLevel, type LogicalState } from '../../../hardware/gpio/logical.js';
import { createSimulatedBackend } from '../../../hardware/gpio/simulated-backend.js';

describe('physicalLevel', () => {
  it('maps on/off through activeLow', () => {
    expect(physicalLevel('on', false)).toBe(1);
    expect(physicalLevel('off', false)).toBe(0);
    expect(physicalLevel('on', true)).toBe(0);
    expect(physicalLevel('off', true)).toBe(1);
    expect(logicalState(0, true)).toBe('on');
    expect(logicalState(1, true)).toBe('off');
  });
});

describe('LogicalOutput initial level', () => {
  const states: LogicalState[] = ['on', 'off'];
  const cases = [true, false].flatMap((activeLow) =>
    states.flatMap((safeState) =>
      [undefined, null, 'on' as const, 'off' as const].map((restored) => ({ activeLow, safeState, restored })),
    ),
  );

  it.each(cases)('activeLow=$activeLow safe=$safeState restored=$restored', ({ activeLow, safeState, restored }) => {
    const gpio = createSimulatedBackend({ now: () => 7 });
    const out = new LogicalOutput(gpio, { line: 26, activeLow, safeState, restored, label: 'door' });
    const expectedState = restored ?? safeState;
    const expectedLevel = physicalLevel(expectedState, activeLow);
    // The very first level on the wire is the requested one: exactly one record, at request.
    expect(gpio.history(26)).toEqual([{ value: expectedLevel, atMs: 7 }]);
    expect(out.state).toBe(expectedState);
    expect(out.level).toBe(expectedLevel);
  });

  it('active-low relay, safe off, no saved state: line starts HIGH (relay de-energised)', () => {
    const gpio = createSimulatedBackend();
    new LogicalOutput(gpio, { line: 20, activeLow: true, safeState: 'off' });
    expect(gpio.history(20).map((r) => r.value)).toEqual([1]);
  });
});

describe('LogicalOutput switching', () => {
  it('writes physical levels and re-asserts on repeat', () => {
    let t = 0;
    const gpio = createSimulatedBackend({ now: () => ++t });
    const out = new LogicalOutput(gpio, { line: 21, activeLow: true, safeState: 'off' });
    out.on();
    out.on();
    out.off();
    out.set('on');
    out.applySafe();
    expect(gpio.history(21).map((r) => r.value)).toEqual([1, 0, 0, 1, 0, 1]);
    expect(out.state).toBe('off');
  });

  it('release frees the line and further writes throw', () => {
    const gpio = createSimulatedBackend();
    const out = new LogicalOutput(gpio, { line: 5, activeLow: false, safeState: 'off' });
    out.release();
    expect(gpio.snapshot()).toEqual([]);
    expect(() => out.on()).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_RELEASED' }));
  });
});
