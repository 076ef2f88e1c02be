import { describe, expect, it } from 'vitest';
import { loadCalendar, type SchoolCalendar } from '../../../daemon/calendar/index.js';

// The shipped files: these tests also guard the data against a bad update.
const cal: SchoolCalendar = loadCalendar();

describe('school holidays around a boundary, per zone', () => {
  it('Toussaint 2025, zone B: class on Friday 17, none from Saturday 18, back on Monday 3 November', () => {
    expect(cal.isSchoolDay('2025-10-17', 'B')).toBe(true);
    expect(cal.isHoliday('2025-10-18', 'B')).toBe(false); // start_date: holidays begin after class
    expect(cal.isSchoolDay('2025-10-18', 'B')).toBe(false); // a Saturday
    expect(cal.isHoliday('2025-10-20', 'B')).toBe(true);
    expect(cal.isSchoolDay('2025-10-20', 'B')).toBe(false);
    expect(cal.holidayOn('2025-10-20', 'B')).toBe('Vacances de la Toussaint');
    expect(cal.holidayOn('2025-11-02', 'B')).toBe('Vacances de la Toussaint');
    expect(cal.isHoliday('2025-11-03', 'B')).toBe(false); // end_date: classes resume
    expect(cal.isSchoolDay('2025-11-03', 'B')).toBe(true);
    expect(cal.holidayOn('2025-11-03', 'B')).toBeNull();
  });

  it.each([
    // zone, last Friday of class, first weekday off, day classes resume (winter 2026)
    ['A', '2026-02-06', '2026-02-09', '2026-02-23'],
    ['B', '2026-02-13', '2026-02-16', '2026-03-02'],
    ['C', '2026-02-20', '2026-02-23', '2026-03-09'],
    ['Corse', '2026-02-13', '2026-02-16', '2026-03-02'],
  ])('winter 2026, zone %s', (zone, lastClass, firstOff, resumes) => {
    expect(cal.isSchoolDay(lastClass, zone)).toBe(true);
    expect(cal.isSchoolDay(firstOff, zone)).toBe(false);
    expect(cal.holidayOn(firstOff, zone)).toBe("Vacances d'Hiver");
    expect(cal.isSchoolDay(resumes, zone)).toBe(true);
  });

  it('the zones differ: 23 February 2026 is a school day in A, a holiday in C', () => {
    expect(cal.isSchoolDay('2026-02-23', 'Zone A')).toBe(true);
    expect(cal.isSchoolDay('2026-02-23', 'zone c')).toBe(false);
  });

  it('spring 2025 in zone B resumes on Tuesday 22 April (Easter Monday is a bank holiday)', () => {
    expect(cal.isHoliday('2025-04-21', 'B')).toBe(true);
    expect(cal.isBankHoliday('2025-04-21')).toBe(true);
    expect(cal.isSchoolDay('2025-04-22', 'B')).toBe(true);
  });

  it('summer: 1 September 2025 is the rentrée on the mainland, still a holiday in Corsica', () => {
    expect(cal.isSchoolDay('2025-09-01', 'A')).toBe(true);
    expect(cal.holidayOn('2025-08-29', 'A')).toBe("Vacances d'Été");
    expect(cal.isHoliday('2025-09-01', 'Corse')).toBe(true);
    expect(cal.isSchoolDay('2025-09-02', 'Corse')).toBe(true);
  });
});

describe('the dataset quirks', () => {
  it('Pont de l\'Ascension 2026 (start = Thursday, end = Monday): no class Friday 15, back Monday 18', () => {
    expect(cal.isSchoolDay('2026-05-13', 'A')).toBe(true);
    expect(cal.bankHolidayOn('2026-05-14')).toBe('Ascension');
    expect(cal.isSchoolDay('2026-05-14', 'A')).toBe(false);
    expect(cal.holidayOn('2026-05-15', 'A')).toBe("Pont de l'Ascension");
    expect(cal.isSchoolDay('2026-05-15', 'A')).toBe(false);
    expect(cal.isSchoolDay('2026-05-18', 'A')).toBe(true);
  });

  it('Pont de l\'Ascension 2027 (start = end = Friday 7 May): that Friday has no class', () => {
    expect(cal.isSchoolDay('2027-05-06', 'C')).toBe(false); // Ascension
    expect(cal.holidayOn('2027-05-07', 'C')).toBe("Pont de l'Ascension");
    expect(cal.isSchoolDay('2027-05-07', 'C')).toBe(false);
    expect(cal.isSchoolDay('2027-05-10', 'C')).toBe(true);
  });

  it('an open summer ("Début des Vacances d\'Été") runs to 31 August, where coverage ends', () => {
    expect(cal.isSchoolDay('2027-07-02', 'B')).toBe(true);
    expect(cal.holidayOn('2027-07-05', 'B')).toBe("Début des Vacances d'Été");
    expect(cal.isHoliday('2027-08-31', 'B')).toBe(true);
    expect(cal.isHoliday('2027-09-01', 'B')).toBe(false);
    expect(cal.covers('2027-08-31', 'B')).toBe(true);
    expect(cal.covers('2027-09-01', 'B')).toBe(false);
  });
});

