// The schedule's driver: one timer armed for the next change, fired, re-armed. Clock and timers
// are injected (tests use fake ones; the daemon passes Date.now and setTimeout).
//
// Never a replay: when the wall clock jumps (a Pi without RTC boots with fake-hwclock's old time,
// then NTP sets it; or the process was stopped), missed changes are not fired one by one.
// resync(now) returns what the schedule says each target should be now, for the caller to apply
// once. The driver resyncs by itself when it wakes far later than planned, or finds the clock
// went backwards.
//
// While the clock is not trusted, changes whose action is in holdWhenUntrusted (default unlock,
// open: nothing should open a school on a guessed time) are reported held, not to be applied.
import { nextChanges, statesAt, type Change, type DeviceState, type ScheduleCalendar } from './engine.js';
import { compileRules, type ScheduleRule } from './rules.js';
import { assertTimeZone } from '../calendar/zoned.js';

export interface FiredChange extends Change {
  held: boolean;
  /** Why it is held, for the log and the screen. */
  reason?: string;
}

export interface TargetState extends DeviceState {
  target: string;
  held: boolean;
  reason?: string;
}

export interface SchedulerOptions<H = unknown> {
  rules: readonly ScheduleRule[];
  tz: string;
  zone: string;
  /** A getter, so a calendar reloaded after an update is used from the next computation on. */
  calendar: () => ScheduleCalendar;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => H;
  clearTimer: (handle: H) => void;
  onChange: (change: FiredChange) => void;
  /** A throwing onChange is reported here (the other changes are still delivered); without it
   *  the first error is rethrown once all are delivered. */
  onError?: (err: unknown, change: FiredChange) => void;
  /** Called when the driver resyncs by itself; apply each state once. */
  onResync?: (states: TargetState[], why: string) => void;
  clockTrusted?: boolean;
  /** Actions held while the clock is untrusted: exact ('unlock') or verb ('goto' holds 'goto:50'). */
  holdWhenUntrusted?: readonly string[];
  /** Later than this after its time, a change counts as missed (clock jump): resync, no replay. */
  lateToleranceMs?: number;
  /** Longest single timer: wakes regularly so a clock step or a calendar update is noticed. */
  maxTimerMs?: number;
  horizonDays?: number;
}

export const DEFAULT_HOLD_WHEN_UNTRUSTED: readonly string[] = ['unlock', 'open'];

export class Scheduler<H = unknown> {
  private timer: { handle: H } | null = null;
  private pending: Change[] | null = null;
  /** Changes at or before this instant are done: never fired again. */
  private cursor = 0;
  private trusted: boolean;
  private readonly hold: ReadonlySet<string>;
  private readonly targets: string[];
  private readonly late: number;
  private readonly maxTimer: number;

  constructor(private readonly o: SchedulerOptions<H>) {
    assertTimeZone(o.tz);
    compileRules(o.rules); // a bad rule fails here, at start, not at 7 am
    this.trusted = o.clockTrusted ?? true;
    this.hold = new Set(o.holdWhenUntrusted ?? DEFAULT_HOLD_WHEN_UNTRUSTED);
    this.targets = [...new Set(o.rules.flatMap((r) => r.targets))];
    this.late = o.lateToleranceMs ?? 120_000;
    this.maxTimer = Math.min(o.maxTimerMs ?? 3_600_000, 2 ** 31 - 1);
  }

  get clockTrusted(): boolean {
    return this.trusted;
  }

  /** After NTP synchronises the clock usually jumps too: call resync(now) as well. */
  set clockTrusted(value: boolean) {
    this.trusted = value;
  }

  /** The changes the armed timer waits for (health, the site screen). */
  get next(): readonly Change[] | null {
    return this.pending;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Arms from now and returns the current states, for the caller to apply once at start. */
  start(): TargetState[] {
    return this.resync(this.o.now());
  }

  stop(): void {
    if (this.timer) this.o.clearTimer(this.timer.handle);
    this.timer = null;
    this.pending = null;
  }

  /**
   * After a clock jump or an outage: the state each target should be in at `now` (targets with
   * no change in the last 14 days are left out), and the timer re-armed from `now`. Nothing
   * between the old time and `now` is fired.
   */
  resync(now: number = this.o.now()): TargetState[] {
    const states = statesAt(this.o.rules, now, this.o.tz, this.o.calendar(), this.o.zone);
    this.cursor = now;
    this.arm();
    return this.targets.flatMap((target) => {
      const s = states.get(target);
      return s ? [{ target, ...s, ...this.holdFor(s.action) }] : [];
    });
  }

  private holdFor(action: string): { held: boolean; reason?: string } {
    if (this.trusted) return { held: false };
    const verb = action.split(':')[0];
    if (!this.hold.has(action) && !this.hold.has(verb)) return { held: false };
    return { held: true, reason: `clock not trusted: "${action}" held until the time is synchronised (NTP or RTC)` };
  }

  private arm(): void {
    if (this.timer) this.o.clearTimer(this.timer.handle);
    const cal = this.o.calendar();
    this.pending = nextChanges(this.o.rules, this.cursor, this.o.tz, cal, this.o.zone, { horizonDays: this.o.horizonDays });
    const wait = this.pending ? this.pending[0].at - this.o.now() : this.maxTimer;
    this.timer = { handle: this.o.setTimer(() => this.wake(), Math.max(0, Math.min(wait, this.maxTimer))) };
  }

  private wake(): void {
    this.timer = null;
    const now = this.o.now();
    if (now < this.cursor - this.late) return this.selfResync(now, 'the clock went backwards');
    const due = this.pending;
    if (!due || now < due[0].at) return this.arm(); // early: the timer cap, or a small clock step
    if (now - due[0].at > this.late) return this.selfResync(now, 'changes were missed (clock jump or pause)');
    this.cursor = due[0].at;
    // Re-armed before the callbacks, so a throwing callback cannot stop the schedule.
    this.arm();
    let failure: { err: unknown } | null = null;
    for (const change of due) {
      const fired = { ...change, ...this.holdFor(change.action) };
      try {
        this.o.onChange(fired);
      } catch (err) {
        if (this.o.onError) this.o.onError(err, fired);
        else failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }

  private selfResync(now: number, why: string): void {
    const states = this.resync(now);
    this.o.onResync?.(states, why);
  }
}
