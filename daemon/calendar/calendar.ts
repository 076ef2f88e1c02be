// The school calendar of a site: school holidays per zone (A, B, C, Corse) and bank holidays per
// region (metropole, alsace-moselle), read from two shipped data files that sync or provisioning
// can replace. Pure after loading: every question takes a civil date 'YYYY-MM-DD'.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustDate, weekday, type IsoDate } from './civil.js';
import { CalendarError } from './errors.js';
import { parseBankHolidays, type ParsedBankHolidays } from './bank-data.js';
import type { BankRegion } from './generate-bank-holidays.js';
import { parseHolidays, type HolidaySpan, type ParsedHolidays } from './holiday-data.js';

export const HOLIDAYS_FILE = 'vacances-scolaires.json';
export const BANK_HOLIDAYS_FILE = 'jours-feries.json';

/**
 * Wednesdays: most French primary schools have no class on Wednesday ('off'), some have the
 * morning ('morning'), collèges and lycées have class ('school', the default). The site's
 * configuration says which.
 */
export type WednesdayMode = 'off' | 'morning' | 'school';

export interface SchoolDayOptions {
  wednesdays?: WednesdayMode;
  /** Bank holidays to apply; default 'metropole'. Alsace-Moselle schools are in zone B. */
  region?: BankRegion;
}

export type SchoolDayKind = 'full' | 'morning' | 'none';

export interface DateRange {
  first: IsoDate;
  last: IsoDate;
}

export interface Coverage extends DateRange {
  holidays: DateRange;
  bankHolidays: DateRange;
}

export class SchoolCalendar {
  readonly source: { holidays: string; holidaysGeneratedAt: string; bankHolidays: string };
  private readonly spansByZone = new Map<string, HolidaySpan[]>();

  constructor(
    private readonly holidays: ParsedHolidays,
    private readonly bank: ParsedBankHolidays,
    private readonly defaults: SchoolDayOptions = {},
  ) {
    this.source = { holidays: holidays.source, holidaysGeneratedAt: holidays.generatedAt, bankHolidays: bank.source };
    for (const s of holidays.spans) {
      const key = s.zone.toLowerCase();
      const list = this.spansByZone.get(key) ?? [];
      list.push(s);
      this.spansByZone.set(key, list);
    }
  }

  /** The site's options used when a call gives none. */
  get options(): SchoolDayOptions {
    return { ...this.defaults };
  }

  /** The same data with the site's options as defaults (what the schedule is given). */
  withOptions(opts: SchoolDayOptions): SchoolCalendar {
    return new SchoolCalendar(this.holidays, this.bank, { ...this.defaults, ...opts });
  }

  /** Zones the data knows, as it spells them ('Zone A', …, 'Corse'). */
  zones(): string[] {
    return [...this.holidays.coverage.values()].map((c) => c.zone);
  }

  /** 'A', 'zone a', 'Zone A' → the data's key; an unknown zone is a configuration error. */
  zoneKey(zone: string): string {
    const z = zone.trim().toLowerCase();
    const key = /^[a-z]$/.test(z) ? `zone ${z}` : z;
    if (!this.holidays.coverage.has(key)) {
      throw new RangeError(`unknown school zone ${JSON.stringify(zone)}: known zones are ${this.zones().join(', ')}`);
    }
    return key;
  }

  holidaySpans(zone: string): readonly HolidaySpan[] {
    return this.spansByZone.get(this.zoneKey(zone)) ?? [];
  }

  private spanOn(date: IsoDate, zone: string): HolidaySpan | null {
    mustDate(date);
    for (const s of this.holidaySpans(zone)) if (s.firstOff <= date && date <= s.lastOff) return s;
    return null;
  }

  /** True on a day without class because of school holidays (weekends inside them included). */
  isHoliday(date: IsoDate, zone: string): boolean {
    return this.spanOn(date, zone) !== null;
  }

  /** The holiday's description ("Vacances de la Toussaint") or null. */
  holidayOn(date: IsoDate, zone: string): string | null {
    return this.spanOn(date, zone)?.description ?? null;
  }

  isBankHoliday(date: IsoDate, region: BankRegion = this.defaults.region ?? 'metropole'): boolean {
    return this.bankHolidayOn(date, region) !== null;
  }

