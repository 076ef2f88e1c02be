// Push-button press classifier, pure: physical edges and ticks in, presses out.
// A level counts once it has been stable for debounceMs (contacts bounce for a few ms). A long
// press is reported when the hold crosses longMs, not at release, so the caretaker gets feedback
// while still holding. When the button has a double-press action, a single short press is only
// reported once the double window has passed; otherwise at release, without waiting.
export interface ButtonConfig {
  debounceMs: number;
  longMs: number;
  doubleMs: number;
  /** pressed reads 0 (button to GND with a pull-up) */
  activeLow: boolean;
  hasDouble: boolean;
}

export type PressKind = 'short' | 'long' | 'double';

export interface ButtonState {
  pressed: boolean;
  /** last raw level seen and since when, until it has been stable long enough */
  candidate: { pressed: boolean; since: number } | null;
  pressedAt: number | null;
  longFired: boolean;
  /** release time of a first short press waiting for a second one */
  firstReleaseAt: number | null;
  /** the current press started inside the double window */
  second: boolean;
}

export type ButtonInput = { type: 'edge'; level: 0 | 1; at: number } | { type: 'tick'; at: number };

export interface ButtonStep {
  state: ButtonState;
  events: Array<{ kind: PressKind; at: number }>;
  wakeAt: number | null;
}

export const INITIAL_BUTTON: ButtonState = { pressed: false, candidate: null, pressedAt: null, longFired: false, firstReleaseAt: null, second: false };

export function buttonStep(prev: ButtonState, input: ButtonInput, cfg: ButtonConfig): ButtonStep {
  const s: ButtonState = { ...prev, candidate: prev.candidate ? { ...prev.candidate } : null };
  const events: ButtonStep['events'] = [];
  advance(s, input.at, cfg, events);
  if (input.type === 'edge') {
    const pressed = input.level === (cfg.activeLow ? 0 : 1);
    // a bounce back to the stable level cancels the candidate
    s.candidate = pressed === s.pressed ? null : { pressed, since: input.at };
  }
  return { state: s, events, wakeAt: wakeAt(s, cfg) };
}

/** Applies, in time order, everything due up to `at`: debounced level changes, long presses, double-window ends. */
function advance(s: ButtonState, at: number, cfg: ButtonConfig, events: ButtonStep['events']): void {
  for (;;) {
    const commitAt = s.candidate ? s.candidate.since + cfg.debounceMs : Infinity;
    const longAt = s.pressed && !s.longFired && s.pressedAt !== null ? s.pressedAt + cfg.longMs : Infinity;
    const windowEnd = !s.pressed && s.firstReleaseAt !== null ? s.firstReleaseAt + cfg.doubleMs : Infinity;
    const next = Math.min(commitAt, longAt, windowEnd);
    if (next > at) return;
    if (next === longAt) {
      if (s.second) events.push({ kind: 'short', at: s.firstReleaseAt! }); // the first click stands
      s.longFired = true;
      s.second = false;
      s.firstReleaseAt = null;
      events.push({ kind: 'long', at: next });
    } else if (next === windowEnd) {
      events.push({ kind: 'short', at: next });
      s.firstReleaseAt = null;
    } else {
      const pressed = s.candidate!.pressed;
      s.candidate = null;
      s.pressed = pressed;
      if (pressed) {
        s.pressedAt = next;
        s.longFired = false;
        s.second = s.firstReleaseAt !== null && next < s.firstReleaseAt + cfg.doubleMs;
      } else {
        release(s, next, cfg, events);
      }
    }
  }
}

function release(s: ButtonState, at: number, cfg: ButtonConfig, events: ButtonStep['events']): void {
  const wasLong = s.longFired;
  s.pressedAt = null;
  s.longFired = false;
  if (wasLong) return;
  if (!cfg.hasDouble) {
    events.push({ kind: 'short', at });
    return;
  }
  if (s.second) {
    events.push({ kind: 'double', at });
    s.second = false;
    s.firstReleaseAt = null;
  } else {
    s.firstReleaseAt = at;
  }
}

function wakeAt(s: ButtonState, cfg: ButtonConfig): number | null {
  const times = [
    s.candidate ? s.candidate.since + cfg.debounceMs : Infinity,
    s.pressed && !s.longFired && s.pressedAt !== null ? s.pressedAt + cfg.longMs : Infinity,
    !s.pressed && s.firstReleaseAt !== null ? s.firstReleaseAt + cfg.doubleMs : Infinity,
  ];
  const t = Math.min(...times);
  return Number.isFinite(t) ? t : null;
}
