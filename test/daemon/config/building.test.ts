import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { parseSiteConfig, ConfigError } from '../../../daemon/config/index.js';

const base = fs.readFileSync('examples/building-site.yaml', 'utf8');

function problems(yaml: string): string[] {
  try {
    parseSiteConfig(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.format().split('\n');
    throw err;
  }
  return [];
}

describe('building section', () => {
  it('accepts the example school with defaults filled', () => {
    const cfg = parseSiteConfig(base);
    expect(cfg.gpio.backend).toBe('auto');
    expect(cfg.building.doors[0]).toMatchObject({ id: 'porte-entree', mode: 'egress', maxOpenS: 30, powerOn: 'schedule' });
    expect(cfg.building.shutters[0].reversePauseMs).toBe(500);
    expect(cfg.building.buttons[0]).toMatchObject({ activeLow: true, debounceMs: 30, longMs: 1000 });
    expect(cfg.building.safety.holdWhenUntrusted).toEqual(['unlock', 'open']);
    expect(cfg.building.schedules).toHaveLength(3);
  });

  it('a site without a building section has none', () => {
    const cfg = parseSiteConfig('site:\n  id: ecole-x\n  name: X\n  timezone: Europe/Paris\nsensors: []\n');
    expect(cfg.building.doors).toEqual([]);
    expect(cfg.gpio.backend).toBe('auto');
  });

  it('refuses a GPIO line used twice, naming the line in the file', () => {
    const out = problems(base.replace('line: 16', 'line: 26'));
    expect(out.some((l) => /building\.lights\[0\]\.line \(line \d+\): GPIO 26 is already used by building\.doors\[0\]\.line/.test(l))).toBe(true);
  });

  it('refuses a reversal pause under 500 ms', () => {
    const out = problems(base.replace('travelDownS: 22', 'travelDownS: 22\n      reversePauseMs: 200'));
    expect(out.join('\n')).toMatch(/reversePauseMs \(line \d+\): must be at least 500 ms/);
  });

  it('refuses unknown targets, actions a device does not have, and bad schedule rules', () => {
    const out = problems(
      base
        .replace('{ target: preau, action: off }', '{ target: preau, action: unlock }')
        .replace('targets: [volets-rdc]', 'targets: [volets-etage]')
        .replace('cron: "0 18 * * *"', 'cron: "0 25 * * *"'),
    ).join('\n');
    expect(out).toMatch(/scenes\[0\]\.steps\[2\]\.action \(line \d+\): "unlock" is not an action of preau; use one of: on, off, onFor/);
    expect(out).toMatch(/schedules\[2\]\.target.*"volets-etage" is not a door, shutter, light or group/);
    expect(out).toMatch(/schedules\[2\]/);
  });

  it('refuses a button press with both a scene and a target', () => {
    const out = problems(base.replace('long: { scene: fermeture-soir }', 'long: { scene: fermeture-soir, target: preau, action: on }')).join('\n');
    expect(out).toMatch(/buttons\[0\]\.long.*either scene or target/);
  });

  it('a schoolDaysOnly rule needs the site zone', () => {
    const out = problems(base.replace('  zone: B\n', '')).join('\n');
    expect(out).toMatch(/building\.schedules\[0\]\.schoolDaysOnly \(line \d+\): needs the school-holiday zone: set site\.zone/);
  });

  it('refuses unknown keys with a suggestion', () => {
    const out = problems(base.replace('fireOn: true', 'fireOnn: true')).join('\n');
    expect(out).toMatch(/building\.lights\[0\]\.fireOnn \(line \d+\): unknown key; did you mean fireOn\?/);
  });
});
