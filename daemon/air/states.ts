// Live state of a classroom's air, from its latest readings. Pure: the clock is passed in.
//
// Levels (thresholds per room, defaults and sources in config/sections/rooms.ts):
//   CO2     < 800 ppm 'good', 800…1500 'aerate', > 1500 'insufficient' (décret 2022-1689);
//   PM2.5   ≤ 10 µg/m³ 'good', 10…50 'moderate', > 50 'action' (HCSP; meant for averages, so
//           pass a mean over an hour or so rather than one reading if the sensor is noisy);
//   temperature, humidity: 'low' | 'ok' | 'high' against an indicative comfort band.
// Overall = the worst: 'alert' (CO2 insufficient, PM2.5 action), 'warning' (aerate, moderate,
// comfort out of band), else 'good'; 'unknown' when no metric has a fresh reading.
//
// roomStep debounces each level so a room hovering around 800 ppm does not flap: a level goes up
// only when readings have stayed past its threshold for alertAfterMinutes (a first reading and a
// later one at least that long after it, with none in between falling back), and comes down as
// soon as a reading is past the threshold by the hysteresis margin (800 → below 750 ppm). Going up
// needs a reading, never the clock alone, so one spike from a sensor that reports every 10 min is
// not an alert. A metric without a reading for staleAfterMinutes becomes 'unknown'; from
// 'unknown' the first fresh reading sets the level at once (after a restart, say).
import type { AirThresholds } from '../config/sections/rooms.js';

export type AirMetric = 'co2' | 'pm2_5' | 'temperature' | 'humidity';
export const AIR_METRICS: readonly AirMetric[] = ['co2', 'pm2_5', 'temperature', 'humidity'];
export type Co2Level = 'good' | 'aerate' | 'insufficient';
export type Pm25Level = 'good' | 'moderate' | 'action';
export type ComfortLevel = 'low' | 'ok' | 'high';
export type Overall = 'good' | 'warning' | 'alert';
export type Unknown = 'unknown';
export interface Levels {
  co2: Co2Level;
  pm2_5: Pm25Level;
  temperature: ComfortLevel;
  humidity: ComfortLevel;
}

/** How far back past a threshold a reading must go for the level to come down. */
export const HYSTERESIS: Readonly<Record<AirMetric, number>> = { co2: 50, pm2_5: 2, temperature: 0.5, humidity: 3 };
export const DEFAULT_STALE_MINUTES = 30; // three missed 10-minute uplinks

export const DEFAULT_THRESHOLDS: AirThresholds = {
  co2Aerate: 800, co2Insufficient: 1500, pm25Target: 10, pm25Action: 50,
  temperature: { min: 19, max: 26 }, humidity: { min: 30, max: 70 },
};

export function co2Level(ppm: number, t: AirThresholds = DEFAULT_THRESHOLDS): Co2Level {
  return ppm > t.co2Insufficient ? 'insufficient' : ppm >= t.co2Aerate ? 'aerate' : 'good';
}

export function pm25Level(ugm3: number, t: AirThresholds = DEFAULT_THRESHOLDS): Pm25Level {
  return ugm3 > t.pm25Action ? 'action' : ugm3 > t.pm25Target ? 'moderate' : 'good';
}

export function comfortLevel(value: number, band: { min: number; max: number }): ComfortLevel {
  return value < band.min ? 'low' : value > band.max ? 'high' : 'ok';
}

const SEVERITY: Record<string, 0 | 1 | 2> = {
  good: 0, ok: 0, aerate: 1, moderate: 1, low: 1, high: 1, insufficient: 2, action: 2,
};
const OVERALL: readonly Overall[] = ['good', 'warning', 'alert'];

/** The worst of the known levels; 'unknown' when none is known. */
export function overallOf(levels: readonly string[]): Overall | Unknown {
  const known = levels.filter((l) => l !== 'unknown');
  return known.length === 0 ? 'unknown' : OVERALL[Math.max(...known.map((l) => SEVERITY[l] ?? 0))];
}

export type Classification = { [M in AirMetric]: Levels[M] | Unknown } & { overall: Overall | Unknown };

