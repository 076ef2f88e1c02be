// The plain-JSON state of one equipment's machine, its configuration and inputs, and how the
// worst sensor is judged. The transitions are in machine.ts.
import type { EquipmentConfig } from '../config/sections/equipment.js';
import type { DefrostSpec } from './defrost.js';
import type { Incident, IncidentKind } from './incident.js';
import { effectiveRange, excess, type TempRange } from './thresholds.js';

export const DEFAULT_CLOSE_AFTER_MS = 10 * 60_000;

export interface MachineConfig {
  equipmentId: string;
  sensors: readonly string[];
  /** IANA zone of the site: defrost windows are local times */
  tz: string;
  range: TempRange | null;
  graceMs: number;
  /** deep-frozen trade tolerance: above `max`, the alarm comes after `graceMs` (shorter) */
  tolerance: { max: number; graceMs: number } | null;
  defrost: readonly DefrostSpec[];
  /** in-range time before an incident closes */
  closeAfterMs: number;
}

export function machineConfig(eq: EquipmentConfig, tz: string, closeAfterMs = DEFAULT_CLOSE_AFTER_MS): MachineConfig {
  return {
    equipmentId: eq.id, sensors: [...eq.sensors], tz, range: effectiveRange(eq),
    graceMs: eq.graceMinutes * 60_000,
    tolerance: eq.tolerance ? { max: eq.tolerance.max, graceMs: eq.tolerance.graceMinutes * 60_000 } : null,
    defrost: eq.defrost, closeAfterMs,
  };
}

export type SensorHealth = 'ok' | 'offline' | 'fault';
export type TempStatus = 'unknown' | 'ok' | 'excursion' | 'defrost' | 'alarm' | 'recovered';
export type EquipmentStatus = TempStatus | 'offline' | 'fault';

/** Most severe first: the equipment shows the first that applies. */
export const SEVERITY: readonly EquipmentStatus[] = ['alarm', 'fault', 'offline', 'excursion', 'defrost', 'recovered', 'unknown', 'ok'];

export type MachineInput =
  | { type: 'reading'; sensorId: string; value: number; at: number }
  | { type: 'sensor'; sensorId: string; state: SensorHealth; at: number; detail?: string }
  | { type: 'tick'; at: number };

export interface SensorSlot {
  health: SensorHealth;
  value: number | null;
  at: number | null;
  detail: string | null;
}

export interface MachineState {
  equipmentId: string;
  status: EquipmentStatus;
  temp: TempStatus;
  /** time of the last step */
  at: number | null;
  sensors: Record<string, SensorSlot>;
  open: Record<IncidentKind, Incident | null>;
  /** grace used and in-range time of the open temperature incident */
  track: { graceUsedMs: number; hardUsedMs: number; inRangeMs: number; noData: boolean; def: boolean };
  lastIds: Record<IncidentKind, string | null>;
}

export type MachineEvent =
  | { type: 'incident.opened' | 'incident.alarm' | 'incident.recovered' | 'incident.closed'; at: number; equipmentId: string; incident: Incident }
  | { type: 'status'; at: number; equipmentId: string; from: EquipmentStatus; to: EquipmentStatus };

export interface StepResult {
  state: MachineState;
  events: MachineEvent[];
  /** call step with a tick at this time (grace end, defrost boundary, close confirmation), or null */
  wakeAt: number | null;
}

export function initialState(cfg: MachineConfig): MachineState {
  const sensors: Record<string, SensorSlot> = {};
  for (const id of cfg.sensors) sensors[id] = { health: 'ok', value: null, at: null, detail: null };
  return {
    equipmentId: cfg.equipmentId, status: 'unknown', temp: 'unknown', at: null, sensors,
    open: { temperature: null, sensor_offline: null, sensor_fault: null },
    track: { graceUsedMs: 0, hardUsedMs: 0, inRangeMs: 0, noData: false, def: false },
    lastIds: { temperature: null, sensor_offline: null, sensor_fault: null },
  };
}

export type Cond = { out: false; data: boolean; value?: number; sensorId?: string } | { out: true; data: true; value: number; sensorId: string; high: boolean; hard: boolean };

/** The worst sensor with data, judged against the range. */
export function condition(cfg: MachineConfig, s: MachineState): Cond {
  let worst: { id: string; value: number; ex: number } | null = null;
  for (const id of cfg.sensors) {
    const slot = s.sensors[id];
    if (slot.health !== 'ok' || slot.value === null) continue;
    const ex = excess(slot.value, cfg.range);
    if (worst === null || ex > worst.ex) worst = { id, value: slot.value, ex };
  }
  if (worst === null) return { out: false, data: false };
  if (worst.ex <= 0 || cfg.range === null) {
    // a probe that was the worst of an open incident and is now silent may still be the warm one
    const blind = s.open.temperature?.sensors.some((id) => {
      const slot = s.sensors[id];
      return slot !== undefined && (slot.health !== 'ok' || slot.value === null);
    });
    return blind ? { out: false, data: false } : { out: false, data: true, value: worst.value, sensorId: worst.id };
  }
  const high = cfg.range.max !== null && worst.value > cfg.range.max;
  const hard = high && cfg.tolerance !== null && worst.value > cfg.tolerance.max;
  return { out: true, data: true, value: worst.value, sensorId: worst.id, high, hard };
}

