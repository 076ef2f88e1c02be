// ICONE, the confinement index of a classroom (CSTB, used by the French indoor-air rules: décret
// 2012-14 as amended by décret 2022-1689 and the arrêtés of 27 December 2022; CSTB "Protocole de
// mesure en continu du CO2 (indice de confinement ICONE)", SC-QEI-2022-230, March 2023):
//
//   ICONE = (2.5 / log10 2) × log10(1 + f1 + 3·f2)       (2.5 / log10 2 = 8.3048…, written "8.3")
//
// over the CO2 values of occupied periods only, where f1 is the share of values in
// (1000, 1700] ppm and f2 the share above 1700 ppm. The CSTB wording puts exactly 1000 ppm in
// class 0 ("≤ 1000 ppm"), where DESIGN.md writes [1000, 1700]; only an exact 1000 differs. The raw value
// is rounded to the nearest integer, halves up (< 0.5 → 0, [0.5, 1.5) → 1, …, ≥ 4.5 → 5), on the
// 0–5 scale "nul, faible, moyen, élevé, très élevé, extrême". The exact coefficient makes
// "all values above 1700 ppm" exactly 5; with 8.3 it is 4.997, which rounds to 5 as well.
//
// Values: décret 2012-14 art. 8 asks instruments for one point every ten minutes. Relais sensors
// report at any rate (1 to 15 min), so readings are first turned into 10-minute means: a reading
// stands for the time until the next one (at most `holdMs`), slots are laid from the start of
// each occupied period, and a slot's mean is time-weighted. Each slot is a value weighted by the
// time it has data, so a half-covered slot counts half. Only readings taken inside occupied
// periods count: one at 08:25 does not stand for 08:30. Several sensors in one room are pooled.
import type { IsoDate } from '../calendar/civil.js';
import { localDate } from '../calendar/zoned.js';
import {
  isoWeekBounds, isoWeekMonday, isoWeeksBetween, occupiedIntervals, totalMs,
  type Interval, type OccupancyContext, type RoomTimetable,
} from './occupancy.js';

export { occupiedAt } from './occupancy.js';

export const ICONE_COEFFICIENT = 2.5 / Math.log10(2);
/** Class bounds in ppm: class 0 ≤ 1000 < class 1 ≤ 1700 < class 2. */
export const ICONE_LOW_PPM = 1000;
export const ICONE_HIGH_PPM = 1700;
export const SLOT_MS = 10 * 60_000;
/** A reading stands for at most 15 min: a 10-minute sensor that misses one uplink leaves a gap. */
export const DEFAULT_HOLD_MS = 15 * 60_000;

export type IconeIndex = 0 | 1 | 2 | 3 | 4 | 5;

export const ICONE_LABELS: Readonly<Record<'fr' | 'en', readonly string[]>> = {
  fr: ['confinement nul', 'confinement faible', 'confinement moyen', 'confinement élevé', 'confinement très élevé', 'confinement extrême'],
  en: ['no confinement', 'low confinement', 'medium confinement', 'high confinement', 'very high confinement', 'extreme confinement'],
};

/** 0, 1 or 2: the ICONE class of one CO2 value. */
export function iconeClass(ppm: number): 0 | 1 | 2 {
  return ppm <= ICONE_LOW_PPM ? 0 : ppm <= ICONE_HIGH_PPM ? 1 : 2;
}

/** The unrounded index, 0…5. Shares must be in [0, 1] and add up to at most 1. */
export function iconeRaw(f1: number, f2: number): number {
  if (!(f1 >= 0 && f2 >= 0 && f1 + f2 <= 1 + 1e-9)) {
    throw new RangeError(`ICONE shares must be in [0, 1] with f1 + f2 ≤ 1 (got f1=${f1}, f2=${f2})`);
  }
  // (2.5 / log10 2)·log10(x) is 2.5·log2(x): same value, exact at the powers of two (x = 4 → 5)
  return Math.min(5, Math.max(0, 2.5 * Math.log2(1 + f1 + 3 * f2)));
}

/** The published index: the raw value rounded to the nearest integer, halves up. */
export function iconeIndex(f1: number, f2: number): IconeIndex {
  return Math.round(iconeRaw(f1, f2)) as IconeIndex;
}

export interface Co2Reading {
  t: number;
  ppm: number;
  /** Sensor id, when a room has several: each is held on its own, then pooled. */
  sensor?: string;
}

export interface IconeOptions extends OccupancyContext {
  holdMs?: number;
}

export interface IconeStats {
  /** null when no occupied time had data. */
  icone: IconeIndex | null;
  raw: number | null;
  f0: number | null;
  f1: number | null;
  f2: number | null;
  /** 10-minute values (slots with any data). */
  n: number;
  occupiedMs: number;
  coveredMs: number;
  /** Share of occupied time with data; null when nothing was occupied (a holiday week). */
  completeness: number | null;
  /** Mean and highest 10-minute mean, ppm. */
  meanPpm: number | null;
  maxPpm: number | null;
}

export interface Slot {
  start: number;
  end: number;
  /** Time with data inside the slot (ms) and the time-weighted mean over that time. */
  covered: number;
  mean: number;
}

type Series = readonly Co2Reading[];