/** Instant classification of the latest values, no hysteresis (a table, a report). */
export function classify(values: Partial<Record<AirMetric, number>>, t: AirThresholds = DEFAULT_THRESHOLDS): Classification {
  const ok = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
  const c = {
    co2: ok(values.co2) ? co2Level(values.co2, t) : 'unknown',
    pm2_5: ok(values.pm2_5) ? pm25Level(values.pm2_5, t) : 'unknown',
    temperature: ok(values.temperature) ? comfortLevel(values.temperature, t.temperature) : 'unknown',
    humidity: ok(values.humidity) ? comfortLevel(values.humidity, t.humidity) : 'unknown',
  } as const;
  return { ...c, overall: overallOf(Object.values(c)) };
}

// --- the debounced state machine -----------------------------------------------------------

/** One threshold crossing: `enter` to go up (after the delay), `stay` to keep it. */
interface Flag {
  name: string;
  enter(v: number): boolean;
  stay(v: number): boolean;
}

function flagsOf(metric: AirMetric, t: AirThresholds): Flag[] {
  const m = HYSTERESIS[metric];
  switch (metric) {
    case 'co2':
      return [
        { name: 'aerate', enter: (v) => v >= t.co2Aerate, stay: (v) => v >= t.co2Aerate - m },
        { name: 'insufficient', enter: (v) => v > t.co2Insufficient, stay: (v) => v > t.co2Insufficient - m },
      ];
    case 'pm2_5':
      return [
        { name: 'moderate', enter: (v) => v > t.pm25Target, stay: (v) => v > t.pm25Target - m },
        { name: 'action', enter: (v) => v > t.pm25Action, stay: (v) => v > t.pm25Action - m },
      ];
    default: {
      const band = t[metric];
      return [
        { name: 'low', enter: (v) => v < band.min, stay: (v) => v < band.min + m },
        { name: 'high', enter: (v) => v > band.max, stay: (v) => v > band.max - m },
      ];
    }
  }
}

/** The level a set of active flags means: the last active flag (flags are in rising order). */
function levelOf(metric: AirMetric, active: Readonly<Record<string, boolean>>): string {
  const flags = metric === 'co2' ? ['aerate', 'insufficient'] : metric === 'pm2_5' ? ['moderate', 'action'] : ['low', 'high'];
  const on = flags.filter((f) => active[f]);
  if (on.length > 0) return on[on.length - 1];
  return metric === 'temperature' || metric === 'humidity' ? 'ok' : 'good';
}

export interface FlagState {
  active: boolean;
  /** Time of the first reading of the current run past `enter`, while not yet active. */
  since: number | null;
}

export interface MetricState<L extends string = string> {
  level: L | Unknown;
  /** Latest reading taken into account (kept when stale, for display). */
  value: number | null;
  t: number | null;
  flags: Record<string, FlagState>;
}

export type RoomAirState = { [M in AirMetric]: MetricState<Levels[M]> } & { overall: Overall | Unknown };

export interface AirInput {
  now: number;
  /** Latest reading per metric; a metric left out keeps its previous reading (a timer tick). */
  readings: Partial<Record<AirMetric, { value: number; t: number }>>;
}

export interface StepConfig {
  thresholds: AirThresholds;
  alertAfterMinutes: number;
  staleAfterMinutes?: number;
}

export type AirEvent =
  | { kind: 'level'; metric: AirMetric; from: string; to: string; at: number; value: number | null }
  | { kind: 'overall'; from: Overall | Unknown; to: Overall | Unknown; at: number };

export interface StepResult {
  state: RoomAirState;
  events: AirEvent[];
  /** When to call roomStep again with no reading (a metric goes stale); null when none is fresh. */
  wakeAt: number | null;
  /** Relays: both follow the debounced CO2 level (aerating fixes CO2, not outdoor PM or heat). */
  outputs: { aerate: boolean; ventilation: boolean };
}

export function initialRoomState(): RoomAirState {
  const blank = (): MetricState<never> => ({ level: 'unknown', value: null, t: null, flags: {} });
  return { co2: blank(), pm2_5: blank(), temperature: blank(), humidity: blank(), overall: 'unknown' };
}

