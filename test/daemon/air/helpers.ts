// Shared fixtures: the shipped school calendar, the default primary-school room, and readings
// generated at a fixed step with a value chosen per instant.
import { loadCalendar, localParts, type SchoolCalendar } from '../../../daemon/calendar/index.js';
import { DEFAULT_OCCUPANCY } from '../../../daemon/config/sections/rooms.js';
import type { Co2Reading } from '../../../daemon/air/index.js';

export const TZ = 'Europe/Paris';
export const calendar: SchoolCalendar = loadCalendar();

export const room = { id: 'salle-cp', name: 'Salle de CP', occupancy: DEFAULT_OCCUPANCY, schoolDaysOnly: true };

export const MIN = 60_000;
export const HOUR = 3_600_000;

export const utc = (iso: string): number => Date.parse(iso);

/** Readings every `stepMin` minutes over [from, to), value chosen from the instant. */
export function series(from: number, to: number, stepMin: number, ppm: (t: number) => number, sensor?: string): Co2Reading[] {
  const out: Co2Reading[] = [];
  for (let t = from; t < to; t += stepMin * MIN) out.push(sensor === undefined ? { t, ppm: ppm(t) } : { t, ppm: ppm(t), sensor });
  return out;
}

/** The local weekday (0 Sunday … 6 Saturday) of an instant in Paris. */
export function localWeekday(t: number): number {
  const p = localParts(t, TZ);
  return new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
}