describe('bank holidays and the week', () => {
  it('Alsace-Moselle has Good Friday and 26 December; the rest of France does not', () => {
    expect(cal.bankHolidayOn('2026-04-03', 'alsace-moselle')).toBe('Vendredi saint');
    expect(cal.isBankHoliday('2026-04-03', 'metropole')).toBe(false);
    // 3 April 2026 is in term for zone B (spring holidays start on the 11th).
    expect(cal.isSchoolDay('2026-04-03', 'B')).toBe(true);
    expect(cal.isSchoolDay('2026-04-03', 'B', { region: 'alsace-moselle' })).toBe(false);
    expect(cal.withOptions({ region: 'alsace-moselle' }).isSchoolDay('2026-04-03', 'B')).toBe(false);
    expect(cal.isBankHoliday('2025-12-26', 'alsace-moselle')).toBe(true);
    expect(cal.isBankHoliday('2025-12-26')).toBe(false);
  });

  it('a bank holiday on a weekday in term has no class; it is not a school holiday', () => {
    expect(cal.isSchoolDay('2025-11-11', 'A')).toBe(false);
    expect(cal.isHoliday('2025-11-11', 'A')).toBe(false);
    expect(cal.isSchoolDay('2025-11-12', 'A')).toBe(true);
  });

  it('weekends have no class', () => {
    expect(cal.isSchoolDay('2025-09-06', 'A')).toBe(false);
    expect(cal.isSchoolDay('2025-09-07', 'A')).toBe(false);
    expect(cal.schoolDay('2025-09-06', 'A')).toBe('none');
  });

  it('Wednesdays follow the option: off, morning or school (default)', () => {
    const wed = '2025-09-10';
    expect(cal.schoolDay(wed, 'A')).toBe('full');
    expect(cal.isSchoolDay(wed, 'A', { wednesdays: 'off' })).toBe(false);
    expect(cal.isSchoolDay(wed, 'A', { wednesdays: 'morning' })).toBe(true);
    expect(cal.schoolDay(wed, 'A', { wednesdays: 'morning' })).toBe('morning');
    const primary = cal.withOptions({ wednesdays: 'off' });
    expect(primary.isSchoolDay(wed, 'A')).toBe(false);
    expect(primary.isSchoolDay(wed, 'A', { wednesdays: 'school' })).toBe(true);
    expect(primary.isSchoolDay('2025-09-11', 'A')).toBe(true);
  });
});

describe('zones, coverage, bad input', () => {
  it('knows A, B, C and Corse, in any usual spelling, and names the known ones otherwise', () => {
    expect(cal.zones()).toEqual(expect.arrayContaining(['Zone A', 'Zone B', 'Zone C', 'Corse']));
    expect(cal.isHoliday('2025-10-20', 'b')).toBe(true);
    expect(cal.isHoliday('2025-10-20', ' Zone B ')).toBe(true);
    expect(() => cal.isHoliday('2025-10-20', 'D')).toThrow(/unknown school zone "D".*Zone A/);
  });

  it('reports what the data covers, per zone, so health can warn before it runs out', () => {
    const b = cal.coverage('B');
    expect(b.bankHolidays).toEqual({ first: '2024-01-01', last: '2035-12-31' });
    expect(b.holidays).toEqual({ first: '2024-10-19', last: '2027-08-31' });
    expect(b).toMatchObject({ first: '2024-10-19', last: '2027-08-31' });
    expect(cal.coverage('Corse').last).toBe('2026-08-31');
    expect(cal.coverage().last).toBe('2026-08-31'); // narrowest over all zones
    expect(cal.source.holidays).toMatch(/fr-en-calendrier-scolaire/);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => cal.isSchoolDay('2025-02-30', 'A')).toThrow(/not a calendar date/);
    expect(() => cal.isBankHoliday('25/12/2025')).toThrow(/not a calendar date/);
  });
});
