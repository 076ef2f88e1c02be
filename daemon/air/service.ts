// Classroom air at run time: each room's state from its sensors' committed readings, the relays
// it drives (traffic light, ventilation) through the building's arbitration, and the weekly
// ICONE from the store.
import type { Logger } from 'pino';
import type { RoomConfig } from '../config/index.js';
import type { SiteStore } from '../store/types.js';
import type { IngestListener } from '../ingest/pipeline.js';
import type { SchoolCalendar } from '../calendar/index.js';
import { co2Trend, initialRoomState, roomStep, type AirMetric, type RoomAirState } from './states.js';
import { weeklyIcone, type Co2Reading } from './icone.js';

const METRICS: readonly AirMetric[] = ['co2', 'pm2_5', 'temperature', 'humidity'];

export interface AirDeps {
  rooms: readonly RoomConfig[];
  store: SiteStore;
  logger: Logger;
  now: () => number;
  tz: string;
  calendar: SchoolCalendar;
  zone: string;
  /** drives a relay (a light-type output) on or off; automation ranks below people */
  setOutput: (id: string, on: boolean, room: string) => void;
}

export class AirService implements IngestListener {
  private readonly states = new Map<string, { state: RoomAirState; timer: NodeJS.Timeout | null; outputs: { aerate: boolean | null; ventilation: boolean | null } }>();
  private readonly roomOf = new Map<string, string>();
  private stopped = false;

  constructor(private readonly d: AirDeps) {
    for (const r of d.rooms) {
      this.states.set(r.id, { state: initialRoomState(), timer: null, outputs: { aerate: null, ventilation: null } });
      for (const s of r.sensors) this.roomOf.set(s, r.id);
    }
  }

  readings(sensorId: string, values: ReadonlyArray<{ metric: string; value: number }>, ts: number): void {
    const roomId = this.roomOf.get(sensorId);
    if (!roomId) return;
    const readings: Partial<Record<AirMetric, { value: number; t: number }>> = {};
    for (const v of values) if ((METRICS as readonly string[]).includes(v.metric)) readings[v.metric as AirMetric] = { value: v.value, t: ts };
    if (Object.keys(readings).length > 0) this.step(roomId, readings);
  }

  private step(roomId: string, readings: Partial<Record<AirMetric, { value: number; t: number }>>): void {
    const room = this.d.rooms.find((r) => r.id === roomId)!;
    const entry = this.states.get(roomId)!;
    if (this.stopped) return;
    const r = roomStep(entry.state, { now: this.d.now(), readings }, { thresholds: room.thresholds, alertAfterMinutes: room.alertAfterMinutes });
    entry.state = r.state;
    for (const e of r.events) {
      if (e.kind !== 'overall') continue;
      this.d.store.addEvent({ kind: 'air.state', message: `${room.name}: ${e.from} → ${e.to}`, data: { room: roomId, from: e.from, to: e.to, co2: r.state.co2.value }, ts: e.at });
    }
    for (const which of ['aerate', 'ventilation'] as const) {
      const id = room.outputs?.[which];
      if (!id || entry.outputs[which] === r.outputs[which]) continue;
      entry.outputs[which] = r.outputs[which];
      this.d.setOutput(id, r.outputs[which], roomId);
    }
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = r.wakeAt === null ? null : setTimeout(() => this.step(roomId, {}), Math.max(0, r.wakeAt - this.d.now()));
  }

  /** Rooms for the API: state per metric, CO2 trend over 20 minutes, this week's ICONE so far. */
  list() {
    const now = this.d.now();
    return this.d.rooms.map((room) => {
      const s = this.states.get(room.id)!.state;
      const co2 = this.co2(room, now - 7 * 86_400_000, now);
      const week = weeklyIcone(room, co2, now - 7 * 86_400_000, now, { timeZone: this.d.tz, calendar: this.d.calendar, zone: this.d.zone || undefined }).at(-1) ?? null;
      return {
        id: room.id, name: room.name, overall: s.overall,
        metrics: Object.fromEntries(METRICS.map((m) => [m, { level: s[m].level, value: s[m].value, ts: s[m].t === null ? null : new Date(s[m].t).toISOString() }])),
        trend: co2Trend(co2.map((c) => ({ t: c.t, ppm: c.ppm })), now),
        icone: week ? { isoWeek: week.isoWeek, value: week.icone, completeness: week.completeness } : null,
      };
    });
  }

  /** CO2 readings of a room's sensors from the store. */
  co2(room: RoomConfig, from: number, to: number): Co2Reading[] {
    return room.sensors.flatMap((sensorId) =>
      this.d.store.queryReadings({ sensorId, metric: 'co2', from, to, limit: 100000 }).map((r) => ({ t: r.ts, ppm: r.value, sensor: sensorId })),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const e of this.states.values()) if (e.timer) clearTimeout(e.timer);
  }
}
