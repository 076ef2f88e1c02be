// The alarm service: runs core.step() on engine events, user actions and its own timer, and does
// what each step asks: register records, outputs, MQTT. Nothing here throws into the engine's
// path; a user action whose register record cannot be written is refused (nothing changes).
import { RelaisError } from '../../common/errors.js';
import type { MachineEvent } from '../coldchain/machine-state.js';
import type { HaccpRecordInput } from '../haccp/records.js';
import { step, type AlarmInput } from './core.js';
import {
  CORRECTIVE_ACTIONS, alarmConfig, emptyAlarmState,
  type Alarm, type AlarmActions, type AlarmConfig, type AlarmConfigInput, type AlarmRefusal, type AlarmState, type AlarmUser,
} from './types.js';

export interface AlarmServiceDeps {
  register: { append(rec: HaccpRecordInput): unknown };
  /** MQTT publish; a failure is reported, never thrown back */
  publish(topic: string, payload: string, opts: { retain: boolean }): void | Promise<unknown>;
  /** drives a configured output (buzzer, flash, relay to a notifier) */
  setOutput(id: string, on: boolean): void | Promise<unknown>;
  config?: AlarmConfigInput & { outputs?: { primary?: string; secondary?: string } };
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** called with state() after every change, to persist open alarms across a restart */
  persist?(state: AlarmState): void;
  onError?(err: unknown, what: string): void;
}

export interface AlarmView {
  id: string;
  incidentId: string;
  equipmentId: string;
  kind: Alarm['kind'];
  state: Alarm['state'];
  level: number;
  since: string;
  raisedAt: string;
  value: number | null;
  /** no corrective action recorded yet: the screen asks for one, even once closed */
  needsAction: boolean;
  ack: { by: string; role: string; at: string; action: string; label: { fr: string; en: string }; text: string } | null;
  silenced: { by: string; at: string } | null;
  closedAt: string | null;
  closedBy: Alarm['closedBy'];
  reopened: number;
}

export type AlarmResult = { ok: true; alarm: AlarmView } | AlarmRefusal;

