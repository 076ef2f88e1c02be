import { describe, expect, it } from 'vitest';
import { BOARD_PROFILES, findLineConflicts } from '../../../hardware/boards/profiles.js';

describe('BOARD_PROFILES', () => {
  it('Waveshare RPi Relay Board: 26, 20, 21 active-low', () => {
    expect(BOARD_PROFILES['waveshare-rpi-relay-board']?.channels).toEqual([
      { channel: 1, line: 26, activeLow: true },
      { channel: 2, line: 20, activeLow: true },
      { channel: 3, line: 21, activeLow: true },
    ]);
  });

  it('X1200 power-loss input on GPIO6', () => {
    expect(BOARD_PROFILES['geekworm-x1200']?.inputs).toEqual([expect.objectContaining({ line: 6, low: expect.stringMatching(/lost/) })]);
  });

  it('every profile: id matches key, BCM header lines, no line used twice, a source', () => {
    for (const [key, p] of Object.entries(BOARD_PROFILES)) {
      expect(p.id).toBe(key);
      const lines = [...p.channels.map((c) => c.line), ...p.inputs.map((i) => i.line), ...p.reserved.map((r) => r.line)];
      for (const line of lines) expect(line >= 0 && line <= 27, `${key} line ${line}`).toBe(true);
      expect(new Set(lines).size, key).toBe(lines.length);
      expect(p.channels.map((c) => c.channel)).toEqual(p.channels.map((_, i) => i + 1));
      expect(p.sources.length, key).toBeGreaterThan(0);
    }
  });

  it('finds line conflicts between boards', () => {
    expect(findLineConflicts(['waveshare-rpi-relay-board', 'geekworm-x1200'])).toEqual([]);
    expect(findLineConflicts(['keyestudio-ks0212', 'geekworm-x1200'])).toEqual([
      { line: 6, users: ['keyestudio-ks0212 channel 3', 'geekworm-x1200 power_ok'] },
    ]);
    expect(findLineConflicts(['waveshare-rpi-relay-board-b', 'geekworm-x1200']).map((c) => c.line)).toEqual([6, 16]);
    expect(() => findLineConflicts(['nope'])).toThrow(/Unknown board profile/);
  });
});
