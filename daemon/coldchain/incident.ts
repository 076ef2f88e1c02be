// HACCP incidents: one record per non-conformity (or loss of monitoring) of one equipment, with
// the timeline a register needs. Plain JSON: the caller stores them as they are emitted.
import type { TempRange } from './thresholds.js';

export type IncidentKind = 'temperature' | 'sensor_offline' | 'sensor_fault';
export const INCIDENT_KINDS: readonly IncidentKind[] = ['temperature', 'sensor_offline', 'sensor_fault'];

export type TimelineWhat =
  | 'excursion_started'
  | 'alarm_raised'
  | 'back_in_range'
  | 'out_of_range_again'
  | 'defrost_started'
  | 'defrost_ended'
  | 'no_data'
  | 'data_back'
  | 'sensor_offline'
  | 'sensor_fault'
  | 'sensor_back'
  | 'closed';

export interface TimelineEntry {
  at: number;
  what: TimelineWhat;
  value?: number;
  sensorId?: string;
  /** inside a defrost window: a high reading here is tolerated */
  defrost?: true;
  detail?: string;
}

export interface Incident {
  /** `${equipmentId}/${kind}/${ISO start}`: the same history gives the same ids */
  id: string;
  equipmentId: string;
  kind: IncidentKind;
  start: number;
  /** back in range (temperature) or sensor back (sensor kinds); null while open */
  end: number | null;
  /** when the alarm was raised; null = recorded, no alarm (a door opening, a defrost) */
  alarmAt: number | null;
  /** worst value seen (temperature), null for sensor incidents */
  extreme: number | null;
  /** time the worst sensor was out of range (sample and hold between readings) */
  outOfRangeMs: number;
  /** the part of outOfRangeMs inside defrost windows, tolerated */
  defrostMs: number;
  /** (end ?? now) − start */
  durationMs: number;
  /** sensors involved (for temperature: those whose reading was the worst at some point) */
  sensors: string[];
  /** the limits the equipment was held to */
  range: TempRange | null;
  timeline: TimelineEntry[];
  /** timeline entries dropped past the cap (a door flapping for hours) */
  omitted: number;
}

/** Entries kept per incident; the alarm and the closing are always kept. */
export const MAX_TIMELINE = 48;

export function incidentId(equipmentId: string, kind: IncidentKind, start: number): string {
  return `${equipmentId}/${kind}/${new Date(start).toISOString()}`;
}

export function newIncident(
  equipmentId: string,
  kind: IncidentKind,
  id: string,
  start: number,
  range: TempRange | null,
): Incident {
  return {
    id, equipmentId, kind, start, end: null, alarmAt: null, extreme: null,
    outOfRangeMs: 0, defrostMs: 0, durationMs: 0, sensors: [], range, timeline: [], omitted: 0,
  };
}

export function addEntry(incident: Incident, entry: TimelineEntry): void {
  const essential = entry.what === 'alarm_raised' || entry.what === 'closed' || entry.what === 'excursion_started';
  if (incident.timeline.length >= MAX_TIMELINE && !essential) {
    incident.omitted += 1;
    return;
  }
  incident.timeline.push(entry);
}

export function addSensor(incident: Incident, sensorId: string): void {
  if (!incident.sensors.includes(sensorId)) incident.sensors.push(sensorId);
}

/** Whether an incident was only a tolerated defrost (every minute out of range inside a window, no alarm). */
export function defrostOnly(incident: Incident): boolean {
  return incident.kind === 'temperature' && incident.alarmAt === null && incident.outOfRangeMs > 0 && incident.defrostMs === incident.outOfRangeMs;
}
