// The bank-holiday file (calendar-data/jours-feries.json), made by generate-bank-holidays.ts and
// replaceable by an update: date → name per region, the shape of the government's data.
import { Type, type Static } from '@sinclair/typebox';
import { dateParts, type IsoDate } from './civil.js';
import { CalendarError, firstSchemaError } from './errors.js';
import { BANK_REGIONS, type BankRegion } from './generate-bank-holidays.js';

const DATE_KEY = '^\\d{4}-\\d{2}-\\d{2}$';
const Days = Type.Record(Type.String({ pattern: DATE_KEY }), Type.String({ minLength: 1 }));

export const BankHolidaysFileSchema = Type.Object(
  {
    source: Type.String({ minLength: 1 }),
    generator: Type.Optional(Type.String()),
    firstYear: Type.Integer({ minimum: 1583 }),
    lastYear: Type.Integer({ minimum: 1583 }),
    regions: Type.Object({ metropole: Days, 'alsace-moselle': Days }, { additionalProperties: Days }),
  },
  { additionalProperties: true },
);

export interface ParsedBankHolidays {
  source: string;
  first: IsoDate;
  last: IsoDate;
  days: Record<BankRegion, Map<IsoDate, string>>;
}

export function parseBankHolidays(raw: unknown, file: string): ParsedBankHolidays {
  const bad = firstSchemaError(BankHolidaysFileSchema, raw);
  if (bad) throw new CalendarError(file, bad.field, bad.reason);
  const doc = raw as Static<typeof BankHolidaysFileSchema>;
  if (doc.lastYear < doc.firstYear) {
    throw new CalendarError(file, 'lastYear', `is before firstYear (${doc.lastYear} < ${doc.firstYear})`);
  }
  const days = {} as Record<BankRegion, Map<IsoDate, string>>;
  for (const region of BANK_REGIONS) {
    const map = new Map<IsoDate, string>();
    for (const [date, name] of Object.entries(doc.regions[region])) {
      const p = dateParts(date);
      const field = `regions.${region}.${date}`;
      if (!p) throw new CalendarError(file, field, 'is not a calendar date');
      if (p.year < doc.firstYear || p.year > doc.lastYear) {
        throw new CalendarError(file, field, `is outside firstYear-lastYear (${doc.firstYear}-${doc.lastYear})`);
      }
      map.set(date, name);
    }
    // A year with no 1 January is a truncated or hand-edited file: refuse it rather than run a
    // school day on a bank holiday.
    for (let y = doc.firstYear; y <= doc.lastYear; y++) {
      if (!map.has(`${y}-01-01`)) throw new CalendarError(file, `regions.${region}`, `has no ${y}-01-01: the file does not cover ${doc.firstYear}-${doc.lastYear}`);
    }
    days[region] = map;
  }
  return { source: doc.source, first: `${doc.firstYear}-01-01`, last: `${doc.lastYear}-12-31`, days };
}
