import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BANK_HOLIDAYS_FILE, CalendarError, HOLIDAYS_FILE, defaultCalendarDir, loadCalendar, parseCalendar, reloadCalendar,
} from '../../../daemon/calendar/index.js';
import { bankHolidaysOf, easterSunday, renderBankHolidaysFile } from '../../../daemon/calendar/generate-bank-holidays.js';

const dir = defaultCalendarDir();
const holidaysText = readFileSync(join(dir, HOLIDAYS_FILE), 'utf8');
const bankText = readFileSync(join(dir, BANK_HOLIDAYS_FILE), 'utf8');
const holidays = (): Record<string, unknown> & { records: Record<string, unknown>[] } => JSON.parse(holidaysText);
const bank = (): Record<string, unknown> & { regions: Record<string, Record<string, string>> } => JSON.parse(bankText);

const dirs: string[] = [];
function siteDir(h: unknown, b: unknown): string {
  const d = mkdtempSync(join(tmpdir(), 'relais-cal-'));
  dirs.push(d);
  if (h !== undefined) writeFileSync(join(d, HOLIDAYS_FILE), typeof h === 'string' ? h : JSON.stringify(h));
  if (b !== undefined) writeFileSync(join(d, BANK_HOLIDAYS_FILE), typeof b === 'string' ? b : JSON.stringify(b));
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): CalendarError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CalendarError) return err;
    throw err;
  }
  throw new Error('expected a CalendarError');
}

