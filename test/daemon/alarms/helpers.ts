// Incident events as the cold-chain engine emits them, and a driver for the pure alarm core.
import { addEntry, incidentId, newIncident, type IncidentKind, type TimelineWhat } from '../../../daemon/coldchain/incident.js';
import type { EquipmentStatus, MachineEvent } from '../../../daemon/coldchain/machine-state.js';
import { step, type AlarmInput } from '../../../daemon/alarms/core.js';
import { alarmConfig, emptyAlarmState, type AlarmActions, type AlarmConfigInput, type AlarmState, type StepOutcome } from '../../../daemon/alarms/types.js';
import type { HaccpRecordInput } from '../../../daemon/haccp/records.js';

export const MIN = 60_000;
/** 2025-01-15 02:00 UTC: a night, nobody in the kitchen */
export const T0 = Date.UTC(2025, 0, 15, 2, 0);
export const at = (minutes: number): number => T0 + minutes * MIN;

export const marie = { login: 'marie', role: 'kitchen' };
export const paul = { login: 'paul', role: 'caretaker' };

/** One incident of one equipment; each call returns the event with a snapshot, as the engine does. */
export function incident(equipmentId = 'frigo-1', kind: IncidentKind = 'temperature', start = T0) {
  const inc = newIncident(equipmentId, kind, incidentId(equipmentId, kind, start), start, kind === 'temperature' ? { min: null, max: 4 } : null);
  const ev = (type: Exclude<MachineEvent['type'], 'status'>, t: number, what: TimelineWhat, value?: number): MachineEvent => {
    addEntry(inc, { at: t, what, ...(value !== undefined ? { value } : {}) });
    if (value !== undefined && (inc.extreme === null || value > inc.extreme)) inc.extreme = value;
    if (type === 'incident.alarm') inc.alarmAt = t;
    if (type === 'incident.recovered' || type === 'incident.closed') inc.end ??= t;
    inc.durationMs = t - inc.start;
    return { type, at: t, equipmentId, incident: structuredClone(inc) };
  };
  const sensor = kind !== 'temperature';
  return {
    id: inc.id,
    opened: (t = start, value = 6) => ev('incident.opened', t, sensor ? 'sensor_offline' : 'excursion_started', sensor ? undefined : value),
    alarm: (t: number, value = 7) => ev('incident.alarm', t, 'alarm_raised', sensor ? undefined : value),
    recovered: (t: number, value = 3) => ev('incident.recovered', t, 'back_in_range', value),
    closed: (t: number) => ev('incident.closed', t, 'closed'),
  };
}

export const status = (equipmentId: string, to: EquipmentStatus, t: number, from: EquipmentStatus = 'recovered'): MachineEvent => ({
  type: 'status', at: t, equipmentId, from, to,
});

/** Applies inputs to the core one by one, keeping what a caller would. */
export class Driver {
  state: AlarmState = emptyAlarmState();
  last!: AlarmActions;
  records: HaccpRecordInput[] = [];
  published: { topic: string; payload: string }[] = [];
  readonly cfg;

  constructor(config: AlarmConfigInput = {}) {
    this.cfg = alarmConfig(config);
  }

  try(input: AlarmInput): StepOutcome {
    const r = step(this.cfg, this.state, input);
    if (r.ok) {
      this.state = r.state;
      this.last = r.actions;
      this.records.push(...r.actions.records);
      this.published.push(...r.actions.publish.map(({ topic, payload }) => ({ topic, payload })));
    }
    return r;
  }

  apply(input: AlarmInput): AlarmActions {
    const r = this.try(input);
    if (!r.ok) throw new Error(`refused: ${r.code} ${r.message}`);
    return r.actions;
  }

  event(e: MachineEvent): AlarmActions {
    return this.apply({ type: 'event', event: e });
  }

  tick(t: number): AlarmActions {
    return this.apply({ type: 'tick', at: t });
  }

  /** Ticks at every wakeAt up to `until`, as a caller honouring wakeAt does. */
  runUntil(until: number): number[] {
    const ticks: number[] = [];
    while (this.last?.wakeAt != null && this.last.wakeAt <= until) {
      ticks.push(this.last.wakeAt);
      this.tick(this.last.wakeAt);
    }
    return ticks;
  }

  alarm(id?: string) {
    return id ? this.state.alarms.find((a) => a.id === id) : this.state.alarms[this.state.alarms.length - 1];
  }

  kinds(): string[] {
    return this.records.map((r) => r.kind);
  }
}
