import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOnoffBackend, type OnoffGpio, type OnoffGpioCtor } from '../../../hardware/gpio/onoff-backend.js';
import type { Edge, Level } from '../../../hardware/gpio/types.js';
import { cleanupFakeSysfs, emptyDir, fakeSysfs, PI4, PI5 } from './fake-sysfs.js';

afterEach(cleanupFakeSysfs);

type Cb = (err: Error | null | undefined, value: Level) => void;

/** Records what the backend asks of onoff, without hardware. */
function fakeOnoff(opts: { failOn?: number } = {}) {
  const created: Array<{ gpio: number; direction: string; edge?: Edge; options?: object; obj: FakeGpio }> = [];
  class FakeGpio implements OnoffGpio {
    value: Level;
    listeners: Cb[] = [];
    writes: Level[] = [];
    unexported = false;
    constructor(gpio: number, direction: 'in' | 'out' | 'high' | 'low', edge?: Edge, options?: object) {
      if (gpio === opts.failOn) throw new Error('EBUSY: resource busy');
      this.value = direction === 'high' ? 1 : 0;
      created.push({ gpio, direction, edge, options, obj: this });
    }
    readSync(): Level {
      return this.value;
    }
    writeSync(v: Level): void {
      this.writes.push(v);
      this.value = v;
    }
    watch(cb: Cb): void {
      this.listeners.push(cb);
    }
    unwatch(cb?: Cb): void {
      this.listeners = cb ? this.listeners.filter((l) => l !== cb) : [];
    }
    unwatchAll(): void {
      this.listeners = [];
    }
    unexport(): void {
      this.unexported = true;
    }
  }
  return { created, loadOnoff: async (): Promise<OnoffGpioCtor> => FakeGpio };
}

