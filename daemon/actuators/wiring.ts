// Builds the building part of the daemon: GPIO backend, calendar, schedule, devices, inputs.
import type { Logger } from 'pino';
import type { SiteConfig } from '../config/index.js';
import type { SiteStore } from '../store/types.js';
import { selectBackend, type BackendDescription, type GpioBackend } from '../../hardware/gpio/index.js';
import { loadCalendar, type SchoolCalendar } from '../calendar/index.js';
import { Scheduler, type TargetState } from '../schedule/index.js';
import { actionRequest } from './core/devices.js';
import { ActuatorService } from './service.js';
import { BuildingInputs } from './inputs.js';
import type { PressKind } from './core/button.js';

export interface Building {
  service: ActuatorService;
  inputs: BuildingInputs;
  scheduler: Scheduler<NodeJS.Timeout> | null;
  backend: GpioBackend;
  gpio: BackendDescription;
  calendar: SchoolCalendar;
  stop(): Promise<void>;
}

export async function startBuilding(
  cfg: SiteConfig,
  deps: { store: SiteStore; logger: Logger; now: () => number; mono: () => number; clockTrusted: () => boolean; backend?: GpioBackend; onPress?: (id: string, kind: PressKind) => void },
): Promise<Building> {
  const log = deps.logger.child({ part: 'building' });
  const selected = deps.backend
    ? { backend: deps.backend, description: { backend: deps.backend.name, base: deps.backend.base, chip: null, label: null, reason: 'given by the caller' } as BackendDescription }
    : await selectBackend(cfg.gpio.backend, {});
  const backend = selected.backend;
  const b = cfg.building;
  const alsace = cfg.site.zone === 'Alsace-Moselle';
  const calendar = loadCalendar().withOptions({ region: alsace ? 'alsace-moselle' : 'metropole' });
  const zone = alsace ? 'B' : (cfg.site.zone ?? '');
  if (!zone && b.schedules.some((r) => r.schoolDaysOnly || r.holidaysOnly)) {
    throw new Error('site.zone is required when a schedule uses schoolDaysOnly or holidaysOnly (A, B, C, Corse or Alsace-Moselle)');
  }
  const groups = new Map(b.groups.map((g) => [g.id, g.members]));
  let service: ActuatorService | null = null;
  const apply = (states: readonly (TargetState | { target: string; action: string; ruleId: string; held: boolean; reason?: string })[]) => {
    for (const s of states) {
      if (s.held) {
        deps.store.addEvent({ kind: 'schedule.held', message: `${s.target}: ${s.action} (${s.ruleId}) ${s.reason ?? ''}`, data: { ...s }, ts: deps.now() });
        continue;
      }
      const r = service!.command(s.target, { action: s.action }, { layer: 'schedule', origin: s.ruleId });
      if (!r.ok) log.warn({ rule: s.ruleId, target: s.target, error: r.message }, 'scheduled action refused');
    }
  };
  const scheduler = b.schedules.length === 0 ? null : new Scheduler<NodeJS.Timeout>({
    rules: b.schedules,
    tz: cfg.site.timezone,
    zone: zone || 'B',
    calendar: () => calendar,
    now: deps.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h),
    clockTrusted: deps.clockTrusted(),
    holdWhenUntrusted: b.safety.holdWhenUntrusted,
    onChange: (c) => apply(c.targets.map((target) => ({ target, action: c.action, ruleId: c.ruleId, held: c.held, reason: c.reason }))),
    onResync: (states, why) => {
      log.info({ why }, 'schedule resynchronised: applying the current states once');
      apply(states);
    },
    onError: (err, c) => log.error({ err: (err as Error).message, rule: c.ruleId }, 'scheduled change failed'),
  });
  // what the schedule says now, per device (groups expanded), for outputs that power on to it
  const initial = scheduler?.start() ?? [];
  const stateNow = new Map<string, string>();
  for (const s of initial) {
    for (const id of groups.get(s.target) ?? [s.target]) {
      const kind = b.doors.some((d) => d.id === id) ? 'door' : b.lights.some((l) => l.id === id) ? 'light' : 'shutter';
      const r = actionRequest(kind, s.action);
      if (!s.held && !('error' in r) && typeof r.target === 'string' && r.durationMs === null) stateNow.set(id, r.target);
    }
  }
  service = new ActuatorService({ building: b, backend, store: deps.store, logger: log, now: deps.now, mono: deps.mono, scheduleState: (id) => stateNow.get(id) ?? null });
  apply(initial);
  service.start();
  const inputs = new BuildingInputs({ building: b, backend, service, logger: log, mono: deps.mono, now: deps.now, overrideMinutes: b.safety.overrideMinutes, onPress: deps.onPress });
  inputs.start();
  // when NTP synchronises, held unlocks may go ahead: resync once (no replay of what was missed)
  let trusted = deps.clockTrusted();
  const clockWatch = setInterval(() => {
    const now = deps.clockTrusted();
    if (now === trusted || !scheduler) return;
    trusted = now;
    scheduler.clockTrusted = now;
    log.info({ trusted: now }, 'clock trust changed: schedule resynchronised');
    if (now) apply(scheduler.resync(deps.now()));
  }, 30_000);
  clockWatch.unref();
  log.info({ gpio: selected.description, doors: b.doors.length, shutters: b.shutters.length, lights: b.lights.length, buttons: b.buttons.length }, 'building ready');
  return {
    service, inputs, scheduler, backend, gpio: selected.description, calendar,
    async stop() {
      clearInterval(clockWatch);
      scheduler?.stop();
      inputs.stop();
      service!.stop();
      await backend.releaseAll();
    },
  };
}