/** Readings grouped per sensor, sorted by time, non-finite values dropped. */
export function prepare(readings: readonly Co2Reading[]): Series[] {
  const by = new Map<string, Co2Reading[]>();
  for (const r of readings) {
    if (!Number.isFinite(r.ppm) || !Number.isFinite(r.t)) continue;
    const key = r.sensor ?? '';
    let list = by.get(key);
    if (!list) by.set(key, (list = []));
    list.push(r);
  }
  return [...by.values()].map((l) => l.sort((a, b) => a.t - b.t));
}

function firstAtOrAfter(series: Series, t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 10-minute means over the occupied intervals (slots with no data are left out). */
export function tenMinuteMeans(series: readonly Series[], intervals: readonly Interval[], holdMs = DEFAULT_HOLD_MS): Slot[] {
  const out: Slot[] = [];
  for (const iv of intervals) {
    const count = Math.ceil((iv.end - iv.start) / SLOT_MS);
    const sum = new Float64Array(count); // Σ ppm·dt, all sensors
    const dt = new Float64Array(count); // Σ dt, all sensors
    const cover = new Float64Array(count); // max over sensors of its own dt
    for (const s of series) {
      const own = new Float64Array(count);
      for (let k = firstAtOrAfter(s, iv.start); k < s.length && s[k].t < iv.end; k++) {
        const next = k + 1 < s.length ? s[k + 1].t : Infinity;
        const segEnd = Math.min(next, s[k].t + holdMs, iv.end);
        for (let a = s[k].t; a < segEnd; ) {
          const i = Math.floor((a - iv.start) / SLOT_MS);
          const b = Math.min(segEnd, iv.start + (i + 1) * SLOT_MS);
          sum[i] += s[k].ppm * (b - a);
          dt[i] += b - a;
          own[i] += b - a;
          a = b;
        }
      }
      for (let i = 0; i < count; i++) cover[i] = Math.max(cover[i], own[i]);
    }
    for (let i = 0; i < count; i++) {
      if (dt[i] <= 0) continue;
      const start = iv.start + i * SLOT_MS;
      out.push({ start, end: Math.min(iv.end, start + SLOT_MS), covered: cover[i], mean: sum[i] / dt[i] });
    }
  }
  return out;
}

/** ICONE and its shares from 10-minute means, each weighted by the time it has data. */
export function iconeFromSlots(slots: readonly Slot[], occupiedMs: number): IconeStats {
  const w = [0, 0, 0];
  let covered = 0;
  let weighted = 0;
  let max = -Infinity;
  for (const s of slots) {
    w[iconeClass(s.mean)] += s.covered;
    covered += s.covered;
    weighted += s.mean * s.covered;
    max = Math.max(max, s.mean);
  }
  const completeness = occupiedMs > 0 ? Math.min(1, covered / occupiedMs) : null;
  if (covered <= 0) {
    return { icone: null, raw: null, f0: null, f1: null, f2: null, n: 0, occupiedMs, coveredMs: 0, completeness, meanPpm: null, maxPpm: null };
  }
  const [f0, f1, f2] = w.map((x) => x / covered);
  const raw = iconeRaw(f1, f2);
  return {
    icone: Math.round(raw) as IconeIndex, raw, f0, f1, f2, n: slots.length,
    occupiedMs, coveredMs: covered, completeness, meanPpm: weighted / covered, maxPpm: max,
  };
}

/** ICONE of a room over [from, to): occupied time only. */
export function iconeBetween(
  room: RoomTimetable,
  readings: readonly Co2Reading[] | readonly Series[],
  from: number,
  to: number,
  opts: IconeOptions,
): IconeStats {
  const series = isPrepared(readings) ? readings : prepare(readings);
  const intervals = occupiedIntervals(room, from, to, opts);
  return iconeFromSlots(tenMinuteMeans(series, intervals, opts.holdMs), totalMs(intervals));
}

function isPrepared(x: readonly Co2Reading[] | readonly Series[]): x is readonly Series[] {
  return x.length > 0 && Array.isArray(x[0]);
}

export interface IconeWeek extends IconeStats {
  room: string;
  isoWeek: string;
  /** Monday and Sunday of the week (civil dates, site zone). */
  monday: IsoDate;
  sunday: IsoDate;
  hoursCovered: number;
  hoursOccupied: number;
}

/**
 * One entry per ISO week touching [from, to), each computed over the part of the week inside
 * [from, to) (pass to = now for "this week so far").
 */
export function weeklyIcone(
  room: RoomTimetable & { id: string },
  readings: readonly Co2Reading[],
  from: number,
  to: number,
  opts: IconeOptions,
): IconeWeek[] {
  const series = prepare(readings);
  return isoWeeksBetween(from, to, opts.timeZone).map((isoWeek) => {
    const b = isoWeekBounds(isoWeek, opts.timeZone);
    const stats = iconeBetween(room, series, Math.max(from, b.start), Math.min(to, b.end), opts);
    return {
      room: room.id, isoWeek, monday: isoWeekMonday(isoWeek), sunday: localDate(b.end - 1, opts.timeZone), ...stats,
      hoursCovered: stats.coveredMs / 3_600_000, hoursOccupied: stats.occupiedMs / 3_600_000,
    };
  });
}
