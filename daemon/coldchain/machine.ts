// One equipment's cold-chain state machine, pure: inputs carry their time, the state is plain
// JSON the caller persists, each step says what happened and when to wake it next.
//
// Temperature: ok → excursion (out of range, inside grace) → alarm → recovered → (closed) ok.
// - Several sensors: the worst one counts, i.e. the sensor whose last reading is furthest outside
//   the range (for a fridge, the warmest). Only sensors whose health is ok count; a sensor offline
//   or in fault has its own incident and its old value is forgotten.
// - Sample and hold: a reading holds until the next one. Grace, time out of range and the close
//   confirmation are computed from that, so an alarm is stamped at the exact minute the grace
//   ended even when the tick comes late.
// - Every excursion is an incident, even a door opening that never alarms (HACCP practice: record
//   it; alarmAt stays null, "no alarm"). Back in range, the incident waits closeAfterMs of
//   in-range data before it closes; a relapse in between continues it (one incident per door
//   flapping, grace used so far kept).
// - Defrost windows: time out of range on the high side inside a window is tolerated (counted
//   as defrostMs, not towards grace, marked defrost: true in the timeline); grace resumes when the
//   window ends.
// - Freezer tolerance: above tolerance.max (−15 °C) a second, shorter grace runs; either grace
//   running out raises the alarm.
// - Missing data is never ok: a sensor offline or in fault opens an incident of that kind at once,
//   already alarmed; the status is offline/fault (or unknown before any reading), never ok.
//   While no sensor gives data, a temperature incident neither uses grace nor closes.
import { implausible } from '../../common/metrics.js';
import { inDefrost, nextDefrostBoundary } from './defrost.js';
import { addEntry, addSensor, incidentId, newIncident, type Incident, type IncidentKind } from './incident.js';
import {
  SEVERITY, condition, type EquipmentStatus, type MachineConfig, type MachineEvent, type MachineInput,
  type MachineState, type SensorHealth, type StepResult,
} from './machine-state.js';
import { excess } from './thresholds.js';

export * from './machine-state.js';

class Step {
  readonly events: MachineEvent[] = [];
  constructor(readonly cfg: MachineConfig, readonly s: MachineState) {}

  emit(type: 'incident.opened' | 'incident.alarm' | 'incident.recovered' | 'incident.closed', at: number, inc: Incident): void {
    inc.durationMs = (inc.end ?? at) - inc.start;
    this.events.push({ type, at, equipmentId: this.cfg.equipmentId, incident: structuredClone(inc) });
  }

  open(kind: IncidentKind, at: number): Incident {
    const base = incidentId(this.cfg.equipmentId, kind, at);
    const last = this.s.lastIds[kind];
    // two incidents of one kind starting the same millisecond (open and closed in between): keep ids unique
    const id = last === null || !last.startsWith(base) ? base : `${base}#${Number(last.split('#')[1] ?? 1) + 1}`;
    this.s.lastIds[kind] = id;
    const inc = newIncident(this.cfg.equipmentId, kind, id, at, kind === 'temperature' ? this.cfg.range : null);
    this.s.open[kind] = inc;
    return inc;
  }

  close(kind: IncidentKind, at: number): void {
    const inc = this.s.open[kind];
    if (!inc) return;
    inc.end ??= at;
    inc.durationMs = inc.end - inc.start;
    addEntry(inc, { at, what: 'closed' });
    this.s.open[kind] = null;
    if (kind === 'temperature') this.s.temp = 'ok';
    this.emit('incident.closed', at, inc);
  }

  defrostNow(at: number): boolean {
    return inDefrost(this.cfg.defrost, this.cfg.tz, at);
  }

