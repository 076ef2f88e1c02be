// The building: devices, arbitration, schedules, safety latches. Every change goes through
// evaluate(): resolve the layers, record the actuation, then move the relay.
import type { Logger } from 'pino';
import type { BuildingSettings } from '../config/index.js';
import type { SiteStore } from '../store/types.js';
import type { GpioBackend } from '../../hardware/gpio/index.js';
import { LogicalOutput } from '../../hardware/gpio/index.js';
import { activeRequests, latchStep, resolve, withRequest, type Latch, type LatchInput, type Request } from './core/arbitration.js';
import { actionRequest } from './core/devices.js';
import { Device, targetName, type DeviceCfg, type DeviceView } from './device.js';
import { loadPersisted, savePersisted, type PersistedActuators } from './persist.js';

export interface Actor {
  layer: 'button' | 'command' | 'schedule';
  /** button id, schedule rule id, or the user's login */
  origin: string;
  user?: { id: number | string; login: string; role: string } | null;
}

export interface CommandInput {
  action: string;
  durationS?: number;
  percent?: number;
}

export type CommandResult = { ok: true; devices: DeviceView[] } | { ok: false; status: 400 | 404 | 409; message: string };

export interface ActuatorDeps {
  building: BuildingSettings;
  backend: GpioBackend;
  store: SiteStore;
  logger: Logger;
  now: () => number;
  mono: () => number;
  /** initial state per device from the schedule (powerOn: schedule), if the schedule says one */
  scheduleState: (deviceId: string) => string | null;
}

export class ActuatorService {
  readonly devices = new Map<string, Device>();
  private fire: Latch;
  private lockdown: Latch;
  private timers = new Map<string, NodeJS.Timeout>();
  private readonly groups: Map<string, string[]>;

  constructor(private readonly d: ActuatorDeps) {
    const saved = loadPersisted(d.store);
    this.fire = saved.fire;
    this.lockdown = saved.lockdown;
    this.groups = new Map(d.building.groups.map((g) => [g.id, g.members]));
    const cfgs: DeviceCfg[] = [
      ...d.building.doors.map((c) => ({ ...c, kind: 'door' as const })),
      ...d.building.shutters.map((c) => ({ ...c, kind: 'shutter' as const })),
      ...d.building.lights.map((c) => ({ ...c, kind: 'light' as const })),
    ];
    for (const cfg of cfgs) this.devices.set(cfg.id, this.createDevice(cfg, saved));
    this.persist();
  }

  /** Lines are requested directly at the state the layers say now: no click through another state. */
  private createDevice(cfg: DeviceCfg, saved: PersistedActuators): Device {
    const prev = saved.devices[cfg.id];
    const now = this.d.now();
    const safeState = cfg.kind === 'door' ? (cfg.mode === 'egress' ? 'unlocked' : 'locked') : cfg.kind === 'light' ? 'off' : 'stopped';
    const initial =
      cfg.powerOn === 'restore' && prev ? prev.state
      : cfg.powerOn === 'schedule' ? this.d.scheduleState(cfg.id) ?? prev?.state ?? safeState
      : safeState;
    const device = new Device(cfg, cfg.kind === 'shutter' ? 'stopped' : initial);
    device.requests = activeRequests(prev?.requests ?? [], now).filter((r) => r.layer !== 'schedule');
    const resolved = resolve(device.safety, device.requests, this.safetyNow(), now);
    if (cfg.kind === 'shutter') {
      device.relays = [
        new LogicalOutput(this.d.backend, { line: cfg.upLine, activeLow: cfg.activeLow, safeState: 'off', label: `relais-${cfg.id}-up` }),
        new LogicalOutput(this.d.backend, { line: cfg.downLine, activeLow: cfg.activeLow, safeState: 'off', label: `relais-${cfg.id}-down` }),
      ];
      device.initShutter(prev?.position ?? null, this.d.mono());
    } else {
      const state = resolved.target && typeof resolved.target === 'string' ? resolved.target : initial;
      device.state = state;
      device.applied = resolved;
      const on = device.relayFor(state);
      device.relays = [new LogicalOutput(this.d.backend, { line: cfg.line, activeLow: cfg.activeLow, safeState: 'off', restored: on ? 'on' : 'off', label: `relais-${cfg.id}` })];
    }
    return device;
  }

  /** After start: apply what the layers say to shutters (motors never start by themselves at boot without a request). */
  start(): void {
    for (const d of this.devices.values()) this.evaluate(d, 'start');
  }

  private safetyNow(): { fire: boolean; lockdown: boolean } {
    return { fire: this.fire.active, lockdown: this.lockdown.active };
  }

  /** Devices a target id names: a device, or a group's members. */
  expand(targetId: string): Device[] | null {
    const d = this.devices.get(targetId);
    if (d) return [d];
    const members = this.groups.get(targetId);
    return members ? members.map((m) => this.devices.get(m)!).filter(Boolean) : null;
  }

  command(targetId: string, input: CommandInput, actor: Actor, overrideMinutes?: number): CommandResult {
    const devices = this.expand(targetId);
    if (!devices) return { ok: false, status: 404, message: `no door, shutter, light or group "${targetId}"` };
    const now = this.d.now();
    const parsed = devices.map((d) => ({ d, r: actionRequest(d.cfg.kind, input.action, { ...input, maxOpenS: d.cfg.kind === 'door' ? d.cfg.maxOpenS : undefined }) }));
    const bad = parsed.find((p) => 'error' in p.r);
    if (bad && 'error' in bad.r) return { ok: false, status: 400, message: `${bad.d.id}: ${bad.r.error}` };
    for (const { d, r } of parsed) {
      if ('error' in r) continue;
      // a manual override holds for its duration, or overrideMinutes, or until the next scheduled change
      const expiresAt = r.durationMs !== null ? now + r.durationMs : actor.layer !== 'schedule' && overrideMinutes ? now + overrideMinutes * 60_000 : null;
      d.requests = withRequest(d.requests, { layer: actor.layer, target: r.target, origin: actor.origin, at: now, expiresAt });
      if (actor.layer === 'schedule') {
        // the scheduled change ends manual overrides that had no end of their own
        d.requests = d.requests.filter((q) => q.layer === 'schedule' || q.expiresAt !== null);
      }
      this.evaluate(d, actor.layer, actor);
    }
    return { ok: true, devices: devices.map((d) => d.view(this.d.mono())) };
  }

