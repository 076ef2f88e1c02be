// Plausible signals for the demo school (pure: time in, values out).
// A fridge cycling around +3 °C with door openings, a freezer at −20 °C with a defrost, a
// classroom whose CO2 climbs during lessons and falls at breaks, a hot-holding cabinet.
import type { MetricValue } from '../../common/metrics.js';

export type Profile = 'fridge' | 'freezer' | 'hot-holding' | 'classroom' | 'ambient';

const MIN = 60_000;

/** Deterministic pseudo-noise in [-1, 1] so a replay of the demo gives the same curve. */
function noise(t: number, seed: number): number {
  const x = Math.sin(t / 7919 + seed * 12.9898) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

function round(v: number, step: number): number {
  return Math.round(v / step) * step;
}

/** Minutes since local midnight and weekday (0 = Sunday) in the site's time zone. */
export function localTime(t: number, timeZone: string): { minutes: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' }).formatToParts(t);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? '0';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday };
}

/** Lessons 08:30–11:30 and 13:30–16:30 on Mon, Tue, Thu, Fri (Wednesday afternoon off in most French primary schools). */
function inLesson(minutes: number, weekday: number): boolean {
  if (weekday === 0 || weekday === 6) return false;
  const morning = minutes >= 510 && minutes < 690;
  const afternoon = minutes >= 810 && minutes < 990 && weekday !== 3;
  return morning || afternoon;
}

export function profileValues(profile: Profile, t: number, seed: number, timeZone: string): MetricValue[] {
  switch (profile) {
    case 'fridge': {
      // compressor cycle of 30 min around +3 °C; a door opening every ~2 h warms it for a few minutes
      const cycle = Math.sin((2 * Math.PI * t) / (30 * MIN)) * 0.8;
      const sinceDoor = (t + seed * 997 * MIN) % (120 * MIN);
      const door = sinceDoor < 8 * MIN ? 3.5 * Math.exp(-sinceDoor / (3 * MIN)) : 0;
      return [
        { metric: 'temperature', value: round(3 + cycle + door + noise(t, seed) * 0.1, 0.1) },
        { metric: 'humidity', value: round(72 + noise(t, seed + 1) * 3, 0.5) },
        { metric: 'battery', value: 92 },
      ];
    }
    case 'freezer': {
      // a 20-minute defrost at 02:00, 10:00 and 18:00 local time (the demo site declares these windows)
      const { minutes } = localTime(t, timeZone);
      const into = (minutes - 120 + 1440) % 480;
      const defrost = into < 20 ? 6 * Math.sin((Math.PI * (into + (t % MIN) / MIN)) / 20) : 0;
      return [
        { metric: 'temperature', value: round(-20 + defrost + noise(t, seed) * 0.4, 0.1) },
        { metric: 'battery_voltage', value: 3.05 },
      ];
    }
    case 'hot-holding':
      return [{ metric: 'temperature', value: round(68 + noise(t, seed) * 2, 0.1) }];
    case 'classroom': {
      const { minutes, weekday } = localTime(t, timeZone);
      const lesson = inLesson(minutes, weekday);
      // CO2 builds up over a lesson (≈ 8 ppm per minute with 25 children) and falls at breaks
      const into = lesson ? (minutes >= 810 ? minutes - 810 : minutes - 510) % 90 : 0;
      const co2 = lesson ? 480 + into * 11 : 430;
      return [
        { metric: 'co2', value: Math.round(co2 + noise(t, seed) * 25) },
        { metric: 'temperature', value: round(20.5 + (lesson ? 1.2 : 0) + noise(t, seed + 2) * 0.3, 0.1) },
        { metric: 'humidity', value: round(45 + noise(t, seed + 3) * 4, 0.5) },
      ];
    }
    default:
      return [
        { metric: 'temperature', value: round(19 + noise(t, seed) * 0.5, 0.1) },
        { metric: 'humidity', value: round(50 + noise(t, seed + 1) * 5, 0.5) },
      ];
  }
}

/** Picks a demo profile from the sensor's id and name (French or English words). */
export function guessProfile(id: string, name: string): Profile {
  const s = `${id} ${name}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/congel|freezer|surgel/.test(s)) return 'freezer';
  if (/frigo|fridge|chambre froide|refriger/.test(s)) return 'fridge';
  if (/chaud|hot|maintien|bain-marie/.test(s)) return 'hot-holding';
  if (/salle|classe|classroom|room|cp|ce1|ce2|cm1|cm2/.test(s)) return 'classroom';
  return 'ambient';
}
