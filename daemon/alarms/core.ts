// Cold-chain alarms, pure: one alarm per alarmed incident of the cold-chain engine. Inputs carry
// their time; the state is plain JSON; each step says which outputs to hold, what to publish,
// what to write to the HACCP register and when to call again.
//
// - incident.alarm raises the alarm (active, level 1, primary output on). Unacknowledged and not
//   silenced, it reaches level 2 after escalateAfter (secondary output on too), then one level
//   more every repeat (published again each time, so a notifier can repeat itself).
// - acknowledge: an identified person (not an API token) with a corrective action from the list;
//   outputs off, escalation stops, the alarm stays open until the engine says recovered/closed.
//   A closed alarm nobody acknowledged can still get its corrective action (late), once.
// - silence: outputs off, no escalation, still open and still waiting for a corrective action.
// - incident.recovered / incident.closed close it. The engine continues the same incident when
//   the temperature goes out again before the incident closes, without a new incident.alarm: its
//   status event back to 'alarm' reopens the alarm (active, level 1, a new acknowledgement due).
// - every incident event is also written to the register (the alarm service is their one writer).
import { can } from '../auth/roles.js';
import type { Incident } from '../coldchain/incident.js';
import type { MachineEvent } from '../coldchain/machine-state.js';
import type { HaccpRecordInput } from '../haccp/records.js';
import {
  ALARM_TOPIC_PREFIX, CORRECTIVE_ACTIONS, CORRECTIVE_ACTION_IDS, MAX_ACK_TEXT, MAX_CLOSED_ALARMS, isCorrectiveAction,
  type Alarm, type AlarmConfig, type AlarmRefusal, type AlarmState, type AlarmUser, type PublishAction, type StepOutcome,
} from './types.js';

export type AlarmInput =
  | { type: 'event'; event: MachineEvent }
  | { type: 'ack'; alarmId: string; user: AlarmUser; action: string; text: string; at: number }
  | { type: 'silence'; alarmId: string; user: AlarmUser; at: number }
  | { type: 'silence_all'; user: AlarmUser; at: number }
  | { type: 'tick'; at: number };

/** Incident ids look like `frigo-1/temperature/2025-01-15T10:20:00.000Z#2`; alarm ids go in URLs. */
export function alarmIdOf(incidentId: string): string {
  return incidentId.replaceAll('/', '.').replaceAll(':', '').replaceAll('#', '-');
}

export const alarmTopic = (equipmentId: string): string => `${ALARM_TOPIC_PREFIX}${equipmentId}`;

const refuse = (status: AlarmRefusal['status'], code: AlarmRefusal['code'], message: string): AlarmRefusal => ({ ok: false, status, code, message });

/**
 * One input → the next state and the actions. Never mutates `state`. `force` republishes every
 * open alarm (after a restart the broker may have lost its retained messages).
 */
export function step(cfg: AlarmConfig, state: AlarmState, input: AlarmInput, opts: { force?: boolean } = {}): StepOutcome {
  const s = structuredClone(state);
  const inputAt = input.type === 'event' ? input.event.at : input.at;
  // an input older than the last step (clock skew) is applied now, not in the past
  const t = Math.max(inputAt, s.at ?? inputAt);
  const records: HaccpRecordInput[] = [];
  let alarm: Alarm | undefined;

  if (input.type === 'event') onEvent(cfg, s, input.event, records);
  else if (input.type === 'ack' || input.type === 'silence') {
    const a = s.alarms.find((x) => x.id === input.alarmId);
    if (!a) return refuse(404, 'RELAIS_ALARM_UNKNOWN', `no alarm "${input.alarmId}"`);
    const refused = input.type === 'ack' ? acknowledge(a, input, records) : silence(a, input.user, input.at, records);
    if (refused) return refused;
    alarm = a;
  } else if (input.type === 'silence_all') {
    if (!can(input.user.role, 'alarm.ack')) return refuse(403, 'RELAIS_AUTH_FORBIDDEN', `the ${input.user.role} role may not silence alarms`);
    for (const a of s.alarms) if (a.state === 'active') silence(a, input.user, input.at, records);
  }

  escalate(cfg, s, t, records);
  prune(cfg, s, t);
  s.at = t;
  const publish = publishes(s, opts.force ?? false);
  const active = s.alarms.filter((a) => a.state === 'active');
  const dues = active.map((a) => a.nextAt).filter((x): x is number => x !== null);
  return {
    ok: true,
    state: s,
    alarm: alarm ? structuredClone(alarm) : undefined,
    actions: {
      outputs: { primary: active.length > 0, secondary: active.some((a) => a.level >= 2) },
      publish,
      records,
      wakeAt: dues.length ? Math.min(...dues) : null,
    },
  };
}

