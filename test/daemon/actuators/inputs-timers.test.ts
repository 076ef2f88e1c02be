// Buttons driven through BuildingInputs with fake timers: debounce, long press and the double
// window are timed by the daemon's own timers, not by the test's waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { parseSiteConfig } from '../../../daemon/config/index.js';
import { BuildingInputs } from '../../../daemon/actuators/inputs.js';
import { createSimulatedBackend } from '../../../hardware/gpio/index.js';
import type { ActuatorService } from '../../../daemon/actuators/service.js';

const yaml = `site: { id: ecole-x, name: X, timezone: Europe/Paris }
sensors: []
gpio: { backend: simulated }
building:
  lights: [{ id: l1, name: L, line: 16 }]
  scenes: [{ id: s1, name: S, steps: [{ target: l1, action: "off" }] }]
  buttons:
    - id: b1
      name: B
      line: 17
      short: { target: l1, action: "on" }
      long: { scene: s1 }
      double: { target: l1, action: onFor, durationS: 60 }
`;

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] }));
afterEach(() => vi.useRealTimers());

function setup() {
  const cfg = parseSiteConfig(yaml);
  const gpio = createSimulatedBackend();
  const calls: string[] = [];
  const service = {
    command: (target: string, input: { action: string }) => (calls.push(`${target}:${input.action}`), { ok: true, devices: [] }),
    scene: (id: string) => (calls.push(`scene:${id}`), { ok: true, devices: [] }),
    safetyInput: () => ({ ok: true }),
  } as unknown as ActuatorService;
  const inputs = new BuildingInputs({ building: cfg.building, backend: gpio, service, logger: pino({ level: 'silent' }), mono: () => performance.now(), now: () => Date.now() });
  inputs.start();
  return { gpio, calls, inputs };
}

describe('buttons with fake timers', () => {
  it('a short press waits for the double window, then acts once', () => {
    const { gpio, calls } = setup();
    gpio.setInput(17, 0);
    vi.advanceTimersByTime(100);
    gpio.setInput(17, 1);
    vi.advanceTimersByTime(200);
    expect(calls).toEqual([]); // still inside the double window
    vi.advanceTimersByTime(300);
    expect(calls).toEqual(['l1:on']);
  });

  it('a long press acts when the hold crosses 1 s, while still held', () => {
    const { gpio, calls } = setup();
    gpio.setInput(17, 0);
    vi.advanceTimersByTime(1029);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(calls).toEqual(['scene:s1']);
    gpio.setInput(17, 1);
    vi.advanceTimersByTime(2000);
    expect(calls).toEqual(['scene:s1']);
  });

  it('a double press acts once, and bounces do not count as presses', () => {
    const { gpio, calls } = setup();
    for (const [level, ms] of [[0, 3], [1, 2], [0, 100], [1, 150], [0, 2], [1, 1], [0, 80], [1, 500]] as const) {
      gpio.setInput(17, level);
      vi.advanceTimersByTime(ms);
    }
    expect(calls).toEqual(['l1:onFor']);
  });
});
