// The one arbitration: fire > lockdown > caretaker button > screen or remote command > schedule.
// Pure: per device, the requests of each layer plus the safety state in, the state to apply out.
// Everything here is plain JSON so the daemon persists overrides and the fire latch and finds
// them again after a restart.
export type Layer = 'fire' | 'lockdown' | 'button' | 'command' | 'schedule';
export const LAYERS: readonly Layer[] = ['fire', 'lockdown', 'button', 'command', 'schedule'];

/** Device-level target: doors locked/unlocked, shutters open/closed/stopped or a position, lights on/off. */
export type Target = 'locked' | 'unlocked' | 'open' | 'closed' | 'stopped' | 'on' | 'off' | { position: number };

export interface Request {
  layer: 'button' | 'command' | 'schedule';
  target: Target;
  /** who or what asked: button id, user login, schedule rule id */
  origin: string;
  at: number;
  /** manual overrides end here; null = until replaced */
  expiresAt: number | null;
}

export interface DeviceSafety {
  kind: 'door' | 'shutter' | 'light';
  /** doors: fail-safe escape route, unlocked by fire */
  egress?: boolean;
  /** doors: locked during a lockdown */
  lockdown?: boolean;
  /** shutters: opened by fire */
  fireOpen?: boolean;
  /** lights: switched on by fire */
  fireOn?: boolean;
}

export interface Resolved {
  target: Target | null;
  layer: Layer | null;
  origin: string | null;
  expiresAt: number | null;
}

export function activeRequests(requests: readonly Request[], now: number): Request[] {
  return requests.filter((r) => r.expiresAt === null || r.expiresAt > now);
}

export function resolve(device: DeviceSafety, requests: readonly Request[], safety: { fire: boolean; lockdown: boolean }, now: number): Resolved {
  if (safety.fire) {
    const t = fireTarget(device);
    if (t) return { target: t, layer: 'fire', origin: 'fire', expiresAt: null };
  }
  if (safety.lockdown && device.kind === 'door' && device.lockdown) {
    return { target: 'locked', layer: 'lockdown', origin: 'lockdown', expiresAt: null };
  }
  const live = activeRequests(requests, now);
  for (const layer of ['button', 'command', 'schedule'] as const) {
    // within a layer the latest request wins
    const r = live.filter((x) => x.layer === layer).sort((a, b) => b.at - a.at)[0];
    if (r) return { target: r.target, layer, origin: r.origin, expiresAt: r.expiresAt };
  }
  return { target: null, layer: null, origin: null, expiresAt: null };
}

function fireTarget(d: DeviceSafety): Target | null {
  if (d.kind === 'door') return d.egress ? 'unlocked' : null;
  if (d.kind === 'shutter') return d.fireOpen ? 'open' : null;
  return d.fireOn ? 'on' : null;
}

/** Adds a request, replacing the same layer's earlier one (one request per layer per device). */
export function withRequest(requests: readonly Request[], r: Request): Request[] {
  return [...requests.filter((x) => x.layer !== r.layer), r];
}

/**
 * A fire alarm or lockdown: set by its input (or, for lockdown, an authenticated command),
 * latched until the input has cleared AND a user has reset it.
 */
export interface Latch {
  active: boolean;
  inputActive: boolean;
  since: number | null;
  source: string | null;
  resetBy: string | null;
  resetAt: number | null;
}

export const IDLE_LATCH: Latch = { active: false, inputActive: false, since: null, source: null, resetBy: null, resetAt: null };

export type LatchInput =
  | { type: 'input'; active: boolean; at: number }
  | { type: 'trigger'; by: string; at: number }
  | { type: 'reset'; by: string; at: number };

export function latchStep(l: Latch, input: LatchInput): { latch: Latch; refused?: string } {
  switch (input.type) {
    case 'input':
      if (input.active) return { latch: { ...l, inputActive: true, active: true, since: l.active ? l.since : input.at, source: l.active ? l.source : 'input', resetBy: null, resetAt: null } };
      return { latch: { ...l, inputActive: false } };
    case 'trigger':
      return { latch: { ...l, active: true, since: l.active ? l.since : input.at, source: l.active ? l.source : input.by, resetBy: null, resetAt: null } };
    case 'reset':
      if (!l.active) return { latch: l, refused: 'nothing to reset' };
      if (l.inputActive) return { latch: l, refused: 'the input is still active: reset once it has cleared' };
      return { latch: { ...l, active: false, resetBy: input.by, resetAt: input.at } };
  }
}
