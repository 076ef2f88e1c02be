// Builds fake /sys/class/gpio trees in a temp dir, as found on real boards.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeChip {
  base: number;
  label: string;
  ngpio?: number;
}

const made: string[] = [];

export function fakeSysfs(chips: FakeChip[], opts: { exportFile?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'relais-sysfs-'));
  made.push(root);
  for (const c of chips) {
    const dir = join(root, `gpiochip${c.base}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'label'), `${c.label}\n`);
    writeFileSync(join(dir, 'base'), `${c.base}\n`);
    writeFileSync(join(dir, 'ngpio'), `${c.ngpio ?? 32}\n`);
  }
  if (opts.exportFile ?? true) {
    writeFileSync(join(root, 'export'), '');
    writeFileSync(join(root, 'unexport'), '');
  }
  return root;
}

/** A directory with nothing in it: a machine without sysfs GPIO. */
export function emptyDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'relais-nogpio-'));
  made.push(root);
  return root;
}

export function cleanupFakeSysfs(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

// Trees seen on real boards (kernel >= 6.6 unless noted).
export const PI3: FakeChip[] = [
  { base: 512, label: 'pinctrl-bcm2835', ngpio: 54 },
  { base: 566, label: 'raspberrypi-exp-gpio', ngpio: 8 },
];
export const PI4: FakeChip[] = [
  { base: 512, label: 'pinctrl-bcm2711', ngpio: 58 },
  { base: 570, label: 'raspberrypi-exp-gpio', ngpio: 8 },
];
export const PI5: FakeChip[] = [
  { base: 512, label: 'gpio-brcmstb@107d508500', ngpio: 32 },
  { base: 544, label: 'gpio-brcmstb@107d508520', ngpio: 4 },
  { base: 548, label: 'gpio-brcmstb@107d517c00', ngpio: 17 },
  { base: 565, label: 'gpio-brcmstb@107d517c20', ngpio: 6 },
  { base: 571, label: 'pinctrl-rp1', ngpio: 54 },
];
export const OLD_KERNEL_PI3: FakeChip[] = [
  { base: 0, label: 'pinctrl-bcm2835', ngpio: 54 },
  { base: 504, label: 'raspberrypi-exp-gpio', ngpio: 8 },
];