function onEvent(cfg: AlarmConfig, s: AlarmState, e: MachineEvent, records: HaccpRecordInput[]): void {
  if (e.type === 'status') {
    if (e.to !== 'alarm') return;
    // a relapse of a recovered temperature incident: the engine continues it without a new event
    const a = latest(s.alarms.filter((x) => x.equipmentId === e.equipmentId && x.kind === 'temperature' && x.state === 'closed' && x.closedBy === 'recovered' && x.incidentOpen));
    if (a) {
      reopen(cfg, a, e.at);
      records.push({ kind: 'alarm.reopened', ts: e.at, equipmentId: a.equipmentId, incidentId: a.incidentId, payload: { alarmId: a.id, reason: 'out_of_range_again', reopened: a.reopened } });
    }
    return;
  }
  const inc = e.incident;
  records.push({ kind: e.type, ts: e.at, equipmentId: e.equipmentId, incidentId: inc.id, payload: incidentPayload(inc, e.type === 'incident.closed') });
  let a = s.alarms.find((x) => x.incidentId === inc.id);
  const value = latestValue(inc);
  if (a && value !== null) a.value = value;
  switch (e.type) {
    case 'incident.alarm':
      if (!a) {
        a = {
          id: alarmIdOf(inc.id), incidentId: inc.id, equipmentId: e.equipmentId, kind: inc.kind, state: 'active', level: 1,
          since: e.at, raisedAt: e.at, value, nextAt: e.at + cfg.escalateAfterMs, ack: null, silenced: null,
          closedAt: null, closedBy: null, incidentOpen: true, reopened: 0,
        };
        s.alarms.push(a);
      } else if (a.state === 'closed' && a.incidentOpen) reopen(cfg, a, e.at);
      break;
    case 'incident.recovered':
      if (a && a.state !== 'closed') close(a, e.at, 'recovered');
      break;
    case 'incident.closed':
      if (a) {
        if (a.state !== 'closed') close(a, e.at, 'closed');
        a.incidentOpen = false;
      }
      break;
    default:
      break; // incident.opened: recorded; no alarm before the grace ends
  }
}

function acknowledge(a: Alarm, input: Extract<AlarmInput, { type: 'ack' }>, records: HaccpRecordInput[]): AlarmRefusal | null {
  const { user } = input;
  if (!can(user.role, 'alarm.ack')) return refuse(403, 'RELAIS_AUTH_FORBIDDEN', `the ${user.role} role may not acknowledge alarms`);
  if (user.login.startsWith('token:')) return refuse(403, 'RELAIS_ALARM_NEEDS_PERSON', 'an alarm is acknowledged by a signed-in person, not an API token');
  if (!isCorrectiveAction(input.action)) {
    return refuse(400, 'RELAIS_ALARM_BAD_ACTION', `unknown corrective action "${input.action}": one of ${CORRECTIVE_ACTION_IDS.join(', ')}`);
  }
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if ([...text].length > MAX_ACK_TEXT) return refuse(400, 'RELAIS_ALARM_BAD_ACTION', `the text has ${[...text].length} characters (max ${MAX_ACK_TEXT})`);
  if (input.action === 'other' && text === '') return refuse(400, 'RELAIS_ALARM_BAD_ACTION', 'with "other", say in the text what was done');
  if (a.ack) return refuse(409, 'RELAIS_ALARM_ALREADY_ACKNOWLEDGED', `alarm "${a.id}" was acknowledged by ${a.ack.by} at ${new Date(a.ack.at).toISOString()}`);
  const late = a.state === 'closed';
  a.ack = { by: user.login, role: user.role, at: input.at, action: input.action, text };
  if (!late) {
    a.state = 'acknowledged';
    a.nextAt = null;
  }
  records.push({
    kind: 'alarm.ack', ts: input.at, equipmentId: a.equipmentId, incidentId: a.incidentId, userLogin: user.login,
    payload: { alarmId: a.id, role: user.role, action: input.action, label: CORRECTIVE_ACTIONS[input.action].fr, text, level: a.level, afterMs: input.at - a.since, late },
  });
  return null;
}

function silence(a: Alarm, user: AlarmUser, at: number, records: HaccpRecordInput[]): AlarmRefusal | null {
  if (!can(user.role, 'alarm.ack')) return refuse(403, 'RELAIS_AUTH_FORBIDDEN', `the ${user.role} role may not silence alarms`);
  if (a.state === 'closed') return refuse(409, 'RELAIS_ALARM_CLOSED', `alarm "${a.id}" is closed`);
  if (a.state !== 'active') return null; // already quiet: nothing to record
  a.state = 'silenced';
  a.silenced = { by: user.login, at };
  a.nextAt = null;
  records.push({ kind: 'alarm.silenced', ts: at, equipmentId: a.equipmentId, incidentId: a.incidentId, userLogin: user.login, payload: { alarmId: a.id, role: user.role, level: a.level } });
  return null;
}

function close(a: Alarm, at: number, by: 'recovered' | 'closed'): void {
  a.state = 'closed';
  a.closedAt = at;
  a.closedBy = by;
  a.nextAt = null;
}