  scene(sceneId: string, actor: Actor, overrideMinutes?: number): CommandResult {
    const scene = this.d.building.scenes.find((s) => s.id === sceneId);
    if (!scene) return { ok: false, status: 404, message: `no scene "${sceneId}"` };
    const out: DeviceView[] = [];
    for (const step of scene.steps) {
      const r = this.command(step.target, { action: step.action, durationS: step.durationS, percent: step.percent }, actor, overrideMinutes);
      if (!r.ok) return r;
      out.push(...r.devices);
    }
    return { ok: true, devices: out };
  }

  /** Fire or lockdown input, trigger or reset. */
  safetyInput(which: 'fire' | 'lockdown', input: LatchInput, user?: Actor['user']): { ok: boolean; refused?: string } {
    const before = this[which];
    const { latch, refused } = latchStep(before, input);
    if (refused) return { ok: false, refused };
    if (latch.active !== before.active || latch.inputActive !== before.inputActive) {
      const by = input.type === 'input' ? 'input' : input.by;
      this.d.store.addEvent({
        kind: `safety.${which}`,
        message: `${which === 'fire' ? 'Alarme incendie' : 'Confinement (PPMS)'}: ${latch.active ? 'active' : 'levée'} (${input.type}, ${by})`,
        data: { which, active: latch.active, inputActive: latch.inputActive, input: input.type, by, user: user ?? null },
        ts: this.d.now(),
      });
      this[which] = latch;
      if (latch.active !== before.active) for (const d of this.devices.values()) this.evaluate(d, which);
      this.persist();
    }
    return { ok: true };
  }

  safety(): { fire: Latch; lockdown: Latch } {
    return { fire: this.fire, lockdown: this.lockdown };
  }

  /** Resolves the layers for one device and applies the result if it changed. */
  evaluate(d: Device, cause: string, actor?: Actor): void {
    const now = this.d.now();
    d.requests = activeRequests(d.requests, now);
    const r = resolve(d.safety, d.requests, this.safetyNow(), now);
    const target = r.target;
    const from = d.state;
    let to = from;
    if (target !== null) to = typeof target === 'string' ? target : targetName(target);
    // a shutter asked again (open while open) runs again: it may have been stopped by hand since
    const changed = to !== from || (d.cfg.kind === 'shutter' && actor !== undefined && r.layer === actor.layer);
    d.applied = r;
    if (changed && target !== null) {
      // recorded before the relay moves
      this.d.store.addEvent({
        kind: `actuation.${d.cfg.kind}`,
        message: `${d.cfg.name}: ${from} → ${to} (${r.layer}: ${r.origin})`,
        data: { device: d.id, from, to, layer: r.layer, origin: r.origin, cause, user: actor?.user ?? null },
        ts: now,
      });
      d.state = to;
      if (d.cfg.kind === 'shutter') this.driveShutter(d, target);
      else d.relays[0].set(d.relayFor(to) ? 'on' : 'off');
    }
    this.armExpiry(d);
    this.persist();
  }

  private driveShutter(d: Device, target: NonNullable<Request['target']>): void {
    const mono = this.d.mono();
    const input =
      target === 'open' ? { type: 'command' as const, cmd: 'up' as const, at: mono }
      : target === 'closed' ? { type: 'command' as const, cmd: 'down' as const, at: mono }
      : target === 'stopped' ? { type: 'command' as const, cmd: 'stop' as const, at: mono }
      : { type: 'command' as const, cmd: 'goto' as const, percent: typeof target === 'object' ? target.position : 0, at: mono };
    this.scheduleShutter(d, d.stepShutter(input));
  }

  private scheduleShutter(d: Device, wakeAt: number | null): void {
    const key = `shutter:${d.id}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (wakeAt === null) return this.persist();
    const t = setTimeout(() => {
      this.scheduleShutter(d, d.stepShutter({ type: 'tick', at: this.d.mono() }));
    }, Math.max(0, wakeAt - this.d.mono()));
    this.timers.set(key, t);
  }

  private armExpiry(d: Device): void {
    const key = `expiry:${d.id}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const next = Math.min(...d.requests.map((r) => r.expiresAt ?? Infinity));
    if (!Number.isFinite(next)) return;
    const t = setTimeout(() => this.evaluate(d, 'expiry'), Math.min(Math.max(0, next - this.d.now()), 2 ** 31 - 1));
    this.timers.set(key, t);
  }

  private persist(): void {
    const devices: PersistedActuators['devices'] = {};
    for (const d of this.devices.values()) {
      devices[d.id] = { requests: d.requests.filter((r) => r.layer !== 'schedule'), state: d.state, position: d.shutter?.position ?? null };
    }
    savePersisted(this.d.store, { devices, fire: this.fire, lockdown: this.lockdown });
  }

  list(): DeviceView[] {
    return [...this.devices.values()].map((d) => d.view(this.d.mono()));
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    // a shutter motor must not keep running: stop it (both relays off) before releasing
    for (const d of this.devices.values()) if (d.cfg.kind === 'shutter') for (const r of d.relays) r.set('off');
    this.persist();
  }
}
