// Overrides, last states and the fire/lockdown latches survive a restart: kept as one JSON
// document in the store's meta table, rewritten after every change (a few hundred bytes).
import type { SiteStore } from '../store/types.js';
import { IDLE_LATCH, type Latch, type Request } from './core/arbitration.js';

export interface PersistedActuators {
  devices: Record<string, { requests: Request[]; state: string; position?: number | null }>;
  fire: Latch;
  lockdown: Latch;
}

const KEY = 'actuators.state';

export function loadPersisted(store: SiteStore): PersistedActuators {
  const raw = store.getMeta(KEY);
  if (!raw) return { devices: {}, fire: IDLE_LATCH, lockdown: IDLE_LATCH };
  try {
    const p = JSON.parse(raw) as Partial<PersistedActuators>;
    return { devices: p.devices ?? {}, fire: { ...IDLE_LATCH, ...p.fire }, lockdown: { ...IDLE_LATCH, ...p.lockdown } };
  } catch {
    // a damaged document must not stop the building: start from the safe side, latches kept off
    return { devices: {}, fire: IDLE_LATCH, lockdown: IDLE_LATCH };
  }
}

export function savePersisted(store: SiteStore, p: PersistedActuators): void {
  store.setMeta(KEY, JSON.stringify(p));
}