function reopen(cfg: AlarmConfig, a: Alarm, at: number): void {
  Object.assign(a, { state: 'active', level: 1, since: at, nextAt: at + cfg.escalateAfterMs, ack: null, silenced: null, closedAt: null, closedBy: null });
  a.reopened += 1;
}

/** Level at time t of an alarm ringing since `since`. */
export function levelAt(cfg: AlarmConfig, since: number, t: number): number {
  const over = t - since - cfg.escalateAfterMs;
  return over < 0 ? 1 : 2 + Math.floor(over / cfg.repeatMs);
}

function escalate(cfg: AlarmConfig, s: AlarmState, t: number, records: HaccpRecordInput[]): void {
  for (const a of s.alarms) {
    if (a.state !== 'active' || a.nextAt === null || a.nextAt > t) continue;
    const dueAt = a.nextAt;
    const level = levelAt(cfg, a.since, t);
    if (level > a.level) {
      // one record even when several levels passed (a daemon restarted late rang only now)
      records.push({ kind: 'alarm.escalated', ts: t, equipmentId: a.equipmentId, incidentId: a.incidentId, payload: { alarmId: a.id, level, from: a.level, dueAt } });
      a.level = level;
    }
    a.nextAt = a.since + cfg.escalateAfterMs + (a.level - 1) * cfg.repeatMs;
  }
}

function prune(cfg: AlarmConfig, s: AlarmState, t: number): void {
  s.alarms = s.alarms.filter((a) => a.state !== 'closed' || (a.closedAt ?? t) >= t - cfg.keepClosedMs);
  const closed = s.alarms.filter((a) => a.state === 'closed').sort((x, y) => (y.closedAt ?? 0) - (x.closedAt ?? 0));
  if (closed.length > MAX_CLOSED_ALARMS) {
    const drop = new Set(closed.slice(MAX_CLOSED_ALARMS));
    s.alarms = s.alarms.filter((a) => !drop.has(a));
  }
}

const STATE_RANK = { active: 0, silenced: 1, acknowledged: 2, closed: 3 } as const;
const KIND_RANK = { temperature: 0, sensor_fault: 1, sensor_offline: 2 } as const;

/** The alarm an equipment's topic shows: the loudest, then the highest level, then temperature first, then the newest. */
export function headline(open: readonly Alarm[]): Alarm | null {
  const sorted = [...open].sort(
    (x, y) => STATE_RANK[x.state] - STATE_RANK[y.state] || y.level - x.level || KIND_RANK[x.kind] - KIND_RANK[y.kind] || y.since - x.since || x.id.localeCompare(y.id),
  );
  return sorted[0] ?? null;
}

export function mqttPayload(a: Alarm): string {
  return JSON.stringify({
    id: a.id, equipment: a.equipmentId, incident: a.incidentId, kind: a.kind, state: a.state, level: a.level,
    since: new Date(a.since).toISOString(), value: a.value,
    ...(a.ack ? { ack: { by: a.ack.by, at: new Date(a.ack.at).toISOString(), action: a.ack.action, label: CORRECTIVE_ACTIONS[a.ack.action].fr, text: a.ack.text } } : {}),
  });
}

/** Retained payload per equipment when it changes; '' clears the topic once nothing is open. */
function publishes(s: AlarmState, force: boolean): PublishAction[] {
  const out: PublishAction[] = [];
  const eqs = new Set([...s.alarms.map((a) => a.equipmentId), ...Object.keys(s.published)]);
  for (const eq of [...eqs].sort()) {
    const h = headline(s.alarms.filter((a) => a.equipmentId === eq && a.state !== 'closed'));
    const payload = h ? mqttPayload(h) : '';
    const prev = s.published[eq];
    if (payload === '') {
      if (prev !== undefined) out.push({ topic: alarmTopic(eq), payload: '', retain: true });
      delete s.published[eq];
    } else if (force || payload !== prev) {
      out.push({ topic: alarmTopic(eq), payload, retain: true });
      s.published[eq] = payload;
    }
  }
  return out;
}

function latest(alarms: Alarm[]): Alarm | undefined {
  return alarms.sort((x, y) => (y.closedAt ?? 0) - (x.closedAt ?? 0))[0];
}

/** The last temperature the incident saw (its timeline), else its worst. */
export function latestValue(inc: Incident): number | null {
  for (let i = inc.timeline.length - 1; i >= 0; i--) {
    const v = inc.timeline[i].value;
    if (typeof v === 'number') return v;
  }
  return inc.extreme;
}

/** The incident as the register keeps it: everything but the columns; the timeline once, at closing. */
function incidentPayload(inc: Incident, withTimeline: boolean): Record<string, unknown> {
  const { id: _id, equipmentId: _eq, timeline, omitted, ...rest } = inc;
  return { ...rest, value: latestValue(inc), ...(withTimeline ? { timeline, omitted } : {}) };
}
