// From a device target to relay levels, and from an action word to a request. Pure.
import type { Target } from './arbitration.js';

/** Door relay: egress (fail-safe) doors are locked while energised, secure (fail-secure) doors unlocked while energised. */
export function doorRelay(mode: 'egress' | 'secure', target: 'locked' | 'unlocked'): boolean {
  return mode === 'egress' ? target === 'locked' : target === 'unlocked';
}

export function lightRelay(target: 'on' | 'off'): boolean {
  return target === 'on';
}

export interface ActionRequest {
  target: Target;
  /** ms the request lasts (momentary unlock, light on for N minutes); null = an override until the default expiry */
  durationMs: number | null;
}

export type DeviceKind = 'door' | 'shutter' | 'light';

/** Parses an action for a device kind ('unlock', 'openFor' + durationS, 'goto' + percent or 'goto:50', 'onFor' + minutes…). */
export function actionRequest(kind: DeviceKind, action: string, opts: { durationS?: number; percent?: number; maxOpenS?: number } = {}): ActionRequest | { error: string } {
  const [verb, arg] = action.split(':');
  const num = arg !== undefined ? Number(arg) : undefined;
  if (kind === 'door') {
    if (verb === 'lock') return { target: 'locked', durationMs: null };
    if (verb === 'unlock') return { target: 'unlocked', durationMs: null };
    if (verb === 'openFor') {
      const s = opts.durationS ?? num ?? 5;
      const max = opts.maxOpenS ?? 600;
      if (!Number.isInteger(s) || s < 1 || s > max) return { error: `durationS must be a whole number of seconds from 1 to ${max}` };
      return { target: 'unlocked', durationMs: s * 1000 };
    }
  } else if (kind === 'shutter') {
    if (verb === 'open' || verb === 'up') return { target: 'open', durationMs: null };
    if (verb === 'close' || verb === 'down') return { target: 'closed', durationMs: null };
    if (verb === 'stop') return { target: 'stopped', durationMs: null };
    if (verb === 'goto') {
      const p = opts.percent ?? num;
      if (p === undefined || !Number.isFinite(p) || p < 0 || p > 100) return { error: 'percent must be a number from 0 to 100' };
      return { target: { position: p }, durationMs: null };
    }
  } else {
    if (verb === 'on') return { target: 'on', durationMs: null };
    if (verb === 'off') return { target: 'off', durationMs: null };
    if (verb === 'onFor') {
      // lights: minutes (durationS accepted too, for the API's uniform body)
      const ms = opts.durationS !== undefined ? opts.durationS * 1000 : num !== undefined ? num * 60_000 : NaN;
      if (!Number.isFinite(ms) || ms < 1000 || ms > 24 * 3600_000) return { error: 'onFor needs a duration from 1 second to 24 hours' };
      return { target: 'on', durationMs: ms };
    }
  }
  return { error: `"${action}" is not an action of a ${kind}` };
}
