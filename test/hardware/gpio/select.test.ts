import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OnoffGpioCtor } from '../../../hardware/gpio/onoff-backend.js';
import { selectBackend } from '../../../hardware/gpio/select.js';
import { cleanupFakeSysfs, emptyDir, fakeSysfs, PI5 } from './fake-sysfs.js';

afterEach(cleanupFakeSysfs);

class NullGpio {
  readSync(): 0 | 1 {
    return 0;
  }
  writeSync(): void {}
  watch(): void {}
  unwatch(): void {}
  unwatchAll(): void {}
  unexport(): void {}
}
const loadOnoff = async (): Promise<OnoffGpioCtor> => NullGpio;

describe('selectBackend', () => {
  it('auto without GPIO: simulated, with a reason', async () => {
    const root = join(emptyDir(), 'gpio');
    const { backend, description } = await selectBackend('auto', { sysfsRoot: root });
    expect(backend.name).toBe('simulated');
    expect(description).toMatchObject({ backend: 'simulated', base: null, chip: null, label: null });
    expect(description.reason).toContain(root);
    expect(description.reason).toMatch(/no relay will move/);
  });

  it('auto with chips that are not a Pi: simulated, naming them', async () => {
    const { description } = await selectBackend('auto', { sysfsRoot: fakeSysfs([{ base: 0, label: 'gpio-mockup-A' }]) });
    expect(description.backend).toBe('simulated');
    expect(description.reason).toContain('gpio-mockup-A');
  });

  it('auto with a Pi chip but export not writable: simulated, saying why', async () => {
    const { description } = await selectBackend('auto', { sysfsRoot: fakeSysfs(PI5, { exportFile: false }) });
    expect(description.backend).toBe('simulated');
    expect(description.reason).toMatch(/pinctrl-rp1 found \(base 571\).*not writable/);
  });

  it('auto with usable sysfs GPIO: onoff with base and chip', async () => {
    const { backend, description } = await selectBackend('auto', { sysfsRoot: fakeSysfs(PI5), loadOnoff });
    expect(backend.name).toBe('onoff');
    expect(backend.base).toBe(571);
    expect(description).toMatchObject({ backend: 'onoff', base: 571, chip: 'gpiochip571', label: 'pinctrl-rp1' });
  });

  it('auto does not hide a broken onoff when the hardware is there', async () => {
    const broken = async (): Promise<OnoffGpioCtor> => {
      throw new Error('epoll.node missing');
    };
    await expect(selectBackend('auto', { sysfsRoot: fakeSysfs(PI5), loadOnoff: broken })).rejects.toMatchObject({
      code: 'RELAIS_GPIO_UNAVAILABLE',
    });
  });

  it('simulated on request, even with GPIO present', async () => {
    const { backend, description } = await selectBackend('simulated', { sysfsRoot: fakeSysfs(PI5) });
    expect(backend.name).toBe('simulated');
    expect(description.reason).toMatch(/configuration/);
  });

  it('onoff on request without GPIO: the error propagates', async () => {
    await expect(selectBackend('onoff', { sysfsRoot: join(emptyDir(), 'gpio') })).rejects.toMatchObject({
      code: 'RELAIS_GPIO_UNAVAILABLE',
    });
  });
});
