// The building with the simulated GPIO backend and a real store: buttons, fire, schedule,
// overrides that survive a restart, the audit written before the relay moves.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseSiteConfig, type SiteConfig } from '../../../daemon/config/index.js';
import { Store } from '../../../daemon/store/store.js';
import { createSimulatedBackend, type SimulatedBackend } from '../../../hardware/gpio/index.js';
import { startBuilding, type Building } from '../../../daemon/actuators/wiring.js';
import { waitFor } from '../../helpers/ports.js';

// Tuesday 24 November 2026, 09:00 in Paris: a school day in zone B, after the 08:40 lock
const TUESDAY_9AM = Date.parse('2026-11-24T08:00:00Z');

function config(patch: (y: string) => string = (y) => y): SiteConfig {
  const yaml = patch(fs.readFileSync('examples/building-site.yaml', 'utf8'))
    .replace('backend: auto', 'backend: simulated')
    .replace('travelUpS: 25', 'travelUpS: 1')
    .replace('travelDownS: 22', 'travelDownS: 1')
    .replace('durationS: 5', 'durationS: 1');
  return parseSiteConfig(yaml);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function start(cfg: SiteConfig, dir?: string, backend?: SimulatedBackend) {
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'relais-building-'));
  const store = Store.open({ path: path.join(d, 'site.db') });
  const gpio = backend ?? createSimulatedBackend();
  let now = TUESDAY_9AM;
  const building = await startBuilding(cfg, {
    store, logger: pino({ level: 'silent' }), now: () => now, mono: () => performance.now(), clockTrusted: () => true, backend: gpio,
  });
  const stop = async () => {
    await building.stop();
    await store.close();
  };
  cleanups.push(stop);
  return { building, store, gpio, dir: d, setNow: (t: number) => (now = t), stop };
}

const level = (gpio: SimulatedBackend, line: number) => gpio.snapshot().find((l) => l.line === line)?.value;
const door = (b: Building) => b.service.list().find((x) => x.id === 'porte-entree')!;

describe('building', () => {
  it('starts the egress door locked as the schedule says, the relay requested at that level directly', async () => {
    const { building, gpio } = await start(config());
    expect(door(building)).toMatchObject({ state: 'locked', layer: 'schedule', origin: 'fermeture-matin' });
    // egress + active low: locked = energised = level 0; one write only, at the request
    expect(level(gpio, 26)).toBe(0);
    expect(gpio.history(26)).toHaveLength(1);
  });

  it('a caretaker button opens the door for its duration, then the schedule takes back', async () => {
    const { building, gpio, store, setNow } = await start(config());
    gpio.setInput(17, 0);
    await new Promise((r) => setTimeout(r, 60));
    gpio.setInput(17, 1);
    await waitFor(() => door(building).state === 'unlocked', 2000);
    expect(door(building)).toMatchObject({ layer: 'button', origin: 'bouton-entree' });
    expect(level(gpio, 26)).toBe(1); // de-energised: unlocked
    const audit = store.queryEvents({ kind: 'actuation.door' });
    expect(audit.at(-1)!.data).toMatchObject({ device: 'porte-entree', from: 'locked', to: 'unlocked', layer: 'button', origin: 'bouton-entree' });
    setNow(TUESDAY_9AM + 1500); // the wall clock passes the 1 s opening
    await waitFor(() => door(building).state === 'locked', 3000);
    expect(door(building).layer).toBe('schedule');
  });

  it('records every actuation before the relay moves', async () => {
    const { building, gpio, store } = await start(config());
    const seen: Array<number | undefined> = [];
    const add = store.addEvent.bind(store);
    store.addEvent = (e) => {
      if (e.kind === 'actuation.door') seen.push(level(gpio, 26));
      return add(e);
    };
    building.service.command('porte-entree', { action: 'unlock' }, { layer: 'command', origin: 'marie' });
    expect(seen).toEqual([0]); // still locked (energised) while the record is written
    expect(level(gpio, 26)).toBe(1);
  });

  it('fire unlocks egress doors, opens fire shutters, lights up; latched until cleared and reset', async () => {
    const { building, gpio } = await start(config());
    building.service.command('porte-entree', { action: 'lock' }, { layer: 'button', origin: 'bouton-entree' });
    gpio.setInput(5, 0); // fire panel contact closes
    expect(door(building)).toMatchObject({ state: 'unlocked', layer: 'fire' });
    expect(level(gpio, 26)).toBe(1);
    expect(building.service.list().find((x) => x.id === 'preau')).toMatchObject({ state: 'on', layer: 'fire' });
    await waitFor(() => (building.service.list().find((x) => x.id === 'volet-cp')?.position ?? 0) >= 100, 3000);
    // a command cannot lock it while fire is active
    building.service.command('porte-entree', { action: 'lock' }, { layer: 'command', origin: 'marie' });
    expect(door(building).state).toBe('unlocked');
    expect(building.service.safetyInput('fire', { type: 'reset', by: 'gardien', at: Date.now() }).refused).toMatch(/still active/);
    gpio.setInput(5, 1);
    expect(door(building).layer).toBe('fire'); // latched
    expect(building.service.safetyInput('fire', { type: 'reset', by: 'gardien', at: Date.now() }).ok).toBe(true);
    expect(door(building)).toMatchObject({ state: 'locked', layer: 'button' });
  });

  it('shutters go to 50 % and never energise both relays', async () => {
    const { building, gpio } = await start(config());
    building.service.command('volet-cp', { action: 'close' }, { layer: 'command', origin: 'marie' });
    await waitFor(() => building.service.list().find((x) => x.id === 'volet-cp')?.moving === null, 3000);
    building.service.command('volet-cp', { action: 'goto', percent: 50 }, { layer: 'command', origin: 'marie' });
    await waitFor(() => {
      const v = building.service.list().find((x) => x.id === 'volet-cp')!;
      return v.moving === null && v.position === 50;
    }, 3000);
    const up = gpio.history(20);
    const down = gpio.history(21);
    const events = [...up.map((w) => ({ ...w, line: 20 })), ...down.map((w) => ({ ...w, line: 21 }))].sort((a, b) => a.atMs - b.atMs);
    let upOn = false;
    let downOn = false;
    for (const e of events) {
      if (e.line === 20) upOn = e.value === 0; // active low: 0 energises
      else downOn = e.value === 0;
      expect(upOn && downOn).toBe(false);
    }
    expect(up.some((w) => w.value === 0)).toBe(true); // it did move up
    expect(down.some((w) => w.value === 0)).toBe(true); // and down
  });

  it('overrides and the fire latch survive a restart', async () => {
    const first = await start(config());
    first.building.service.command('preau', { action: 'on' }, { layer: 'command', origin: 'marie' });
    first.gpio.setInput(6, 0); // lockdown input
    first.gpio.setInput(6, 1);
    await first.stop();
    cleanups.pop();
    const second = await start(config(), first.dir);
    expect(second.building.service.list().find((x) => x.id === 'preau')).toMatchObject({ state: 'on', layer: 'command', origin: 'marie' });
    expect(second.building.service.safety().lockdown.active).toBe(true);
    expect(door(second.building)).toMatchObject({ state: 'locked', layer: 'lockdown' });
    expect(level(second.gpio, 16)).toBe(1); // light on (active high), requested on directly
    expect(second.gpio.history(16)).toHaveLength(1);
  });
});
