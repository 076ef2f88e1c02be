// Finds the sysfs number of BCM line 0. Since kernel 6.6 sysfs numbers carry a base (512 on
// Pi 3/4, 571 on Pi 5, 0 on old kernels, other values seen), so it is read from the chip
// labels every start and never hard-coded. Reads files only: tests use fake trees.
import { closeSync, constants, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_SYSFS_ROOT = '/sys/class/gpio';

/** Labels of the chip that carries the 40-pin header lines (BCM numbering). */
export const PI_GPIO_LABELS = ['pinctrl-bcm2835', 'pinctrl-bcm2711', 'pinctrl-rp1'] as const;

export interface GpioChipInfo {
  /** Directory name, e.g. "gpiochip512". */
  chip: string;
  label: string;
  base: number;
  ngpio: number | null;
}

export interface GpioBase {
  base: number;
  chip: string;
  label: string;
}

function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function readInt(path: string): number | null {
  const text = readTrimmed(path);
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** Every gpiochip* under the root with a readable label and base, sorted by base. */
export function listGpioChips(sysfsRoot: string = DEFAULT_SYSFS_ROOT): GpioChipInfo[] {
  let names: string[];
  try {
    names = readdirSync(sysfsRoot);
  } catch {
    return [];
  }
  const chips: GpioChipInfo[] = [];
  // Real entries are symlinks to directories; reading through them works the same.
  for (const chip of names.filter((n) => n.startsWith('gpiochip')).sort()) {
    const label = readTrimmed(join(sysfsRoot, chip, 'label'));
    const base = readInt(join(sysfsRoot, chip, 'base'));
    if (label === null || base === null) continue;
    chips.push({ chip, label, base, ngpio: readInt(join(sysfsRoot, chip, 'ngpio')) });
  }
  return chips.sort((a, b) => a.base - b.base || a.chip.localeCompare(b.chip));
}

/** The Raspberry Pi GPIO chip, or null when there is none (not a Pi, no sysfs GPIO). */
export function findGpioBase(sysfsRoot: string = DEFAULT_SYSFS_ROOT): GpioBase | null {
  const labels: readonly string[] = PI_GPIO_LABELS;
  // Other chips (gpio-brcmstb, raspberrypi-exp-gpio…) have their own bases: match by label.
  const found = listGpioChips(sysfsRoot).find((c) => labels.includes(c.label));
  return found ? { base: found.base, chip: found.chip, label: found.label } : null;
}

/** Whether lines can be exported here: `export` exists and this user may write it. */
export function sysfsUsable(sysfsRoot: string = DEFAULT_SYSFS_ROOT): boolean {
  // Open without writing, as onoff's Gpio.accessible does: nothing gets exported.
  let fd: number | undefined;
  try {
    fd = openSync(join(sysfsRoot, 'export'), constants.O_WRONLY);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