  bankHolidayOn(date: IsoDate, region: BankRegion = this.defaults.region ?? 'metropole'): string | null {
    mustDate(date);
    const days = this.bank.days[region];
    if (!days) throw new RangeError(`unknown bank-holiday region ${JSON.stringify(region)}: use metropole or alsace-moselle`);
    return days.get(date) ?? null;
  }

  /**
   * 'full', 'morning' (a Wednesday in a school with Wednesday-morning class) or 'none': weekends,
   * bank holidays and school holidays have no class. Outside coverage() the holidays are unknown
   * and only weekends and bank holidays count: check covers() (health does).
   */
  schoolDay(date: IsoDate, zone: string, opts: SchoolDayOptions = {}): SchoolDayKind {
    const o = { ...this.defaults, ...opts };
    const wd = weekday(date);
    if (wd === 0 || wd === 6) return 'none';
    if (this.isBankHoliday(date, o.region ?? 'metropole')) return 'none';
    if (this.isHoliday(date, zone)) return 'none';
    if (wd === 3) {
      const mode = o.wednesdays ?? 'school';
      if (mode === 'off') return 'none';
      if (mode === 'morning') return 'morning';
    }
    return 'full';
  }

  isSchoolDay(date: IsoDate, zone: string, opts: SchoolDayOptions = {}): boolean {
    return this.schoolDay(date, zone, opts) !== 'none';
  }

  /**
   * The dates the data answers for. With a zone: that zone's holidays and the bank holidays;
   * without: the narrowest over all zones (pass the site's zone for a useful answer).
   */
  coverage(zone?: string): Coverage {
    const bankHolidays = { first: this.bank.first, last: this.bank.last };
    const ranges = zone === undefined ? [...this.holidays.coverage.values()] : [this.holidays.coverage.get(this.zoneKey(zone))!];
    const holidays = {
      first: ranges.map((r) => r.first).reduce((a, b) => (a > b ? a : b)),
      last: ranges.map((r) => r.last).reduce((a, b) => (a < b ? a : b)),
    };
    return {
      first: holidays.first > bankHolidays.first ? holidays.first : bankHolidays.first,
      last: holidays.last < bankHolidays.last ? holidays.last : bankHolidays.last,
      holidays,
      bankHolidays,
    };
  }

  covers(date: IsoDate, zone: string): boolean {
    mustDate(date);
    const c = this.coverage(zone);
    return c.first <= date && date <= c.last;
  }
}

/** Builds a calendar from already-read file contents (tests, sync). Throws CalendarError. */
export function parseCalendar(
  holidaysRaw: unknown,
  bankRaw: unknown,
  files: { holidays: string; bank: string } = { holidays: HOLIDAYS_FILE, bank: BANK_HOLIDAYS_FILE },
): SchoolCalendar {
  return new SchoolCalendar(parseHolidays(holidaysRaw, files.holidays), parseBankHolidays(bankRaw, files.bank));
}

/** calendar-data/ at the package root, from daemon/calendar/ or dist/daemon/calendar/. */
export function defaultCalendarDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../calendar-data', '../../../calendar-data']) {
    const dir = resolve(here, rel);
    if (existsSync(join(dir, HOLIDAYS_FILE))) return dir;
  }
  return resolve(here, '../../calendar-data');
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CalendarError(path, null, `cannot be read (${code}): check that the file exists and the daemon may read it`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CalendarError(path, null, `is not valid JSON (${(err as Error).message})`);
  }
}

/** Reads and checks both files. Throws CalendarError naming the file and the field. */
export function loadCalendar(dir: string = defaultCalendarDir()): SchoolCalendar {
  const holidaysPath = join(dir, HOLIDAYS_FILE);
  const bankPath = join(dir, BANK_HOLIDAYS_FILE);
  return parseCalendar(readJson(holidaysPath), readJson(bankPath), { holidays: holidaysPath, bank: bankPath });
}

/**
 * Loads again after an update, keeping the previous calendar's site options. A bad new file
 * never leaves the site without a calendar: the previous one is kept and the error returned for
 * the log and health.
 */
export function reloadCalendar(
  previous: SchoolCalendar | null,
  dir: string = defaultCalendarDir(),
): { calendar: SchoolCalendar | null; error: CalendarError | null } {
  try {
    return { calendar: loadCalendar(dir).withOptions(previous?.options ?? {}), error: null };
  } catch (err) {
    if (err instanceof CalendarError) return { calendar: previous, error: err };
    throw err;
  }
}
