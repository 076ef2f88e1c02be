// The building's inputs: caretakers' push-buttons (debounced, short/long/double) and the fire
// and lockdown dry contacts. Times come from the GPIO edge (monotonic ms).
import type { Logger } from 'pino';
import type { ButtonConfig as ButtonCfg, BuildingSettings, PressConfig } from '../config/index.js';
import type { GpioBackend, InputLine } from '../../hardware/gpio/index.js';
import { buttonStep, INITIAL_BUTTON, type ButtonState, type PressKind } from './core/button.js';
import type { ActuatorService } from './service.js';

export interface InputsDeps {
  building: BuildingSettings;
  backend: GpioBackend;
  service: ActuatorService;
  logger: Logger;
  mono: () => number;
  now: () => number;
  overrideMinutes?: number;
  /** called after each press is handled (the latency benchmark) */
  onPress?: (buttonId: string, kind: PressKind) => void;
}

export class BuildingInputs {
  private lines: InputLine[] = [];
  private unwatch: Array<() => void> = [];
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly d: InputsDeps) {}

  start(): void {
    for (const b of this.d.building.buttons) this.watchButton(b);
    const s = this.d.building.safety;
    if (s.fireInput) this.watchSafety('fire', s.fireInput);
    if (s.lockdownInput) this.watchSafety('lockdown', s.lockdownInput);
  }

  private watchButton(b: ButtonCfg): void {
    const cfg = { debounceMs: b.debounceMs, longMs: b.longMs, doubleMs: b.doubleMs, activeLow: b.activeLow, hasDouble: b.double !== undefined };
    let state: ButtonState = INITIAL_BUTTON;
    const step = (input: Parameters<typeof buttonStep>[1]) => {
      const r = buttonStep(state, input, cfg);
      state = r.state;
      for (const e of r.events) this.press(b, e.kind);
      clearTimeout(this.timers.get(b.id));
      if (r.wakeAt !== null) this.timers.set(b.id, setTimeout(() => step({ type: 'tick', at: this.d.mono() }), Math.max(0, r.wakeAt - this.d.mono())));
    };
    const line = this.d.backend.requestInput(b.line, { edge: 'both', label: `relais-${b.id}` });
    this.lines.push(line);
    this.unwatch.push(line.watch((level, at) => step({ type: 'edge', level, at })));
  }

  private press(b: ButtonCfg, kind: PressKind): void {
    const p: PressConfig | undefined = b[kind];
    if (!p) return;
    const actor = { layer: 'button' as const, origin: b.id };
    const r = p.scene !== undefined
      ? this.d.service.scene(p.scene, actor, this.d.overrideMinutes)
      : this.d.service.command(p.target!, { action: p.action!, durationS: p.durationS, percent: p.percent }, actor, this.d.overrideMinutes);
    if (!r.ok) this.d.logger.warn({ button: b.id, kind, error: r.message }, 'button action refused');
    this.d.onPress?.(b.id, kind);
  }

  private watchSafety(which: 'fire' | 'lockdown', input: { line: number; activeLow: boolean }): void {
    const line = this.d.backend.requestInput(input.line, { edge: 'both', label: `relais-${which}` });
    this.lines.push(line);
    const apply = (level: 0 | 1) => {
      const active = level === (input.activeLow ? 0 : 1);
      this.d.service.safetyInput(which, { type: 'input', active, at: this.d.now() });
    };
    apply(line.read()); // the contact may already be closed when the daemon starts
    this.unwatch.push(line.watch((level) => apply(level)));
  }

  stop(): void {
    for (const u of this.unwatch) u();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const l of this.lines) l.release();
    this.lines = [];
    this.unwatch = [];
  }
}
