// Drives a machine as the daemon will: inputs in time order, and a tick at every wakeAt that
// falls before the next input (a caller that honours wakeAt).
import type { Incident } from '../../../daemon/coldchain/incident.js';
import {
  initialState, step, type MachineConfig, type MachineEvent, type MachineInput, type MachineState,
} from '../../../daemon/coldchain/machine.js';

export const MIN = 60_000;
/** 2025-01-15 00:00 in Paris (UTC+1 in winter). */
export const T0 = Date.UTC(2025, 0, 14, 23, 0);
/** Paris local time on 15 January 2025, 'HH:MM' → ms. */
export const local = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return T0 + (h * 60 + m) * MIN;
};
export const at = (minutes: number): number => T0 + minutes * MIN;

export function config(over: Partial<MachineConfig> = {}): MachineConfig {
  return {
    equipmentId: 'frigo', sensors: ['s1'], tz: 'Europe/Paris', range: { min: null, max: 4 },
    graceMs: 20 * MIN, tolerance: null, defrost: [], closeAfterMs: 10 * MIN, ...over,
  };
}

export const reading = (t: number, value: number, sensorId = 's1'): MachineInput => ({ type: 'reading', sensorId, value, at: t });

export interface Run {
  state: MachineState;
  events: MachineEvent[];
  wakeAt: number | null;
  ticks: number[];
  /** last snapshot of every incident, closed or open, by id in order of first appearance */
  incidents: Incident[];
}

export function drive(cfg: MachineConfig, inputs: readonly MachineInput[], opts: { ticks?: boolean; until?: number } = {}): Run {
  const honour = opts.ticks ?? true;
  let state = initialState(cfg);
  let wakeAt: number | null = null;
  const events: MachineEvent[] = [];
  const ticks: number[] = [];
  const apply = (input: MachineInput): void => {
    const r = step(cfg, state, input);
    state = r.state;
    events.push(...r.events);
    if (r.wakeAt !== null && state.at !== null && r.wakeAt <= state.at && input.type === 'tick') {
      throw new Error(`wakeAt ${r.wakeAt} does not move forward from ${state.at}`);
    }
    wakeAt = r.wakeAt;
  };
  const tickUntil = (limit: number, inclusive: boolean): void => {
    for (let n = 0; honour && wakeAt !== null && (inclusive ? wakeAt <= limit : wakeAt < limit); n++) {
      if (n > 10_000) throw new Error('too many ticks');
      ticks.push(wakeAt);
      apply({ type: 'tick', at: wakeAt });
    }
  };
  for (const input of inputs) {
    tickUntil(input.at, false);
    apply(input);
  }
  if (opts.until !== undefined) {
    tickUntil(opts.until, true);
    apply({ type: 'tick', at: opts.until });
  }
  const byId = new Map<string, Incident>();
  for (const e of events) if (e.type !== 'status') byId.set(e.incident.id, e.incident);
  for (const inc of Object.values(state.open)) if (inc) byId.set(inc.id, inc);
  return { state, events, wakeAt, ticks, incidents: [...byId.values()] };
}

export const types = (events: readonly MachineEvent[]): string[] =>
  events.map((e) => (e.type === 'status' ? `status:${e.to}` : `${e.type}:${e.incident.kind}`));

export const whats = (inc: Incident): string[] => inc.timeline.map((t) => t.what);
