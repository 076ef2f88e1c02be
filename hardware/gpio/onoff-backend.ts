// Real GPIO through onoff 6 (sysfs). Thin on purpose: base discovery lives in sysfs-base.ts,
// logical mapping in logical.ts. onoff is imported lazily so machines without it (or without
// its native epoll addon) still run the simulated backend.
import { closeSync } from 'node:fs';
import { RelaisError } from '../../common/errors.js';
import { DEFAULT_SYSFS_ROOT, findGpioBase, listGpioChips, PI_GPIO_LABELS, sysfsUsable } from './sysfs-base.js';
import type { Edge, GpioBackend, InputLine, InputOptions, Level, OutputLine, OutputOptions } from './types.js';
import { assertBcmLine, lineBusy, lineReleased } from './types.js';

/** The part of onoff's Gpio this backend uses (also what a test fake implements). */
export interface OnoffGpio {
  readSync(): Level;
  writeSync(value: Level): void;
  watch(cb: (err: Error | null | undefined, value: Level) => void): void;
  unwatch(cb?: (err: Error | null | undefined, value: Level) => void): void;
  unwatchAll(): void;
  unexport(): void;
}

export type OnoffGpioCtor = new (
  gpio: number,
  direction: 'in' | 'out' | 'high' | 'low',
  edge?: Edge,
  options?: { activeLow?: boolean; reconfigureDirection?: boolean },
) => OnoffGpio;

export interface OnoffBackendOptions {
  /**
   * Where to discover the base. onoff itself always uses /sys/class/gpio, so another root is
   * only meaningful in tests.
   */
  sysfsRoot?: string;
  /** Overrides discovery for an unusual board; normally left unset. */
  base?: number;
  /** Test seam: supplies the Gpio class instead of importing onoff. */
  loadOnoff?: () => Promise<OnoffGpioCtor>;
  /** Errors onoff reports while watching an input (the daemon logs them). */
  onWatchError?: (line: number, err: Error) => void;
}

export interface OnoffBackend extends GpioBackend {
  readonly name: 'onoff';
  readonly base: number;
  readonly chip: string | null;
  readonly label: string | null;
}

function unavailable(message: string, details?: Record<string, unknown>): RelaisError {
  return new RelaisError('RELAIS_GPIO_UNAVAILABLE', message, details);
}

async function importOnoff(): Promise<OnoffGpioCtor> {
  const mod = (await import('onoff')) as unknown as { Gpio?: OnoffGpioCtor; default?: { Gpio?: OnoffGpioCtor } };
  const Gpio = mod.Gpio ?? mod.default?.Gpio;
  if (!Gpio) throw new Error('onoff does not export Gpio');
  return Gpio;
}

