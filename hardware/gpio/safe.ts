// `relais gpio safe`, run by systemd in ExecStopPost= after the daemon stops for any reason:
// sysfs lines keep their last level when a process dies, so a crash could leave a door
// locked or a shutter motor running. This puts every output at its safe level.
import { RelaisError } from '../../common/errors.js';
import { physicalLevel, type LogicalState } from './logical.js';
import type { GpioBackend, Level } from './types.js';

export interface SafeOutput {
  line: number;
  activeLow: boolean;
  safeState: LogicalState;
  label?: string;
}

export interface SafeResult {
  line: number;
  level: Level;
  ok: boolean;
  error?: string;
  code?: string;
}

/**
 * Requests each output at its safe physical level and releases it. Keeps going when one
 * line fails, so one bad line never keeps the others unsafe; the caller exits non-zero
 * when any result is not ok.
 */
export async function applySafeStates(backend: GpioBackend, outputs: readonly SafeOutput[]): Promise<SafeResult[]> {
  const results: SafeResult[] = [];
  for (const o of outputs) {
    const level = physicalLevel(o.safeState, o.activeLow);
    try {
      const line = backend.requestOutput(o.line, level, { label: o.label ?? 'relais-safe' });
      line.release(); // the level stays: see the backend's release()
      results.push({ line: o.line, level, ok: true });
    } catch (err) {
      const e = err as Error;
      results.push({ line: o.line, level, ok: false, error: e.message, code: err instanceof RelaisError ? err.code : undefined });
    }
  }
  return results;
}