  /** Lets time run from the last step to `to` under the condition the last step left, firing what falls due. */
  advance(to: number): void {
    let t = this.s.at ?? to;
    const track = this.s.track;
    for (;;) {
      const cond = condition(this.cfg, this.s);
      const inc = this.s.open.temperature;
      const watch = inc !== null && cond.out && cond.high && this.cfg.defrost.length > 0;
      const def = watch && this.defrostNow(t);
      if (watch) {
        this.markDefrost(inc, t, def, cond.value);
        this.updateStatus(t);
      }
      let due = Infinity;
      if (inc && cond.out && inc.alarmAt === null && !def) {
        const grace = t + this.cfg.graceMs - track.graceUsedMs;
        const hard = cond.hard && this.cfg.tolerance ? t + this.cfg.tolerance.graceMs - track.hardUsedMs : Infinity;
        due = Math.min(grace, hard);
      } else if (inc && !cond.out && cond.data && this.s.temp === 'recovered') {
        due = t + this.cfg.closeAfterMs - track.inRangeMs;
      }
      if (inc && due <= t) {
        if (cond.out) this.alarm(inc, t, cond.value);
        else this.close('temperature', t);
        this.updateStatus(t); // time-driven: reported when it happened, not at the next input
        continue;
      }
      if (t >= to) break;
      const segEnd = watch ? Math.min(to, nextDefrostBoundary(this.cfg.defrost, this.cfg.tz, t)) : to;
      const stop = Math.min(due, segEnd);
      const d = stop - t;
      if (inc && cond.out) {
        inc.outOfRangeMs += d;
        if (def) inc.defrostMs += d;
        else {
          track.graceUsedMs += d;
          if (cond.hard) track.hardUsedMs += d;
        }
      } else if (inc && cond.data && this.s.temp === 'recovered') track.inRangeMs += d;
      t = stop;
    }
    this.s.at = Math.max(this.s.at ?? to, to);
  }

  /** Crossing a defrost boundary while out of range on the high side: mark it, grace pauses or resumes. */
  markDefrost(inc: Incident, at: number, def: boolean, value: number): void {
    if (def === this.s.track.def) return;
    this.s.track.def = def;
    addEntry(inc, { at, what: def ? 'defrost_started' : 'defrost_ended', value, ...(def ? { defrost: true as const } : {}) });
    if (inc.alarmAt === null && this.s.temp !== 'recovered') this.s.temp = def ? 'defrost' : 'excursion';
  }

  alarm(inc: Incident, at: number, value: number): void {
    inc.alarmAt = at;
    this.s.temp = 'alarm';
    addEntry(inc, { at, what: 'alarm_raised', value });
    this.emit('incident.alarm', at, inc);
  }

  setHealth(sensorId: string, health: SensorHealth, at: number, detail: string | null): void {
    const slot = this.s.sensors[sensorId];
    const prev = slot.health;
    if (prev === health && (health !== 'fault' || slot.detail === detail)) return;
    slot.health = health;
    slot.detail = health === 'ok' ? null : detail;
    if (health !== 'ok') slot.value = null; // an old value is not data about now
    if (prev !== 'ok' && prev !== health) {
      const kind = prev === 'offline' ? 'sensor_offline' : 'sensor_fault';
      const inc = this.s.open[kind];
      if (inc) {
        addEntry(inc, { at, what: 'sensor_back', sensorId });
        if (!this.cfg.sensors.some((id) => this.s.sensors[id].health === prev)) this.close(kind, at);
      }
    }
    if (health === 'ok') return;
    const kind = health === 'offline' ? 'sensor_offline' : 'sensor_fault';
    let inc = this.s.open[kind];
    const fresh = inc === null;
    inc ??= this.open(kind, at);
    addSensor(inc, sensorId);
    addEntry(inc, { at, what: health === 'offline' ? 'sensor_offline' : 'sensor_fault', sensorId, ...(detail ? { detail } : {}) });
    if (fresh) {
      inc.alarmAt = at; // no grace: a silent probe is a fridge nobody watches
      this.emit('incident.opened', at, inc);
      this.emit('incident.alarm', at, inc);
    }
  }

