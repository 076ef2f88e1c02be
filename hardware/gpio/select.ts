// Picks the GPIO backend and says why, for /api/health: a site whose doors do not move
// because it fell back to simulation must be visible at a glance.
import { createOnoffBackend, type OnoffBackendOptions } from './onoff-backend.js';
import { createSimulatedBackend, type SimulatedOptions } from './simulated-backend.js';
import { DEFAULT_SYSFS_ROOT, findGpioBase, listGpioChips, sysfsUsable } from './sysfs-base.js';
import type { BackendName, GpioBackend } from './types.js';

export type BackendKind = 'auto' | BackendName;

export interface BackendDescription {
  backend: BackendName;
  base: number | null;
  chip: string | null;
  label: string | null;
  reason: string;
}

export interface SelectOptions extends OnoffBackendOptions {
  simulated?: SimulatedOptions;
}

export interface SelectedBackend {
  backend: GpioBackend;
  description: BackendDescription;
}

function simulated(opts: SelectOptions, reason: string): SelectedBackend {
  return {
    backend: createSimulatedBackend(opts.simulated),
    description: { backend: 'simulated', base: null, chip: null, label: null, reason },
  };
}

export async function selectBackend(kind: BackendKind, opts: SelectOptions = {}): Promise<SelectedBackend> {
  const root = opts.sysfsRoot ?? DEFAULT_SYSFS_ROOT;
  if (kind === 'simulated') return simulated(opts, 'simulated backend chosen in the configuration');

  if (kind === 'onoff') {
    // Explicit choice: failures propagate (RELAIS_GPIO_UNAVAILABLE says what to check).
    const b = await createOnoffBackend(opts);
    return {
      backend: b,
      description: { backend: 'onoff', base: b.base, chip: b.chip, label: b.label, reason: 'onoff backend chosen in the configuration' },
    };
  }

  const found = findGpioBase(root);
  if (!found) {
    const chips = listGpioChips(root).map((c) => c.label);
    const why = chips.length
      ? `no Raspberry Pi GPIO chip under ${root} (chips: ${chips.join(', ')})`
      : `no sysfs GPIO chip under ${root}`;
    return simulated(opts, `${why}: simulated backend, no relay will move`);
  }
  if (!sysfsUsable(root)) {
    return simulated(
      opts,
      `${found.label} found (base ${found.base}) but ${root}/export is not writable (gpio group?): simulated backend, no relay will move`,
    );
  }
  // GPIO hardware is there: if onoff then fails, say so rather than quietly simulating doors.
  const b = await createOnoffBackend({ ...opts, sysfsRoot: root });
  return {
    backend: b,
    description: {
      backend: 'onoff',
      base: b.base,
      chip: b.chip,
      label: b.label,
      reason: `sysfs GPIO usable: ${found.label} at ${found.chip}, base ${found.base}`,
    },
  };
}
