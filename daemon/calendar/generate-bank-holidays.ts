// Generates calendar-data/jours-feries.json, the French bank holidays (jours fériés) for
// metropolitan France and Alsace-Moselle. The daemon reads the file, never this algorithm, so an
// update (sync or provisioning) can replace the file — for instance if a law adds a day — without
// a new release. A test checks that the shipped file is exactly what this script produces.
//
// Regenerate: npm run build && node dist/daemon/calendar/generate-bank-holidays.js [first] [last] [out]
//
// Sources: Code du travail art. L3133-1 (the 11 fêtes légales); Alsace-Moselle (Bas-Rhin,
// Haut-Rhin, Moselle), Code du travail art. L3134-13, from the local law of 1892: Vendredi saint
// and 26 décembre. In law Good Friday is a holiday in communes with a Protestant or mixed church;
// in practice schools of the three départements close everywhere, and the government's
// jours-feries data (etalab) lists it for the whole region, as does this file.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isoDate, type IsoDate } from './civil.js';

export type BankRegion = 'metropole' | 'alsace-moselle';
export const BANK_REGIONS: readonly BankRegion[] = ['metropole', 'alsace-moselle'];

export const DEFAULT_FIRST_YEAR = 2024;
export const DEFAULT_LAST_YEAR = 2035;

/**
 * Easter Sunday (Gregorian), by the anonymous Gregorian computus published by Meeus/Jones/Butcher
 * (Jean Meeus, Astronomical Algorithms, ch. 8): exact for every Gregorian year. a = position in
 * the 19-year Metonic cycle, b/c = century and year in century, d/e/f/g = century corrections
 * (leap years and the lunar "Metonic" drift), h = days from 21 March to the paschal full moon
 * (epact), i/k/l = weekday correction so Easter is the Sunday after, m = the 451 correction for
 * the rare late full moons; then month and day.
 */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function easterPlus(year: number, days: number): IsoDate {
  const [y, m, d] = easterSunday(year).split('-').map(Number);
  return isoDate(y, m, d + days);
}

/** The bank holidays of one year, sorted by date; names as the government's data spells them. */
export function bankHolidaysOf(year: number, region: BankRegion): [IsoDate, string][] {
  const days: [IsoDate, string][] = [
    [isoDate(year, 1, 1), '1er janvier'],
    [easterPlus(year, 1), 'Lundi de Pâques'],
    [isoDate(year, 5, 1), '1er mai'],
    [isoDate(year, 5, 8), '8 mai'],
    [easterPlus(year, 39), 'Ascension'],
    [easterPlus(year, 50), 'Lundi de Pentecôte'],
    [isoDate(year, 7, 14), '14 juillet'],
    [isoDate(year, 8, 15), 'Assomption'],
    [isoDate(year, 11, 1), 'Toussaint'],
    [isoDate(year, 11, 11), '11 novembre'],
    [isoDate(year, 12, 25), 'Jour de Noël'],
  ];
  if (region === 'alsace-moselle') {
    days.push([easterPlus(year, -2), 'Vendredi saint'], [isoDate(year, 12, 26), '2ème jour de Noël']);
  }
  // Two holidays on one date (Ascension on 1 May, as in 2008) keep both names.
  const byDate = new Map<IsoDate, string>();
  for (const [date, name] of days) byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${name}` : name);
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface BankHolidaysFile {
  source: string;
  generator: string;
  firstYear: number;
  lastYear: number;
  regions: Record<BankRegion, Record<IsoDate, string>>;
}

export function buildBankHolidaysFile(firstYear = DEFAULT_FIRST_YEAR, lastYear = DEFAULT_LAST_YEAR): BankHolidaysFile {
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear || firstYear < 1583) {
    throw new RangeError(`bad year range ${firstYear}-${lastYear}: give two Gregorian years, first ≤ last`);
  }
  const regions = {} as Record<BankRegion, Record<IsoDate, string>>;
  for (const region of BANK_REGIONS) {
    const map: Record<IsoDate, string> = {};
    for (let y = firstYear; y <= lastYear; y++) for (const [date, name] of bankHolidaysOf(y, region)) map[date] = name;
    regions[region] = map;
  }
  return {
    source:
      'Computed: Code du travail art. L3133-1 (11 fêtes légales); Alsace-Moselle art. L3134-13 (Vendredi saint, 26 décembre). ' +
      'Easter by the Meeus/Jones/Butcher Gregorian computus. Same shape as the government jours-feries data (date → name per region).',
    generator: 'daemon/calendar/generate-bank-holidays.ts',
    firstYear,
    lastYear,
    regions,
  };
}

/** The file's exact text: deterministic (no timestamp) so a regeneration diff shows only real changes. */
export function renderBankHolidaysFile(firstYear = DEFAULT_FIRST_YEAR, lastYear = DEFAULT_LAST_YEAR): string {
  return `${JSON.stringify(buildBankHolidaysFile(firstYear, lastYear), null, 2)}\n`;
}

function main(argv: string[]): void {
  const first = argv[0] ? Number(argv[0]) : DEFAULT_FIRST_YEAR;
  const last = argv[1] ? Number(argv[1]) : DEFAULT_LAST_YEAR;
  const out = resolve(argv[2] ?? 'calendar-data/jours-feries.json');
  // Written whole, synced, then renamed: a reader (or a power cut) never sees half a file.
  const tmp = `${out}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, renderBankHolidaysFile(first, last));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  process.stdout.write(`wrote ${out} (${first}-${last})\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
