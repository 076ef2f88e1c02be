// Cold-chain alarms: the plain-JSON state, the corrective actions, the configuration and what a
// step asks the caller to do. The transitions are in core.ts; I/O in service.ts.
import { RelaisError, type ErrorCode } from '../../common/errors.js';
import type { IncidentKind } from '../coldchain/incident.js';
import type { HaccpRecordInput } from '../haccp/records.js';

/** What the kitchen did about an alarm; one table for the screen (fr, en) and the register. */
export const CORRECTIVE_ACTIONS = {
  product_moved: { fr: 'Denrées transférées dans un autre équipement froid', en: 'Food moved to another cold unit' },
  product_discarded: { fr: 'Denrées jetées', en: 'Food discarded' },
  technician_called: { fr: 'Technicien appelé', en: 'Technician called' },
  door_closed: { fr: 'Porte refermée', en: 'Door closed' },
  reading_rechecked: { fr: 'Température recontrôlée au thermomètre', en: 'Temperature rechecked with a thermometer' },
  other: { fr: 'Autre (préciser)', en: 'Other (specify)' },
} as const satisfies Record<string, { fr: string; en: string }>;
export type CorrectiveAction = keyof typeof CORRECTIVE_ACTIONS;
export const CORRECTIVE_ACTION_IDS = Object.keys(CORRECTIVE_ACTIONS) as CorrectiveAction[];

export function isCorrectiveAction(x: unknown): x is CorrectiveAction {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CORRECTIVE_ACTIONS, x);
}

export const MAX_ACK_TEXT = 500;
export const DEFAULT_ESCALATE_AFTER_MINUTES = 15;
export const DEFAULT_REPEAT_MINUTES = 15;
/** closed alarms stay listed (and can still get a late corrective action) this long … */
export const DEFAULT_KEEP_CLOSED_DAYS = 7;
/** … and at most this many */
export const MAX_CLOSED_ALARMS = 100;
export const ALARM_TOPIC_PREFIX = 'relais/alarms/';

/**
 * active: outputs on, escalating. silenced: outputs off, still open. acknowledged: someone took a
 * corrective action, outputs off, still open. closed: the engine said recovered or closed.
 */
export type AlarmStateName = 'active' | 'silenced' | 'acknowledged' | 'closed';

export interface AlarmUser {
  login: string;
  role: string;
}

export interface AlarmAck {
  by: string;
  role: string;
  at: number;
  action: CorrectiveAction;
  text: string;
}

export interface Alarm {
  /** URL-safe, derived from the incident id */
  id: string;
  incidentId: string;
  equipmentId: string;
  kind: IncidentKind;
  state: AlarmStateName;
  /** 1, then 2 after escalateAfter, then +1 every repeat */
  level: number;
  /** when it (last) started ringing */
  since: number;
  /** when it first rang */
  raisedAt: number;
  /** latest temperature seen by the incident, null for sensor alarms */
  value: number | null;
  /** next escalation, only while active */
  nextAt: number | null;
  ack: AlarmAck | null;
  silenced: { by: string; at: number } | null;
  closedAt: number | null;
  closedBy: 'recovered' | 'closed' | null;
  /** the engine has not closed the incident yet (a relapse after recovery reopens the alarm) */
  incidentOpen: boolean;
  reopened: number;
}

export interface AlarmState {
  version: 1;
  /** time of the last step */
  at: number | null;
  alarms: Alarm[];
  /** last retained payload per equipment topic ('' never kept) */
  published: Record<string, string>;
  /** register records not written yet (storage failure); the service retries them first */
  pendingRecords: HaccpRecordInput[];
}

export function emptyAlarmState(): AlarmState {
  return { version: 1, at: null, alarms: [], published: {}, pendingRecords: [] };
}

export interface AlarmConfigInput {
  escalateAfterMinutes?: number;
  repeatMinutes?: number;
  keepClosedDays?: number;
}

export interface AlarmConfig {
  escalateAfterMs: number;
  repeatMs: number;
  keepClosedMs: number;
}

export function alarmConfig(c: AlarmConfigInput = {}): AlarmConfig {
  const minutes = (v: number | undefined, d: number, key: string): number => {
    const x = v ?? d;
    if (!Number.isFinite(x) || x <= 0 || x > 24 * 60) throw new RelaisError('RELAIS_CONFIG_INVALID', `alarms.${key} must be between 1 and 1440 minutes (got ${x})`);
    return x * 60_000;
  };
  const keep = c.keepClosedDays ?? DEFAULT_KEEP_CLOSED_DAYS;
  if (!Number.isFinite(keep) || keep < 0) throw new RelaisError('RELAIS_CONFIG_INVALID', `alarms.keepClosedDays must be 0 or more (got ${keep})`);
  return {
    escalateAfterMs: minutes(c.escalateAfterMinutes, DEFAULT_ESCALATE_AFTER_MINUTES, 'escalateAfterMinutes'),
    repeatMs: minutes(c.repeatMinutes, DEFAULT_REPEAT_MINUTES, 'repeatMinutes'),
    keepClosedMs: keep * 86_400_000,
  };
}

export interface PublishAction {
  topic: string;
  /** JSON, or '' to clear the retained message */
  payload: string;
  retain: true;
}

/** What the caller does after a step. Outputs are the full wanted state, not a change. */
export interface AlarmActions {
  outputs: { primary: boolean; secondary: boolean };
  publish: PublishAction[];
  records: HaccpRecordInput[];
  /** call step with a tick at this time (next escalation), or null */
  wakeAt: number | null;
}

export type AlarmRefusal = { ok: false; status: 400 | 403 | 404 | 409; code: ErrorCode; message: string };
export type StepOutcome = { ok: true; state: AlarmState; actions: AlarmActions; alarm?: Alarm } | AlarmRefusal;