  /** After an input: does the worst sensor open, continue, pause or end the temperature incident? */
  evaluate(at: number): void {
    const cond = condition(this.cfg, this.s);
    const track = this.s.track;
    let inc = this.s.open.temperature;
    if (inc && track.noData && cond.data) {
      track.noData = false;
      addEntry(inc, { at, what: 'data_back', value: cond.value, sensorId: cond.sensorId });
    }
    if (cond.out) {
      const def = cond.high && this.defrostNow(at);
      const mark = def ? { defrost: true as const } : {};
      if (!inc) {
        inc = this.open('temperature', at);
        this.s.track = { graceUsedMs: 0, hardUsedMs: 0, inRangeMs: 0, noData: false, def };
        inc.extreme = cond.value;
        addSensor(inc, cond.sensorId);
        addEntry(inc, { at, what: 'excursion_started', value: cond.value, sensorId: cond.sensorId, ...mark });
        this.s.temp = def ? 'defrost' : 'excursion';
        this.emit('incident.opened', at, inc);
      } else if (this.s.temp === 'recovered') {
        inc.end = null;
        addEntry(inc, { at, what: 'out_of_range_again', value: cond.value, sensorId: cond.sensorId, ...mark });
        this.s.temp = inc.alarmAt !== null ? 'alarm' : def ? 'defrost' : 'excursion';
        this.s.track.def = def;
      } else if (cond.high && this.cfg.defrost.length > 0) this.markDefrost(inc, at, def, cond.value);
      addSensor(inc, cond.sensorId);
      if (inc.extreme === null || excess(cond.value, this.cfg.range) > excess(inc.extreme, this.cfg.range)) inc.extreme = cond.value;
    } else if (cond.data) {
      if (inc && this.s.temp !== 'recovered') {
        inc.end = at;
        this.s.track.inRangeMs = 0;
        addEntry(inc, { at, what: 'back_in_range', value: cond.value, sensorId: cond.sensorId });
        this.s.temp = 'recovered';
        this.emit('incident.recovered', at, inc);
      } else if (!inc) this.s.temp = 'ok';
    } else if (inc) {
      if (!track.noData) addEntry(inc, { at, what: 'no_data' });
      track.noData = true;
    } else this.s.temp = 'unknown';
  }

  updateStatus(at: number): void {
    const candidates: EquipmentStatus[] = [this.s.temp];
    for (const id of this.cfg.sensors) {
      const h = this.s.sensors[id].health;
      if (h !== 'ok') candidates.push(h);
    }
    const to = SEVERITY.find((st) => candidates.includes(st)) ?? 'unknown';
    if (to === this.s.status) return;
    this.events.push({ type: 'status', at, equipmentId: this.cfg.equipmentId, from: this.s.status, to });
    this.s.status = to;
  }

  wakeAt(): number | null {
    const inc = this.s.open.temperature;
    const at = this.s.at;
    if (!inc || at === null) return null;
    const cond = condition(this.cfg, this.s);
    if (cond.out && inc.alarmAt === null) {
      const def = cond.high && this.defrostNow(at);
      const boundary = cond.high ? nextDefrostBoundary(this.cfg.defrost, this.cfg.tz, at) : Infinity;
      if (def) return Number.isFinite(boundary) ? boundary : null;
      const grace = at + this.cfg.graceMs - this.s.track.graceUsedMs;
      const hard = cond.hard && this.cfg.tolerance ? at + this.cfg.tolerance.graceMs - this.s.track.hardUsedMs : Infinity;
      return Math.min(grace, hard, boundary);
    }
    if (!cond.out && cond.data && this.s.temp === 'recovered') return at + this.cfg.closeAfterMs - this.s.track.inRangeMs;
    return null;
  }
}

/** One input → the next state, what happened, and when to call again. Never mutates `state`. */
export function step(cfg: MachineConfig, state: MachineState, input: MachineInput): StepResult {
  const s = structuredClone(state);
  for (const id of cfg.sensors) s.sensors[id] ??= { health: 'ok', value: null, at: null, detail: null }; // a sensor added since
  const run = new Step(cfg, s);
  // an input older than the last step (clock skew between sensors) is applied now, not in the past
  const at = Math.max(input.at, s.at ?? input.at);
  run.advance(at);
  if (input.type !== 'tick' && cfg.sensors.includes(input.sensorId)) {
    const slot = s.sensors[input.sensorId];
    if (input.type === 'sensor') {
      run.setHealth(input.sensorId, input.state, at, input.detail ?? null);
      run.evaluate(at);
    } else if (slot.at === null || input.at >= slot.at) {
      const why = implausible('temperature', input.value);
      if (why !== null) run.setHealth(input.sensorId, 'fault', at, why);
      else {
        run.setHealth(input.sensorId, 'ok', at, null); // a reading proves the sensor is back
        slot.value = input.value;
        slot.at = input.at;
      }
      run.evaluate(at);
    }
    run.advance(at); // what falls due at once (no grace, no close delay)
  }
  for (const inc of Object.values(s.open)) if (inc) inc.durationMs = (inc.end ?? at) - inc.start;
  run.updateStatus(at);
  return { state: s, events: run.events, wakeAt: run.wakeAt() };
}