export async function createOnoffBackend(opts: OnoffBackendOptions = {}): Promise<OnoffBackend> {
  const root = opts.sysfsRoot ?? DEFAULT_SYSFS_ROOT;
  let base: number;
  let chip: string | null = null;
  let label: string | null = null;
  if (opts.base !== undefined) {
    if (!Number.isInteger(opts.base) || opts.base < 0) throw unavailable(`GPIO base ${opts.base} is not a sysfs number.`);
    base = opts.base;
  } else {
    const found = findGpioBase(root);
    if (!found) {
      const seen = listGpioChips(root).map((c) => `${c.chip}=${c.label}`);
      throw unavailable(
        `No Raspberry Pi GPIO chip under ${root} (looked for ${PI_GPIO_LABELS.join(', ')}; found ${seen.length ? seen.join(', ') : 'none'}): ` +
          'check that this is a Raspberry Pi and that the kernel has sysfs GPIO, or use the simulated backend.',
        { sysfsRoot: root, chips: seen },
      );
    }
    ({ base, chip, label } = found);
  }
  if (!sysfsUsable(root)) {
    throw unavailable(`Cannot write ${root}/export: add the service user to the gpio group (or check the udev rules), or use the simulated backend.`, {
      sysfsRoot: root,
    });
  }
  let Gpio: OnoffGpioCtor;
  try {
    Gpio = await (opts.loadOnoff ?? importOnoff)();
  } catch (err) {
    throw unavailable(`onoff could not be loaded (${(err as Error).message}): reinstall Relais on the Pi so its native epoll addon is built.`);
  }

  const held = new Map<number, { label?: string; release(): void }>();

  function claim(line: number): void {
    assertBcmLine(line);
    const owner = held.get(line);
    if (owner) throw lineBusy(line, owner.label);
  }

  function open(line: number, make: () => OnoffGpio, what: string): OnoffGpio {
    try {
      return make();
    } catch (err) {
      throw new RelaisError('RELAIS_GPIO_REQUEST_FAILED', `GPIO line ${line} (sysfs ${base + line}) could not be set up as ${what}: ${(err as Error).message}`, {
        line,
        sysfs: base + line,
      });
    }
  }

  function requestOutput(line: number, initial: Level, o: OutputOptions = {}): OutputLine {
    claim(line);
    const gpio = open(
      line,
      () => {
        // 'high'/'low' makes sysfs set direction and value in one kernel call
        // (gpiod_direction_output_raw), so the pin never drives another level: this is the
        // no-glitch guarantee on sysfs. activeLow false keeps the value file physical.
        const g = new Gpio(base + line, initial === 1 ? 'high' : 'low', undefined, { activeLow: false });
        // onoff ignores configuration errors on an already exported line (e.g. left by a crash):
        // make sure the level really is the requested one.
        if (g.readSync() !== initial) g.writeSync(initial);
        return g;
      },
      'an output',
    );
    let released = false;
    const entry = {
      label: o.label,
      release() {
        if (released) return;
        released = true;
        held.delete(line);
        // Not unexported: on some kernels unexport returns the pin to input and a relay input
        // would float. The line stays exported at its level, as after a crash; only the value
        // file is closed (onoff has no public call for that).
        const fd = (gpio as unknown as { _valueFd?: unknown })._valueFd;
        if (typeof fd === 'number') {
          try {
            closeSync(fd);
          } catch {
            /* already closed */
          }
        }
      },
    };
    held.set(line, entry);
    const check = (): void => {
      if (released) throw lineReleased(line);
    };
    return {
      line,
      write(v: Level) {
        check();
        gpio.writeSync(v);
      },
      read() {
        check();
        return gpio.readSync();
      },
      release: () => entry.release(),
    };
  }

  function requestInput(line: number, o: InputOptions = {}): InputLine {
    claim(line);
    const edge = o.edge ?? 'both';
    // onoff filters callbacks by edge like the simulated backend (value 1 = rising).
    const gpio = open(line, () => new Gpio(base + line, 'in', edge, { activeLow: o.activeLow ?? false }), 'an input');
    let released = false;
    const entry = {
      label: o.label,
      release() {
        if (released) return;
        released = true;
        held.delete(line);
        try {
          gpio.unexport(); // inputs drive nothing: handing them back fully is safe
        } catch {
          /* already gone: nothing to hand back */
        }
      },
    };
    held.set(line, entry);
    const check = (): void => {
      if (released) throw lineReleased(line);
    };
    return {
      line,
      read() {
        check();
        return gpio.readSync();
      },
      watch(cb) {
        check();
        const handler = (err: Error | null | undefined, value: Level): void => {
          if (err) opts.onWatchError?.(line, err);
          else cb(value, performance.now());
        };
        gpio.watch(handler);
        return () => {
          if (!released) gpio.unwatch(handler);
        };
      },
      release: () => entry.release(),
    };
  }

  return {
    name: 'onoff',
    base,
    chip,
    label,
    requestOutput,
    requestInput,
    async releaseAll() {
      for (const entry of [...held.values()]) entry.release();
    },
  };
}
