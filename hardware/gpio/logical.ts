// Logical on/off over a physical output line. Relay boards are often active-low (a LOW
// input energises the coil), so "on" is not always level 1; this is the only place that
// knows. The line is requested at its first logical state directly, so a relay never
// clicks through the other state while the daemon starts.
import type { GpioBackend, Level, OutputLine } from './types.js';

export type LogicalState = 'on' | 'off';

export interface LogicalOutputOptions {
  /** BCM line number. */
  line: number;
  /** true when a LOW level energises the relay (most relay HATs). */
  activeLow: boolean;
  /** The state the load must be in when Relais is not running (e.g. 'off' = de-energised). */
  safeState: LogicalState;
  /** The state saved before the last stop, if any; otherwise the safe state is used. */
  restored?: LogicalState | null;
  label?: string;
}

/** Physical level that puts a line in `state`. */
export function physicalLevel(state: LogicalState, activeLow: boolean): Level {
  const on = state === 'on';
  return on !== activeLow ? 1 : 0;
}

/** Logical state a physical level means. */
export function logicalState(level: Level, activeLow: boolean): LogicalState {
  return (level === 1) !== activeLow ? 'on' : 'off';
}

export class LogicalOutput {
  readonly line: number;
  readonly activeLow: boolean;
  readonly safeState: LogicalState;
  private readonly out: OutputLine;
  private current: LogicalState;

  constructor(backend: GpioBackend, opts: LogicalOutputOptions) {
    this.line = opts.line;
    this.activeLow = opts.activeLow;
    this.safeState = opts.safeState;
    const initial = opts.restored ?? opts.safeState;
    // The initial level goes into the request itself: no write at a default level first.
    this.out = backend.requestOutput(opts.line, physicalLevel(initial, opts.activeLow), { label: opts.label });
    this.current = initial;
  }

  get state(): LogicalState {
    return this.current;
  }

  /** The physical level currently driven. */
  get level(): Level {
    return this.out.read();
  }

  /** Drives the line to `state`; always writes, so calling it again re-asserts the level. */
  set(state: LogicalState): void {
    this.out.write(physicalLevel(state, this.activeLow));
    this.current = state;
  }

  on(): void {
    this.set('on');
  }

  off(): void {
    this.set('off');
  }

  applySafe(): void {
    this.set(this.safeState);
  }

  release(): void {
    this.out.release();
  }
}
