// Roller shutter with two relays (up, down), pure: commands and ticks in, relay outputs out.
// Invariants (checked by property tests): up and down are never on together; before the motor
// reverses, both relays stay off for at least reversePauseMs; a run never lasts longer than
// maxRunMs. The position (0 % closed … 100 % open) is estimated from the travel times; a shutter
// of unknown position first runs to the end nearest its target, which calibrates it.
export interface ShutterConfig {
  travelUpMs: number;
  travelDownMs: number;
  reversePauseMs: number;
  maxRunMs: number;
}

type Dir = 'up' | 'down';

export interface ShutterState {
  moving: Dir | null;
  /** position at `since` (start of the current run), or now when idle; null = unknown */
  position: number | null;
  since: number;
  /** where the current run stops (0 and 100 run to the end stop) */
  target: number | null;
  /** a run waiting for the reversal pause to end */
  queued: { dir: Dir; target: number } | null;
  /** then go here (after a calibration run) */
  then: number | null;
  lastDir: Dir | null;
  lastStopAt: number;
}

export type ShutterCommand = 'up' | 'down' | 'stop' | 'goto';
export type ShutterInput = { type: 'command'; cmd: ShutterCommand; percent?: number; at: number } | { type: 'tick'; at: number };

export interface ShutterStep {
  state: ShutterState;
  relays: { up: boolean; down: boolean };
  wakeAt: number | null;
}

/** Past the computed travel to an end, keep driving a little so the shutter really reaches its stop. */
const END_MARGIN = 0.05;

export function initialShutter(position: number | null, at: number): ShutterState {
  return { moving: null, position, since: at, target: null, queued: null, then: null, lastDir: null, lastStopAt: -Infinity };
}

export function shutterConfig(c: { travelUpS: number; travelDownS: number; reversePauseMs: number; maxRunS?: number }): ShutterConfig {
  const travelUpMs = c.travelUpS * 1000;
  const travelDownMs = c.travelDownS * 1000;
  return {
    travelUpMs,
    travelDownMs,
    reversePauseMs: Math.max(500, c.reversePauseMs),
    maxRunMs: c.maxRunS !== undefined ? c.maxRunS * 1000 : Math.max(travelUpMs, travelDownMs) * 1.2,
  };
}

/** Estimated position at `at` (null while unknown). */
export function positionAt(s: ShutterState, at: number, cfg: ShutterConfig): number | null {
  if (s.position === null || s.moving === null) return s.position;
  const elapsed = Math.max(0, at - s.since);
  const delta = (elapsed / (s.moving === 'up' ? cfg.travelUpMs : cfg.travelDownMs)) * 100;
  return clamp(s.moving === 'up' ? s.position + delta : s.position - delta);
}

export function shutterStep(prev: ShutterState, input: ShutterInput, cfg: ShutterConfig): ShutterStep {
  let s: ShutterState = { ...prev, queued: prev.queued ? { ...prev.queued } : null };
  s = settle(s, input.at, cfg);
  if (input.type === 'command') s = command(s, input, cfg);
  s = settle(s, input.at, cfg);
  return { state: s, relays: { up: s.moving === 'up', down: s.moving === 'down' }, wakeAt: wake(s, cfg) };
}

function command(s: ShutterState, c: Extract<ShutterInput, { type: 'command' }>, cfg: ShutterConfig): ShutterState {
  const at = c.at;
  if (c.cmd === 'stop') return { ...stop(s, at, cfg), queued: null, then: null };
  let target = c.cmd === 'up' ? 100 : c.cmd === 'down' ? 0 : clamp(c.percent ?? 0);
  let then: number | null = null;
  const pos = positionAt(s, at, cfg);
  if (pos === null && target !== 0 && target !== 100) {
    // unknown position: calibrate against the nearer end stop, then go to the target
    then = target;
    target = target >= 50 ? 100 : 0;
  }
  const dir: Dir | null = pos === null ? (target === 100 ? 'up' : 'down') : target > pos ? 'up' : target < pos ? 'down' : null;
  if (dir === null) return { ...stop(s, at, cfg), queued: null, then: null };
  if (s.moving === dir) return { ...s, target, then };
  const stopped = s.moving ? stop(s, at, cfg) : s;
  return { ...stopped, queued: { dir, target }, then };
}

function stop(s: ShutterState, at: number, cfg: ShutterConfig): ShutterState {
  if (!s.moving) return s;
  return { ...s, position: positionAt(s, at, cfg), moving: null, since: at, target: null, lastDir: s.moving, lastStopAt: at };
}

/** Ends runs that reached their target or the maximum run time, and starts a queued run once allowed. */
function settle(s: ShutterState, at: number, cfg: ShutterConfig): ShutterState {
  for (let guard = 0; guard < 4; guard++) {
    if (s.moving) {
      const end = runEnd(s, cfg);
      if (at < end.at) return s;
      // the relay goes off now (at), whatever the estimate says: the reversal pause counts from here
      const stopped = { ...s, position: end.position, moving: null, since: at, target: null, lastDir: s.moving, lastStopAt: at };
      // after a calibration run, go on to the real target (no reversal pause needed when it is the same way)
      s = stopped.then !== null ? { ...stopped, queued: { dir: stopped.then > (end.position ?? 0) ? 'up' : 'down', target: stopped.then }, then: null } : stopped;
      continue;
    }
    if (!s.queued) return s;
    const startAt = startTime(s, cfg);
    if (at < startAt) return s;
    const pos = s.position;
    s = { ...s, moving: s.queued.dir, since: at, target: s.queued.target, queued: null, position: pos };
  }
  return s;
}

function startTime(s: ShutterState, cfg: ShutterConfig): number {
  const reversing = s.lastDir !== null && s.lastDir !== s.queued!.dir;
  return reversing ? s.lastStopAt + cfg.reversePauseMs : s.lastStopAt;
}

/** When and where the current run ends: target reached (with a margin at the end stops) or max run time. */
function runEnd(s: ShutterState, cfg: ShutterConfig): { at: number; position: number | null } {
  const travel = s.moving === 'up' ? cfg.travelUpMs : cfg.travelDownMs;
  const endStop = s.moving === 'up' ? 100 : 0;
  const maxAt = s.since + cfg.maxRunMs;
  if (s.position === null || s.target === null) return { at: maxAt, position: endStop };
  const distance = Math.abs((s.target ?? endStop) - s.position);
  const toEnd = s.target === endStop;
  const runMs = (distance / 100) * travel + (toEnd ? END_MARGIN * travel : 0);
  const at = Math.min(s.since + runMs, maxAt);
  // stopped by the maximum run time: the motor's limit switch has ended it at the end stop
  return { at, position: at === maxAt && s.since + runMs > maxAt ? endStop : s.target };
}

function wake(s: ShutterState, cfg: ShutterConfig): number | null {
  if (s.moving) return runEnd(s, cfg).at;
  if (s.queued) return startTime(s, cfg);
  return null;
}

function clamp(p: number): number {
  return Math.min(100, Math.max(0, p));
}
