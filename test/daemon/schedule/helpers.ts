// Shared by the schedule tests: the shipped calendar and Paris wall-clock helpers.
import { loadCalendar, zonedTimeToUtc } from '../../../daemon/calendar/index.js';
import { localDateTime } from '../../../common/time.js';
import type { ScheduleRule } from '../../../daemon/schedule/index.js';

export const TZ = 'Europe/Paris';
export const calendar = loadCalendar();

/** 'YYYY-MM-DD HH:MM' in Paris → epoch ms (same DST policy as the schedule). */
export function paris(local: string): number {
  const [date, time = '00:00'] = local.split(' ');
  const [h, m] = time.split(':').map(Number);
  return zonedTimeToUtc(date, h, m, 0, TZ);
}

/** epoch ms → 'YYYY-MM-DD HH:MM' in Paris. */
export function local(ts: number): string {
  return localDateTime(ts, TZ).slice(0, 16);
}

export const WEEKDAYS_ONLY = ['mon', 'tue', 'wed', 'thu', 'fri'] as ScheduleRule['days'];

/** Doors of a school: unlocked 07:30-18:00 on weekdays. */
export const doorRules: ScheduleRule[] = [
  { id: 'open-morning', targets: ['door-1', 'door-2'], action: 'unlock', at: '07:30', days: WEEKDAYS_ONLY },
  { id: 'close-evening', targets: ['door-1', 'door-2'], action: 'lock', at: '18:00', days: WEEKDAYS_ONLY },
];