describe('bank-holiday generator', () => {
  it('the shipped jours-feries.json is exactly what the generator produces', () => {
    expect(bankText).toBe(renderBankHolidaysFile());
  });

  it.each([
    [2024, '2024-03-31'], [2025, '2025-04-20'], [2026, '2026-04-05'], [2027, '2027-03-28'], [2028, '2028-04-16'],
    [2030, '2030-04-21'], [2035, '2035-03-25'], [2038, '2038-04-25'], [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('11 days in metropolitan France, 13 in Alsace-Moselle, with Easter-based days', () => {
    const m = Object.fromEntries(bankHolidaysOf(2026, 'metropole'));
    const a = Object.fromEntries(bankHolidaysOf(2026, 'alsace-moselle'));
    expect(Object.keys(m)).toHaveLength(11);
    expect(Object.keys(a)).toHaveLength(13);
    expect(m).toMatchObject({ '2026-04-06': 'Lundi de Pâques', '2026-05-14': 'Ascension', '2026-05-25': 'Lundi de Pentecôte' });
    expect(a).toMatchObject({ '2026-04-03': 'Vendredi saint', '2026-12-26': '2ème jour de Noël' });
  });

  it('keeps both names when two holidays share a date (Ascension on 1 May 2008)', () => {
    expect(Object.fromEntries(bankHolidaysOf(2008, 'metropole'))['2008-05-01']).toBe('1er mai / Ascension');
  });
});

describe('loading the data files', () => {
  it('names the file and the field of a bad record', () => {
    const h = holidays();
    h.records[3].start_date = '2025-13-45';
    const err = errorOf(() => loadCalendar(siteDir(h, bank())));
    expect(err.file).toContain(HOLIDAYS_FILE);
    expect(err.field).toBe('records[3].start_date');
    expect(err.message).toMatch(/vacances-scolaires\.json, records\[3\]\.start_date: must be a date/);
  });

  it('reports a missing field, an end before the start, bad JSON and a missing file', () => {
    const h = holidays();
    delete h.records[0].zones;
    expect(errorOf(() => loadCalendar(siteDir(h, bank())))).toMatchObject({ field: 'records[0].zones', reason: 'is required' });
    const h2 = holidays();
    h2.records[1].end_date = '2020-01-01';
    expect(errorOf(() => loadCalendar(siteDir(h2, bank()))).reason).toMatch(/before start_date/);
    expect(errorOf(() => loadCalendar(siteDir('{ not json', bank()))).reason).toMatch(/not valid JSON/);
    const e = errorOf(() => loadCalendar(siteDir(holidays(), undefined)));
    expect(e.file).toContain(BANK_HOLIDAYS_FILE);
    expect(e.reason).toMatch(/cannot be read \(ENOENT\)/);
  });

  it('refuses a bank-holiday file without a region or with a hole', () => {
    const b = bank();
    delete b.regions['alsace-moselle'];
    expect(errorOf(() => loadCalendar(siteDir(holidays(), b)))).toMatchObject({ field: 'regions.alsace-moselle', reason: 'is required' });
    const b2 = bank();
    delete b2.regions.metropole['2030-01-01'];
    expect(errorOf(() => loadCalendar(siteDir(holidays(), b2))).reason).toMatch(/no 2030-01-01/);
    const b3 = bank();
    b3.regions.metropole['2025-02-30'] = 'Jour inventé';
    expect(errorOf(() => loadCalendar(siteDir(holidays(), b3))).field).toBe('regions.metropole.2025-02-30');
  });

  it('keeps the previous calendar, and its site options, when an update is bad', () => {
    const previous = loadCalendar().withOptions({ wednesdays: 'off' });
    const h = holidays();
    h.records = [];
    const bad = reloadCalendar(previous, siteDir(h, bank()));
    expect(bad.calendar).toBe(previous);
    expect(bad.error?.field).toBe('records');
    const good = reloadCalendar(previous, siteDir(holidays(), bank()));
    expect(good.error).toBeNull();
    expect(good.calendar).not.toBe(previous);
    expect(good.calendar?.isSchoolDay('2025-09-10', 'A')).toBe(false); // still Wednesday off
  });

  it('reads a raw dataset export: UTC instants, one record per académie, teachers left out', () => {
    const rec = (description: string, start: string, end: string, location: string, population = '-') => ({
      description, population, start_date: start, end_date: end, location, zones: 'Zone B', annee_scolaire: '2026-2027',
    });
    const raw = {
      total_count: 5,
      results: [
        rec('Vacances de la Toussaint', '2026-10-16T22:00:00+00:00', '2026-11-01T23:00:00+00:00', 'Lille'),
        rec('Vacances de la Toussaint', '2026-10-16T22:00:00+00:00', '2026-11-01T23:00:00+00:00', 'Rennes'),
        rec('Vacances de Noël', '2026-12-18T23:00:00+00:00', '2027-01-03T23:00:00+00:00', 'Lille'),
        rec("Vacances d'Été", '2027-07-02T22:00:00+00:00', '2027-08-23T22:00:00+00:00', 'Lille', 'Enseignants'),
        rec('Début des Vacances d\'Été', '2027-07-02T22:00:00+00:00', '2027-07-02T22:00:00+00:00', 'Lille'),
      ],
    };
    const cal = parseCalendar(raw, bank());
    expect(cal.holidaySpans('B').map((s) => [s.description, s.firstOff, s.lastOff, s.resumes])).toEqual([
      ['Vacances de la Toussaint', '2026-10-18', '2026-11-01', '2026-11-02'],
      ['Vacances de Noël', '2026-12-20', '2027-01-03', '2027-01-04'],
      ["Début des Vacances d'Été", '2027-07-04', '2027-08-31', null],
    ]);
    expect(cal.isSchoolDay('2026-11-02', 'B')).toBe(true);
    expect(cal.source.holidays).toMatch(/API answer/);
  });

  it('once the rentrée is published, the closed summer replaces the open one', () => {
    const h = holidays();
    h.records.push({
      description: "Vacances d'Été", start_date: '2027-07-03', end_date: '2027-09-02', zones: 'Zone B', annee_scolaire: '2026-2027',
    });
    const cal = parseCalendar(h, bank());
    expect(cal.holidayOn('2027-08-01', 'B')).toBe("Vacances d'Été");
    expect(cal.isHoliday('2027-09-01', 'B')).toBe(true);
    expect(cal.coverage('B').holidays.last).toBe('2027-09-02');
    expect(cal.coverage('A').holidays.last).toBe('2027-08-31');
  });

  it('the shipped holiday file says where its dates come from and what is not verified', () => {
    const h = holidays();
    expect(h.source).toMatch(/fr-en-calendrier-scolaire/);
    expect(typeof h.generatedAt).toBe('string');
    expect(JSON.stringify(h.verification)).toMatch(/NOT verified/);
    const years = new Set(h.records.map((r) => r.annee_scolaire));
    expect([...years].sort()).toEqual(['2024-2025', '2025-2026', '2026-2027']);
  });
});