function stepMetric(metric: AirMetric, prev: MetricState, input: AirInput, cfg: StepConfig): MetricState {
  const r = input.readings[metric] ?? (prev.value !== null && prev.t !== null ? { value: prev.value, t: prev.t } : undefined);
  const staleMs = (cfg.staleAfterMinutes ?? DEFAULT_STALE_MINUTES) * 60_000;
  const flags = flagsOf(metric, cfg.thresholds);
  if (!r || !Number.isFinite(r.value) || input.now - r.t > staleMs) {
    return { level: 'unknown', value: r?.value ?? null, t: r?.t ?? null, flags: {} };
  }
  const delay = cfg.alertAfterMinutes * 60_000;
  const next: Record<string, FlagState> = {};
  for (const f of flags) {
    const old = prev.level === 'unknown' ? undefined : prev.flags[f.name];
    if (old === undefined) next[f.name] = { active: f.enter(r.value), since: null }; // from unknown: at once
    else if (old.active) next[f.name] = f.stay(r.value) ? old : { active: false, since: null };
    else if (!f.enter(r.value)) next[f.name] = { active: false, since: null };
    else {
      const since = old.since ?? r.t;
      next[f.name] = r.t - since >= delay ? { active: true, since: null } : { active: false, since };
    }
  }
  const active = Object.fromEntries(Object.entries(next).map(([k, s]) => [k, s.active]));
  return { level: levelOf(metric, active), value: r.value, t: r.t, flags: next };
}

/** Advances a room's state with its latest readings at `input.now`. */
export function roomStep(state: RoomAirState, input: AirInput, cfg: StepConfig): StepResult {
  const events: AirEvent[] = [];
  const out = { ...state } as RoomAirState;
  const staleMs = (cfg.staleAfterMinutes ?? DEFAULT_STALE_MINUTES) * 60_000;
  let wakeAt: number | null = null;
  for (const m of AIR_METRICS) {
    const prev = state[m] as MetricState;
    const next = stepMetric(m, prev, input, cfg);
    (out as Record<AirMetric, MetricState>)[m] = next;
    if (next.level !== prev.level) events.push({ kind: 'level', metric: m, from: prev.level, to: next.level, at: input.now, value: next.value });
    if (next.level !== 'unknown' && next.t !== null) wakeAt = Math.min(wakeAt ?? Infinity, next.t + staleMs + 1);
  }
  out.overall = overallOf(AIR_METRICS.map((m) => out[m].level));
  if (out.overall !== state.overall) events.push({ kind: 'overall', from: state.overall, to: out.overall, at: input.now });
  const co2High = out.co2.level === 'aerate' || out.co2.level === 'insufficient';
  return { state: out, events, wakeAt, outputs: { aerate: co2High, ventilation: co2High } };
}

// --- trend -----------------------------------------------------------------------------------

export type Trend = 'rising' | 'falling' | 'steady';

export interface TrendOptions {
  windowMinutes?: number;
  /** |slope| under this is 'steady': sensor noise (±30 ppm) over the window is not a trend. */
  steadyPpmPerMinute?: number;
  /** The readings used must span at least this long. */
  minSpanMinutes?: number;
}

/**
 * CO2 trend over the last minutes: least-squares slope in ppm/min. A class with the windows
 * shut climbs some 10–40 ppm/min; aerating brings it down faster. null with too little data.
 */
export function co2Trend(
  readings: readonly { t: number; ppm: number }[],
  now: number,
  opts: TrendOptions = {},
): { slope: number; trend: Trend } | null {
  const windowMs = (opts.windowMinutes ?? 20) * 60_000;
  const pts = readings.filter((r) => r.t <= now && r.t >= now - windowMs && Number.isFinite(r.ppm));
  if (pts.length < 2) return null;
  const t0 = Math.min(...pts.map((p) => p.t));
  const span = Math.max(...pts.map((p) => p.t)) - t0;
  if (span < (opts.minSpanMinutes ?? 5) * 60_000) return null;
  const xs = pts.map((p) => (p.t - t0) / 60_000);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = pts.reduce((a, p) => a + p.ppm, 0) / pts.length;
  let num = 0;
  let den = 0;
  pts.forEach((p, i) => {
    num += (xs[i] - mx) * (p.ppm - my);
    den += (xs[i] - mx) ** 2;
  });
  const slope = num / den;
  const steady = opts.steadyPpmPerMinute ?? 3;
  return { slope, trend: slope > steady ? 'rising' : slope < -steady ? 'falling' : 'steady' };
}
