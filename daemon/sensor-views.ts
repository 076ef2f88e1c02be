// What /api/sensors shows: config, state and latest values. A sensor never heard from is
// 'unknown', never 'ok': missing data must not look like good data.
import type { SiteConfig } from './config/index.js';
import type { SiteStore } from './store/types.js';
import type { LivenessTracker } from './ingest/liveness.js';
import type { SensorView } from './api/sensors.js';

export function sensorViews(cfg: SiteConfig, store: SiteStore, liveness: LivenessTracker): SensorView[] {
  const latest = store.latestBySensor();
  return cfg.sensors.map((s) => {
    const { id, name, source, ...config } = s;
    const lastSeen = liveness.lastSeen(id);
    const state = liveness.state(id) ?? 'unknown';
    const values: SensorView['latest'] = {};
    for (const [metric, v] of latest.get(id) ?? []) values[metric] = { value: v.value, unit: v.unit, ts: new Date(v.ts).toISOString() };
    return {
      id,
      name,
      source,
      config,
      state: state === 'ok' && lastSeen === null ? 'unknown' : state,
      lastSeen: lastSeen === null ? null : new Date(lastSeen).toISOString(),
      latest: values,
    };
  });
}
