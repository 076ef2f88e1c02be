// The GPIO interface every backend implements (onoff on sysfs today, libgpiod later).
// Kept deliberately small so a character-device backend fits without touching callers.
// Line numbers are BCM numbers (the ones on the pinout, e.g. 26); the backend adds the
// sysfs base itself. Values are physical levels: active-low relay boards are mapped one
// layer up (logical.ts), so what a test reads here is what the wire does.
import { RelaisError } from '../../common/errors.js';

export type Level = 0 | 1;
export type Edge = 'both' | 'rising' | 'falling' | 'none';
export type BackendName = 'onoff' | 'simulated';

export interface OutputLine {
  readonly line: number;
  /** Drives the physical level. Throws RELAIS_GPIO_LINE_RELEASED after release(). */
  write(v: Level): void;
  /** The level last driven. */
  read(): Level;
  /** Gives the line back; the level stays where it was (see the backend for details). */
  release(): void;
}

export interface InputLine {
  readonly line: number;
  /** The current value (physical, or inverted when requested with activeLow). */
  read(): Level;
  /** Calls cb on each edge the line was requested with; returns the unsubscribe function. */
  watch(cb: (value: Level, atMs: number) => void): () => void;
  release(): void;
}

export interface OutputOptions {
  label?: string;
}

export interface InputOptions {
  /** Which edges fire watch callbacks; default 'both'. */
  edge?: Edge;
  /**
   * Let the backend invert the value (sysfs `active_low`), e.g. a push-button to GND with a
   * pull-up reads 1 when pressed. Edges then refer to the inverted value, as in sysfs.
   */
  activeLow?: boolean;
  label?: string;
}

export interface GpioBackend {
  readonly name: BackendName;
  /** sysfs number of BCM line 0 (0, 512, 571…), null when not on sysfs. */
  readonly base: number | null;
  /** Requests a line as an output already at `initial`: there is no moment at another level. */
  requestOutput(line: number, initial: Level, opts?: OutputOptions): OutputLine;
  requestInput(line: number, opts?: InputOptions): InputLine;
  releaseAll(): Promise<void>;
}

// Highest BCM line we accept: the BCM2711 has 58 lines, RP1 fewer. The real purpose is to
// catch a sysfs number (e.g. 538) or a physical pin passed where a BCM number is expected.
export const MAX_BCM_LINE = 63;

export function assertBcmLine(line: number): void {
  if (!Number.isInteger(line) || line < 0 || line > MAX_BCM_LINE) {
    throw new RelaisError('RELAIS_GPIO_LINE_INVALID', `GPIO line ${String(line)} is not a BCM line number (0-${MAX_BCM_LINE}).`, {
      line,
    });
  }
}

export function lineBusy(line: number, label?: string): RelaisError {
  return new RelaisError('RELAIS_GPIO_LINE_BUSY', `GPIO line ${line} is already requested${label ? ` (${label})` : ''}.`, {
    line,
    label,
  });
}

export function lineReleased(line: number): RelaisError {
  return new RelaisError('RELAIS_GPIO_LINE_RELEASED', `GPIO line ${line} was used after it was released.`, { line });
}

/** Whether a change to `value` is an edge the line asked for. */
export function edgeWanted(edge: Edge, value: Level): boolean {
  return edge === 'both' || (edge === 'rising' && value === 1) || (edge === 'falling' && value === 0);
}
