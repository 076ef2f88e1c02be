// Per-sensor liveness: ok → offline when silent for offlineAfterIntervals × intervalS, ok ↔ fault
// on sensor-reported faults. Pure state machine, times passed in; the caller turns transitions
// into events (sensor.offline / sensor.online / sensor.fault).
import type { SensorFault } from '../../common/metrics.js';

export type LivenessState = 'ok' | 'offline' | 'fault';

export interface LivenessTransition {
  sensorId: string;
  from: LivenessState;
  to: LivenessState;
  at: number;
  message: string;
  /** set when `to` is 'fault' */
  fault?: SensorFault;
}

export interface LivenessEntry {
  sensorId: string;
  state: LivenessState;
  lastSeen: number | null;
  fault: SensorFault | null;
}

interface Entry {
  intervalS: number;
  state: LivenessState;
  lastSeen: number | null;
  /** silence of a never-seen sensor counts from here (start or registration) */
  since: number;
  fault: SensorFault | null;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

export class LivenessTracker {
  private readonly offlineAfterIntervals: number;
  private readonly start: number;
  private readonly entries = new Map<string, Entry>();

  /** `now` is the start time: a sensor never seen is presumed ok until it has been silent too long since then. */
  constructor(opts: { offlineAfterIntervals: number; now: number }) {
    this.offlineAfterIntervals = opts.offlineAfterIntervals;
    this.start = opts.now;
  }

  /** Adds sensors (or updates their interval); known sensors keep their state and last reading. */
  register(sensors: ReadonlyArray<{ id: string; intervalS: number }>, now: number = this.start): void {
    for (const s of sensors) {
      const e = this.entries.get(s.id);
      if (e) e.intervalS = s.intervalS;
      else this.entries.set(s.id, { intervalS: s.intervalS, state: 'ok', lastSeen: null, since: now, fault: null });
    }
  }

  /**
   * After a restart: the last reading the store holds. A sensor already silent too long starts
   * offline without a new transition (its offline event was recorded before the restart).
   */
  restore(sensorId: string, lastSeen: number, now: number): void {
    const e = this.entries.get(sensorId);
    if (!e || e.lastSeen !== null) return;
    e.lastSeen = lastSeen;
    if (now - lastSeen > this.offlineAfterIntervals * e.intervalS * 1000) e.state = 'offline';
  }

  /**
   * A message from the sensor was accepted. Pass its faults: a message with a fault keeps (or puts)
   * the sensor in fault, one without clears it, so a message with both values and a fault does not
   * flap fault → ok → fault.
   */
  seen(sensorId: string, now: number, faults: readonly SensorFault[] = []): LivenessTransition | null {
    const e = this.entries.get(sensorId);
    if (!e) return null;
    const silent = now - (e.lastSeen ?? e.since);
    e.lastSeen = now;
    if (faults.length > 0) return this.toFault(sensorId, e, faults[0], now);
    if (e.state === 'ok') return null;
    const from = e.state;
    const message = from === 'offline'
      ? `readings again after ${formatDuration(silent)} of silence`
      : `fault cleared${e.fault ? ` (${e.fault.code})` : ''}: good reading received`;
    e.state = 'ok';
    e.fault = null;
    return { sensorId, from, to: 'ok', at: now, message };
  }

  /** The sensor reported a fault (it is alive, so this also counts as seen). */
  fault(sensorId: string, fault: SensorFault, now: number): LivenessTransition | null {
    const e = this.entries.get(sensorId);
    if (!e) return null;
    e.lastSeen = now;
    return this.toFault(sensorId, e, fault, now);
  }

  // a different fault code while already in fault is reported too (fault → fault): it is a new problem
  private toFault(sensorId: string, e: Entry, fault: SensorFault, now: number): LivenessTransition | null {
    if (e.state === 'fault' && e.fault?.code === fault.code) return null;
    const from = e.state;
    e.state = 'fault';
    e.fault = fault;
    return { sensorId, from, to: 'fault', at: now, message: `${fault.code}: ${fault.message}`, fault };
  }

  /** Sensors silent for longer than offlineAfterIntervals × intervalS go offline. */
  tick(now: number): LivenessTransition[] {
    const out: LivenessTransition[] = [];
    for (const [sensorId, e] of this.entries) {
      if (e.state === 'offline') continue;
      const limitMs = this.offlineAfterIntervals * e.intervalS * 1000;
      const silent = now - (e.lastSeen ?? e.since);
      if (silent <= limitMs) continue;
      const from = e.state;
      e.state = 'offline';
      const what = e.lastSeen === null ? 'no reading since start' : 'no reading';
      out.push({ sensorId, from, to: 'offline', at: now, message: `${what} for ${formatDuration(silent)} (expected every ${formatDuration(e.intervalS * 1000)})` });
    }
    return out;
  }

  state(sensorId: string): LivenessState | undefined {
    return this.entries.get(sensorId)?.state;
  }

  lastSeen(sensorId: string): number | null {
    return this.entries.get(sensorId)?.lastSeen ?? null;
  }

  list(): LivenessEntry[] {
    return [...this.entries].map(([sensorId, e]) => ({ sensorId, state: e.state, lastSeen: e.lastSeen, fault: e.fault }));
  }
}
