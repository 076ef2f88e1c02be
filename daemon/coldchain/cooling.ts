// Rapid cooling and reheating cycles of one batch, judged from a core probe. Pure reducer: the
// caller feeds the probe's readings and a tick at wakeAt, and stores the state as it is.
//
// Cooling (+63 °C → below +10 °C at the core in under 2 h):
// - the cycle is started by staff at startedAt; its clock starts at the first reading ≥ +63 °C
//   (the regulation counts from +63 °C). That reading must come within 15 min of startedAt,
//   otherwise the cycle is 'invalid_start' (probe not in the food, food not hot, cycle started
//   too early): it says nothing about the batch, staff must start a new one;
// - it passes at the first reading below +10 °C stamped no later than clock start + 2 h;
// - it fails at clock start + 2 h exactly (a tick or any later reading): "fails loudly". A reading
//   stamped exactly at the limit counts when it is fed before the tick.
// Reheating (≥ +63 °C in under 1 h): the clock starts at startedAt; passes at the first reading
// ≥ +63 °C stamped no later than startedAt + 1 h, fails at that time otherwise.
// A final state never changes again. Readings before startedAt, from another probe, or
// implausible (a fault sentinel) are ignored and counted, and so are readings stamped before
// the clock start once it has started (out of order: they cannot pass a cycle).
import { implausible } from '../../common/metrics.js';
import { COOLING, REHEATING, formatTemp } from './thresholds.js';

export type CycleKind = 'cooling' | 'reheating';
export type CycleStatus = 'running' | 'passed' | 'failed' | 'invalid_start' | 'cancelled';

export interface CycleStart {
  id: string;
  kind: CycleKind;
  /** the equipment the batch is in (a cooling cell), and/or the core probe used */
  equipmentId?: string;
  sensorId?: string;
  /** what is cooled: "Blanquette 12/03, 40 parts" */
  batch: string;
  startedBy: string;
  startedAt: number;
}

export interface CycleState extends CycleStart {
  status: CycleStatus;
  /** when the clock started: first reading ≥ +63 °C (cooling), startedAt (reheating); null before */
  clockStart: number | null;
  /** clock start + limit; null before the clock starts */
  deadline: number | null;
  /** the reading that passed the cycle */
  reachedAt: number | null;
  /** reachedAt − clockStart */
  durationMs: number | null;
  minValue: number | null;
  maxValue: number | null;
  lastValue: number | null;
  readings: number;
  ignored: number;
  /** when the status became final */
  endedAt: number | null;
  /** why it failed, was invalid or cancelled, in words for the register */
  reason: string | null;
}

export type CycleInput =
  | { type: 'reading'; value: number; at: number; sensorId?: string }
  | { type: 'tick'; at: number }
  | { type: 'cancel'; at: number; by: string; reason?: string };

export interface CycleStep {
  state: CycleState;
  /** true when this step made the status final */
  ended: boolean;
  wakeAt: number | null;
}

export function startCycle(start: CycleStart): CycleState {
  if (start.equipmentId === undefined && start.sensorId === undefined) {
    throw new RangeError(`cycle ${start.id}: give the equipment or the probe sensor it is measured with`);
  }
  const reheating = start.kind === 'reheating';
  return {
    ...start, status: 'running',
    clockStart: reheating ? start.startedAt : null,
    deadline: reheating ? start.startedAt + REHEATING.limitMs : null,
    reachedAt: null, durationMs: null, minValue: null, maxValue: null, lastValue: null,
    readings: 0, ignored: 0, endedAt: null, reason: null,
  };
}

/** When the cycle needs a tick: the end of the start window, or the deadline; null once final. */
export function cycleWakeAt(s: CycleState): number | null {
  if (s.status !== 'running') return null;
  return s.deadline ?? s.startedAt + COOLING.startWindowMs;
}

export function stepCycle(state: CycleState, input: CycleInput): CycleStep {
  if (state.status !== 'running') return { state, ended: false, wakeAt: null };
  const s: CycleState = { ...state };
  if (input.type === 'cancel') {
    end(s, 'cancelled', input.at, `cancelled by ${input.by}${input.reason ? `: ${input.reason}` : ''}`);
    return { state: s, ended: true, wakeAt: null };
  }
  if (input.type === 'reading') {
    const foreign = s.sensorId !== undefined && input.sensorId !== undefined && input.sensorId !== s.sensorId;
    const early = input.at < (s.clockStart ?? s.startedAt); // before the start, or out of order
    if (foreign || early || implausible('temperature', input.value) !== null) {
      s.ignored += 1;
    } else if (!expire(s, input.at, false)) {
      reading(s, input.value, input.at);
    }
  }
  // a reading stamped at the limit was judged above; at the limit nothing else can pass it
  expire(s, input.at, true);
  return { state: s, ended: s.status !== 'running', wakeAt: cycleWakeAt(s) };
}

function reading(s: CycleState, value: number, at: number): void {
  s.readings += 1;
  s.lastValue = value;
  s.minValue = s.minValue === null ? value : Math.min(s.minValue, value);
  s.maxValue = s.maxValue === null ? value : Math.max(s.maxValue, value);
  if (s.kind === 'reheating') {
    if (value >= REHEATING.hotMin) pass(s, at);
  } else if (s.clockStart === null) {
    if (value >= COOLING.hotMin) {
      s.clockStart = at;
      s.deadline = at + COOLING.limitMs;
    }
  } else if (value < COOLING.coldBelow) pass(s, at);
}

function pass(s: CycleState, at: number): void {
  s.reachedAt = at;
  s.durationMs = at - (s.clockStart ?? s.startedAt);
  end(s, 'passed', at, null);
}

/** Ends the cycle when `at` is past its window (at the limit too when `inclusive`); true when it ended. */
function expire(s: CycleState, at: number, inclusive: boolean): boolean {
  if (s.status !== 'running') return true;
  const late = (limit: number) => (inclusive ? at >= limit : at > limit);
  const last = s.lastValue === null ? 'no reading from the probe' : `last reading ${formatTemp(s.lastValue)}`;
  if (s.kind === 'cooling' && s.clockStart === null) {
    const limit = s.startedAt + COOLING.startWindowMs;
    if (!late(limit)) return false;
    const seen = s.maxValue === null ? 'no reading from the probe' : `highest reading ${formatTemp(s.maxValue)}`;
    end(s, 'invalid_start', limit, `the probe did not show ${formatTemp(COOLING.hotMin)} or more within 15 min of the start (${seen}); check the probe is in the food and start a new cycle`);
    return true;
  }
  if (s.deadline === null || !late(s.deadline)) return false;
  const why = s.kind === 'cooling'
    ? `not below ${formatTemp(COOLING.coldBelow)} at the core within 2 h of ${formatTemp(COOLING.hotMin)} (${last})`
    : `not ${formatTemp(REHEATING.hotMin)} or more at the core within 1 h (${last})`;
  end(s, 'failed', s.deadline, why);
  return true;
}

function end(s: CycleState, status: CycleStatus, at: number, reason: string | null): void {
  s.status = status;
  s.endedAt = at;
  s.reason = reason;
}
