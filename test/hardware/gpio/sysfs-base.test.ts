import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findGpioBase, listGpioChips, sysfsUsable } from '../../../hardware/gpio/sysfs-base.js';
import { cleanupFakeSysfs, emptyDir, fakeSysfs, OLD_KERNEL_PI3, PI3, PI4, PI5 } from './fake-sysfs.js';

afterEach(cleanupFakeSysfs);

describe('findGpioBase', () => {
  it('Pi 3: pinctrl-bcm2835 at 512', () => {
    expect(findGpioBase(fakeSysfs(PI3))).toEqual({ base: 512, chip: 'gpiochip512', label: 'pinctrl-bcm2835' });
  });

  it('Pi 4: pinctrl-bcm2711 at 512', () => {
    expect(findGpioBase(fakeSysfs(PI4))).toEqual({ base: 512, chip: 'gpiochip512', label: 'pinctrl-bcm2711' });
  });

  it('Pi 5: pinctrl-rp1 at 571, not the gpio-brcmstb chips with lower bases', () => {
    expect(findGpioBase(fakeSysfs(PI5))).toEqual({ base: 571, chip: 'gpiochip571', label: 'pinctrl-rp1' });
  });

  it('old kernel: base 0', () => {
    expect(findGpioBase(fakeSysfs(OLD_KERNEL_PI3))).toEqual({ base: 0, chip: 'gpiochip0', label: 'pinctrl-bcm2835' });
  });

  it('an unusual base is taken as found, never assumed', () => {
    expect(findGpioBase(fakeSysfs([{ base: 53, label: 'pinctrl-rp1' }]))?.base).toBe(53);
  });

  it('null without a Pi chip, without chips, or without the directory', () => {
    expect(findGpioBase(fakeSysfs([{ base: 0, label: 'gpio-mockup-A' }]))).toBeNull();
    expect(findGpioBase(fakeSysfs([]))).toBeNull();
    expect(findGpioBase(emptyDir())).toBeNull();
    expect(findGpioBase(join(emptyDir(), 'missing'))).toBeNull();
  });

  it('lists chips sorted by base with ngpio', () => {
    const chips = listGpioChips(fakeSysfs(PI5));
    expect(chips.map((c) => c.base)).toEqual([512, 544, 548, 565, 571]);
    expect(chips[4]).toEqual({ chip: 'gpiochip571', label: 'pinctrl-rp1', base: 571, ngpio: 54 });
  });
});

describe('sysfsUsable', () => {
  it('true when export exists and is writable', () => {
    expect(sysfsUsable(fakeSysfs(PI4))).toBe(true);
  });

  it('false without export or without the directory', () => {
    expect(sysfsUsable(fakeSysfs(PI4, { exportFile: false }))).toBe(false);
    expect(sysfsUsable(join(emptyDir(), 'missing'))).toBe(false);
  });

  it('false when export cannot be opened for writing', () => {
    // root ignores permission bits, so a directory in place of the file stands for "not writable"
    const root = fakeSysfs(PI4, { exportFile: false });
    mkdirSync(join(root, 'export'));
    expect(sysfsUsable(root)).toBe(false);
  });
});