describe('createOnoffBackend without GPIO', () => {
  it('no sysfs at all: RELAIS_GPIO_UNAVAILABLE saying what to check', async () => {
    const root = join(emptyDir(), 'gpio');
    const err = await createOnoffBackend({ sysfsRoot: root }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RelaisError', code: 'RELAIS_GPIO_UNAVAILABLE' });
    const message = (err as Error).message;
    expect(message).toContain(root);
    expect(message).toContain('pinctrl-bcm2711');
    expect(message).toMatch(/Raspberry Pi/);
    expect(message).toMatch(/simulated/);
  });

  it('chips but none of the Pi: names the chips it saw', async () => {
    const root = fakeSysfs([{ base: 0, label: 'gpio-mockup-A' }]);
    await expect(createOnoffBackend({ sysfsRoot: root })).rejects.toThrow(/gpiochip0=gpio-mockup-A/);
  });

  it('Pi chip but export not writable: points at the gpio group', async () => {
    const root = fakeSysfs(PI4, { exportFile: false });
    await expect(createOnoffBackend({ sysfsRoot: root })).rejects.toMatchObject({
      code: 'RELAIS_GPIO_UNAVAILABLE',
      message: expect.stringMatching(/gpio group/),
    });
  });

  it('onoff not loadable: RELAIS_GPIO_UNAVAILABLE', async () => {
    const root = fakeSysfs(PI4);
    const loadOnoff = async (): Promise<OnoffGpioCtor> => {
      throw new Error('Cannot find module onoff');
    };
    await expect(createOnoffBackend({ sysfsRoot: root, loadOnoff })).rejects.toMatchObject({
      code: 'RELAIS_GPIO_UNAVAILABLE',
      message: expect.stringMatching(/onoff could not be loaded/),
    });
  });

  it.skipIf(existsSync('/sys/class/gpio'))('real onoff loads lazily; a request then fails cleanly', async () => {
    const b = await createOnoffBackend({ sysfsRoot: fakeSysfs(PI4) });
    expect(b).toMatchObject({ name: 'onoff', base: 512, chip: 'gpiochip512', label: 'pinctrl-bcm2711' });
    expect(() => b.requestOutput(26, 1)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_REQUEST_FAILED' }));
    expect(() => b.requestOutput(26, 1)).toThrow(/sysfs 538/);
  });
});

describe('onoff backend with a fake onoff', () => {
  it('outputs: base + line, direction high/low sets the level atomically, physical value file', async () => {
    const fake = fakeOnoff();
    const b = await createOnoffBackend({ sysfsRoot: fakeSysfs(PI5), loadOnoff: fake.loadOnoff });
    expect(b.base).toBe(571);
    const a = b.requestOutput(26, 1, { label: 'door' });
    b.requestOutput(20, 0);
    expect(fake.created.map(({ gpio, direction, edge, options }) => ({ gpio, direction, edge, options }))).toEqual([
      { gpio: 597, direction: 'high', edge: undefined, options: { activeLow: false } },
      { gpio: 591, direction: 'low', edge: undefined, options: { activeLow: false } },
    ]);
    expect(fake.created[0]?.obj.writes).toEqual([]); // no write after the request: level came with it
    a.write(0);
    expect(a.read()).toBe(0);
    expect(fake.created[0]?.obj.writes).toEqual([0]);
  });

  it('an explicit base overrides discovery', async () => {
    const fake = fakeOnoff();
    const b = await createOnoffBackend({ sysfsRoot: fakeSysfs(PI4), base: 0, loadOnoff: fake.loadOnoff });
    b.requestOutput(21, 1);
    expect(fake.created[0]?.gpio).toBe(21);
  });

  it('output release keeps the line exported (its level stays) and forbids writes', async () => {
    const fake = fakeOnoff();
    const b = await createOnoffBackend({ sysfsRoot: fakeSysfs(PI4), loadOnoff: fake.loadOnoff });
    const out = b.requestOutput(26, 1);
    out.release();
    expect(fake.created[0]?.obj.unexported).toBe(false);
    expect(() => out.write(0)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_RELEASED' }));
    expect(() => b.requestOutput(26, 1)).not.toThrow();
  });

  it('inputs: direction in with the edge and activeLow; watch adds a time; errors go to onWatchError', async () => {
    const fake = fakeOnoff();
    const errors: Array<[number, string]> = [];
    const b = await createOnoffBackend({
      sysfsRoot: fakeSysfs(PI4),
      loadOnoff: fake.loadOnoff,
      onWatchError: (line, err) => errors.push([line, err.message]),
    });
    const input = b.requestInput(6, { edge: 'falling', activeLow: true });
    expect(fake.created[0]).toMatchObject({ gpio: 518, direction: 'in', edge: 'falling', options: { activeLow: true } });
    const seen: Array<[Level, number]> = [];
    const stop = input.watch((v, at) => seen.push([v, at]));
    const obj = fake.created[0]!.obj;
    obj.listeners[0]?.(null, 0);
    obj.listeners[0]?.(new Error('EIO'), 0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toBe(0);
    expect(typeof seen[0]?.[1]).toBe('number');
    expect(errors).toEqual([[6, 'EIO']]);
    stop();
    expect(obj.listeners).toHaveLength(0);
    input.release();
    expect(obj.unexported).toBe(true);
  });

  it('line busy, invalid line and request failures are RelaisErrors', async () => {
    const fake = fakeOnoff({ failOn: 512 + 13 });
    const b = await createOnoffBackend({ sysfsRoot: fakeSysfs(PI4), loadOnoff: fake.loadOnoff });
    b.requestOutput(26, 1, { label: 'door' });
    expect(() => b.requestInput(26)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_BUSY' }));
    expect(() => b.requestOutput(538, 1)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_LINE_INVALID' }));
    expect(() => b.requestOutput(13, 1)).toThrow(expect.objectContaining({ code: 'RELAIS_GPIO_REQUEST_FAILED' }));
    expect(() => b.requestOutput(13, 1)).toThrow(/EBUSY/);
    await b.releaseAll();
    expect(() => b.requestOutput(26, 0)).not.toThrow();
  });
});