/** Pending register records kept while storage fails (oldest dropped past it, and reported). */
const MAX_PENDING = 1000;
/** Node timers overflow past 2^31 − 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

export class AlarmService {
  private s: AlarmState = emptyAlarmState();
  private readonly cfg: AlarmConfig;
  private timer: unknown = null;
  private applied = new Map<string, boolean>();
  private stopped = false;

  constructor(private readonly d: AlarmServiceDeps) {
    this.cfg = alarmConfig(d.config ?? {});
    // outputs start in their safe state (off): only changes are driven, restore() drives all
    for (const id of Object.values(d.config?.outputs ?? {})) if (id) this.applied.set(id, false);
  }

  /** Feed every event of the cold-chain engine (incident.* and status), in order. */
  onIncidentEvent(event: MachineEvent): void {
    this.run({ type: 'event', event }, false);
  }

  acknowledge(alarmId: string, user: AlarmUser, action: string, text: string): AlarmResult {
    return this.userAction({ type: 'ack', alarmId, user, action, text, at: this.d.now() });
  }

  silence(alarmId: string, user: AlarmUser): AlarmResult {
    return this.userAction({ type: 'silence', alarmId, user, at: this.d.now() });
  }

  /** Every active alarm at once (a physical silence button). */
  silenceAll(user: AlarmUser): AlarmView[] {
    this.run({ type: 'silence_all', user, at: this.d.now() }, false);
    return this.list({ open: true });
  }

  get(id: string): AlarmView | null {
    const a = this.s.alarms.find((x) => x.id === id);
    return a ? view(a) : null;
  }

  /** Open ones first (loudest first), then closed ones, newest first. */
  list(q: { open?: boolean } = {}): AlarmView[] {
    const rank = { active: 0, silenced: 1, acknowledged: 2, closed: 3 } as const;
    return this.s.alarms
      .filter((a) => q.open === undefined || (a.state !== 'closed') === q.open)
      .sort((x, y) => rank[x.state] - rank[y.state] || (y.closedAt ?? 0) - (x.closedAt ?? 0) || y.since - x.since)
      .map(view);
  }

  outputs(): { primary: boolean; secondary: boolean } {
    const active = this.s.alarms.filter((a) => a.state === 'active');
    return { primary: active.length > 0, secondary: active.some((a) => a.level >= 2) };
  }

  /** Plain JSON: persist it, give it back to restore() after a restart. */
  state(): AlarmState {
    return structuredClone(this.s);
  }

  /**
   * Takes a persisted state back, then sets the outputs and republishes every open alarm (the
   * relays were reset to safe and the broker may have lost its retained messages), escalating
   * what became due while the daemon was down. A state it cannot read is reported and ignored.
   */
  restore(state: unknown): boolean {
    const ok = isAlarmState(state);
    if (ok) this.s = { ...structuredClone(state), pendingRecords: [...state.pendingRecords, ...this.s.pendingRecords] };
    else this.report(new Error('unreadable alarm state'), 'restoring alarms (starting with none)');
    this.applied.clear();
    this.run({ type: 'tick', at: this.d.now() }, false, true);
    return ok;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.d.clearTimer(this.timer);
    this.timer = null;
  }

  private userAction(input: AlarmInput): AlarmResult {
    const r = this.run(input, true);
    if (!r.ok) return r;
    return { ok: true, alarm: view(r.alarm!) };
  }

  /**
   * strict (a person's action): its register record is written before anything changes, or the
   * action is refused (throws, state untouched). Otherwise (engine events, timer, the silence
   * button) the alarm acts at once and records that cannot be written wait for the next step.
   */
  private run(input: AlarmInput, strict: boolean, force = false): ReturnType<typeof step> {
    const r = step(this.cfg, this.s, input, { force });
    if (!r.ok) return r;
    const waiting = this.flush(this.s.pendingRecords);
    this.s.pendingRecords = waiting;
    let left: HaccpRecordInput[] = [];
    if (strict) {
      if (waiting.length > 0) {
        throw new RelaisError('RELAIS_STORE_WRITE', `the HACCP register cannot be written now (${waiting.length} record(s) waiting): nothing was changed, try again`);
      }
      for (const rec of r.actions.records) this.d.register.append(rec);
    } else left = this.flush([...waiting, ...r.actions.records]);
    if (left.length > MAX_PENDING) this.report(new Error(`${left.length - MAX_PENDING} HACCP records dropped`), 'HACCP record queue full');
    this.s = { ...r.state, pendingRecords: left.slice(-MAX_PENDING) };
    try {
      this.d.persist?.(this.state());
    } catch (err) {
      this.report(err, 'persisting alarm state');
    }
    this.apply(r.actions, force);
    this.schedule(r.actions.wakeAt);
    return r;
  }

  /** Appends in order; returns what could not be written yet. */
  private flush(records: HaccpRecordInput[]): HaccpRecordInput[] {
    for (let i = 0; i < records.length; i++) {
      try {
        this.d.register.append(records[i]);
      } catch (err) {
        if (err instanceof RelaisError && err.code === 'RELAIS_HACCP_RECORD_INVALID') {
          this.report(err, `HACCP record ${records[i].kind} refused (dropped)`); // retrying would block the queue
          continue;
        }
        this.report(err, `writing HACCP record ${records[i].kind} (kept, retried at the next alarm step)`);
        return records.slice(i);
      }
    }
    return [];
  }

  private apply(actions: AlarmActions, force: boolean): void {
    const outputs = this.d.config?.outputs ?? {};
    const wanted = new Map<string, boolean>();
    if (outputs.primary) wanted.set(outputs.primary, actions.outputs.primary);
    if (outputs.secondary) wanted.set(outputs.secondary, (wanted.get(outputs.secondary) ?? false) || actions.outputs.secondary);
    for (const [id, on] of wanted) {
      if (!force && this.applied.get(id) === on) continue;
      this.applied.set(id, on);
      this.guard(() => this.d.setOutput(id, on), `setting alarm output ${id} ${on ? 'on' : 'off'}`);
    }
    for (const p of actions.publish) this.guard(() => this.d.publish(p.topic, p.payload, { retain: p.retain }), `publishing ${p.topic}`);
  }

  private schedule(wakeAt: number | null): void {
    if (this.timer !== null) this.d.clearTimer(this.timer);
    this.timer = null;
    if (wakeAt === null || this.stopped) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, wakeAt - this.d.now()));
    this.timer = this.d.setTimer(() => {
      this.timer = null;
      this.run({ type: 'tick', at: this.d.now() }, false);
    }, delay);
  }

  private guard(fn: () => void | Promise<unknown>, what: string): void {
    try {
      const p = fn();
      if (p && typeof (p as Promise<unknown>).catch === 'function') (p as Promise<unknown>).catch((err: unknown) => this.report(err, what));
    } catch (err) {
      this.report(err, what);
    }
  }

  private report(err: unknown, what: string): void {
    try {
      this.d.onError?.(err, what);
    } catch {
      // the reporter itself failing must not stop alarms
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function view(a: Alarm): AlarmView {
  return {
    id: a.id, incidentId: a.incidentId, equipmentId: a.equipmentId, kind: a.kind, state: a.state, level: a.level,
    since: iso(a.since), raisedAt: iso(a.raisedAt), value: a.value, needsAction: a.ack === null,
    ack: a.ack ? { by: a.ack.by, role: a.ack.role, at: iso(a.ack.at), action: a.ack.action, label: CORRECTIVE_ACTIONS[a.ack.action], text: a.ack.text } : null,
    silenced: a.silenced ? { by: a.silenced.by, at: iso(a.silenced.at) } : null,
    closedAt: a.closedAt === null ? null : iso(a.closedAt), closedBy: a.closedBy, reopened: a.reopened,
  };
}

function isAlarmState(x: unknown): x is AlarmState {
  const s = x as AlarmState | null;
  return (
    typeof s === 'object' && s !== null && s.version === 1 && Array.isArray(s.alarms) && Array.isArray(s.pendingRecords) &&
    typeof s.published === 'object' && s.published !== null &&
    s.alarms.every((a) => typeof a?.id === 'string' && typeof a.incidentId === 'string' && typeof a.since === 'number')
  );
}
