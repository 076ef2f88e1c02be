// One device at run time: its requests, what was applied, its relays. Applying a state writes the
// audit record to the store first, then moves the relay (DESIGN: an actuation is recorded before
// the relay moves).
import type { DoorConfig, LightConfig, ShutterConfig as ShutterCfg } from '../config/index.js';
import type { LogicalOutput } from '../../hardware/gpio/index.js';
import type { DeviceSafety, Request, Resolved, Target } from './core/arbitration.js';
import { doorRelay } from './core/devices.js';
import { initialShutter, positionAt, shutterConfig, shutterStep, type ShutterConfig, type ShutterState } from './core/shutter.js';

export type DeviceCfg = ({ kind: 'door' } & DoorConfig) | ({ kind: 'shutter' } & ShutterCfg) | ({ kind: 'light' } & LightConfig);

export interface AuditEntry {
  device: string;
  kind: string;
  from: string;
  to: string;
  layer: string | null;
  origin: string | null;
  user?: { id: number | string; login: string; role: string } | null;
}

export interface DeviceView {
  id: string;
  name: string;
  kind: 'door' | 'shutter' | 'light';
  state: string;
  position?: number | null;
  moving?: 'up' | 'down' | null;
  layer: string | null;
  origin: string | null;
  overrideExpiresAt: string | null;
  relays: Record<string, boolean>;
}

export class Device {
  requests: Request[] = [];
  applied: Resolved = { target: null, layer: null, origin: null, expiresAt: null };
  /** door: locked/unlocked; light: on/off; shutter: the last target given to the motor */
  state: string;
  shutter: ShutterState | null = null;
  readonly shutterCfg: ShutterConfig | null = null;
  readonly safety: DeviceSafety;

  constructor(
    readonly cfg: DeviceCfg,
    initialState: string,
    /** door/light: [relay]; shutter: [up, down] */
    public relays: LogicalOutput[] = [],
  ) {
    this.state = initialState;
    if (cfg.kind === 'shutter') this.shutterCfg = shutterConfig(cfg);
    this.safety =
      cfg.kind === 'door' ? { kind: 'door', egress: cfg.mode === 'egress', lockdown: cfg.lockdown }
      : cfg.kind === 'shutter' ? { kind: 'shutter', fireOpen: cfg.fireOpen }
      : { kind: 'light', fireOn: cfg.fireOn };
  }

  get id(): string {
    return this.cfg.id;
  }

  /** Relay levels (energised?) for a door or light state. */
  relayFor(state: string): boolean {
    if (this.cfg.kind === 'door') return doorRelay(this.cfg.mode, state as 'locked' | 'unlocked');
    return state === 'on';
  }

  initShutter(position: number | null, mono: number): void {
    this.shutter = initialShutter(position, mono);
  }

  /** Runs the shutter machine; returns the next wake-up (monotonic ms). */
  stepShutter(input: Parameters<typeof shutterStep>[1]): number | null {
    const r = shutterStep(this.shutter!, input, this.shutterCfg!);
    this.shutter = r.state;
    // never both: the down relay goes off before the up relay goes on, and the other way round
    const [up, down] = this.relays;
    if (!r.relays.up) up.set('off');
    if (!r.relays.down) down.set('off');
    if (r.relays.up) up.set('on');
    if (r.relays.down) down.set('on');
    return r.wakeAt;
  }

  view(mono: number): DeviceView {
    const relays: Record<string, boolean> = {};
    if (this.cfg.kind === 'shutter') {
      relays.up = this.relays[0]?.state === 'on';
      relays.down = this.relays[1]?.state === 'on';
    } else relays.relay = this.relays[0]?.state === 'on';
    const base = {
      id: this.cfg.id, name: this.cfg.name, kind: this.cfg.kind, state: this.state,
      layer: this.applied.layer, origin: this.applied.origin,
      overrideExpiresAt: this.applied.expiresAt ? new Date(this.applied.expiresAt).toISOString() : null,
      relays,
    };
    if (this.cfg.kind !== 'shutter' || !this.shutter) return base;
    const p = positionAt(this.shutter, mono, this.shutterCfg!);
    return { ...base, position: p === null ? null : Math.round(p), moving: this.shutter.moving };
  }
}

export function targetName(t: Target | null): string {
  if (t === null) return 'none';
  return typeof t === 'string' ? t : `position ${t.position} %`;
}
