// `site:` who this Pi is: identity, time zone, school-holiday zone and screen language.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { closest } from '../suggest.js';
import { checkObject, isDict } from '../validate.js';
import { Name, Slug, Strict, type SectionContext } from './common.js';

/** Zones of the `fr-en-calendrier-scolaire` dataset, plus Alsace-Moselle (two extra bank holidays). */
export const HOLIDAY_ZONES = [
  'A',
  'B',
  'C',
  'Corse',
  'Alsace-Moselle',
  'Guadeloupe',
  'Guyane',
  'Martinique',
  'Mayotte',
  'La Réunion',
  'Nouvelle Calédonie',
  'Polynésie',
  'Saint Pierre et Miquelon',
  'Wallis et Futuna',
] as const;
export type HolidayZone = (typeof HOLIDAY_ZONES)[number];

const TIMEZONE_EXPECTED = 'an IANA time zone such as Europe/Paris';

export const SiteSchema = Type.Object(
  {
    id: Slug(),
    name: Name(),
    timezone: Type.String({ minLength: 1, expected: TIMEZONE_EXPECTED }),
    zone: Type.Optional(Type.Union(HOLIDAY_ZONES.map((z) => Type.Literal(z)))),
    locale: Type.Union([Type.Literal('fr'), Type.Literal('en')], { default: 'fr' }),
  },
  Strict,
);
export type SiteSettings = Static<typeof SiteSchema>;

export function checkSite(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): SiteSettings | undefined {
  const result = checkObject(SiteSchema, raw, path, ctx.problems);
  const value = result.value;
  let ok = result.ok;
  if (isDict(value) && typeof value.timezone === 'string' && value.timezone !== '') {
    const canonical = canonicalTimeZone(value.timezone);
    if (canonical === undefined) {
      const guess = closest(value.timezone, timeZones());
      const hint = guess === undefined ? '' : `; did you mean ${guess}?`;
      ctx.problems.invalid([...path, 'timezone'], `must be ${TIMEZONE_EXPECTED}${hint}`);
      ok = false;
    } else {
      value.timezone = canonical; // "europe/paris" → "Europe/Paris": one spelling downstream
    }
  }
  return ok ? (value as SiteSettings) : undefined;
}

/** The canonical name of an IANA zone, or undefined. Fixed offsets (+01:00) ignore DST: refused. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z]/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Paris'];
  }
}
