// The school-holiday file: records in the shape of the open dataset fr-en-calendrier-scolaire,
// checked with TypeBox, turned into spans of days without class per zone.
//
// Dataset convention (see calendar-data/vacances-scolaires.json, dateConvention):
// - start_date is the day classes END: holidays begin after class that day, so it is still a
//   school day (on a Saturday, as it usually is, that only matters to Saturday classes);
// - end_date is the day classes RESUME: a school day;
// - the days strictly between are off.
// Two quirks of the dataset are read as the official calendar means them:
// - start_date == end_date on a bridge (Pont de l'Ascension 2027: 7 May twice) means that one day
//   has no class;
// - start_date == end_date on "Début des Vacances d'Été" (summer whose rentrée is not fixed yet)
//   means no class from the next day to 31 August: the rentrée has not been before 1 September
//   since 2015, and coverage() stops there so health warns before the data runs out.
import { Type, type Static } from '@sinclair/typebox';
import { addDays, dateParts, isIsoDate, type IsoDate } from './civil.js';
import { localDate } from './zoned.js';
import { CalendarError, firstSchemaError } from './errors.js';

// Optional fields of the raw export may be null.
const OptText = Type.Optional(Type.Union([Type.String(), Type.Null()]));

export const HolidayRecordSchema = Type.Object(
  {
    description: Type.String({ minLength: 1 }),
    start_date: Type.String({ minLength: 10 }),
    end_date: Type.String({ minLength: 10 }),
    zones: Type.String({ minLength: 1 }),
    annee_scolaire: Type.String({ pattern: '^\\d{4}-\\d{4}$' }),
    population: OptText,
    location: OptText,
  },
  { additionalProperties: true }, // the dataset may grow columns; they are ignored
);

export const HolidaysFileSchema = Type.Object(
  {
    source: Type.String({ minLength: 1 }),
    generatedAt: Type.String({ minLength: 1 }),
    records: Type.Array(HolidayRecordSchema, { minItems: 1 }),
  },
  { additionalProperties: true },
);

export type HolidayRecord = Static<typeof HolidayRecordSchema>;

export interface HolidaySpan {
  description: string;
  zone: string; // as the data spells it: 'Zone A', 'Corse'
  schoolYear: string;
  firstOff: IsoDate;
  lastOff: IsoDate;
  /** The day classes resume, or null when the data does not say yet (open summer). */
  resumes: IsoDate | null;
}

export interface ParsedHolidays {
  source: string;
  generatedAt: string;
  spans: HolidaySpan[];
  /** Per zone key (lower case): first and last dates the data answers for. */
  coverage: Map<string, { zone: string; first: IsoDate; last: IsoDate }>;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Our files hold civil dates; raw API exports hold midnight in Paris as a UTC instant. */
function civilDate(s: string): IsoDate | null {
  if (isIsoDate(s)) return s;
  if (!DATE_TIME.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? localDate(t, 'Europe/Paris') : null;
}

const SUMMER = /^(début des )?vacances d['’]été$/i;

function toSpan(r: HolidayRecord, i: number, file: string): HolidaySpan | null {
  const start = civilDate(r.start_date);
  if (!start) throw new CalendarError(file, `records[${i}].start_date`, `must be a date YYYY-MM-DD or an ISO 8601 date-time (got ${JSON.stringify(r.start_date)})`);
  const end = civilDate(r.end_date);
  if (!end) throw new CalendarError(file, `records[${i}].end_date`, `must be a date YYYY-MM-DD or an ISO 8601 date-time (got ${JSON.stringify(r.end_date)})`);
  if (end < start) throw new CalendarError(file, `records[${i}].end_date`, `is before start_date (${end} < ${start}): swap them or fix the record`);
  const base = { description: r.description, zone: r.zones.trim(), schoolYear: r.annee_scolaire };
  if (end > start) {
    const firstOff = addDays(start, 1);
    const lastOff = addDays(end, -1);
    return firstOff > lastOff ? null : { ...base, firstOff, lastOff, resumes: end };
  }
  if (SUMMER.test(r.description.trim())) {
    const year = dateParts(start)!.year;
    return { ...base, firstOff: addDays(start, 1), lastOff: `${year}-08-31`, resumes: null };
  }
  return { ...base, firstOff: start, lastOff: start, resumes: addDays(start, 1) };
}

/** Teachers' dates ("Enseignants") are not the pupils' and are left out, as the dataset's users do. */
function forPupils(r: HolidayRecord): boolean {
  const p = (r.population ?? '-').trim().toLowerCase();
  return p === '-' || p === '' || p === 'élèves' || p === 'eleves';
}

/**
 * Accepts our file ({ source, generatedAt, records }), an API answer ({ results }) or a bare
 * export array; the last two get a source saying so, so an operator can drop in a fresh export.
 */
export function parseHolidays(raw: unknown, file: string): ParsedHolidays {
  let doc: unknown = raw;
  if (Array.isArray(raw)) doc = { source: 'fr-en-calendrier-scolaire export (no source recorded)', generatedAt: 'unknown', records: raw };
  else if (raw && typeof raw === 'object' && !('records' in raw) && Array.isArray((raw as { results?: unknown }).results)) {
    doc = { source: 'fr-en-calendrier-scolaire API answer (no source recorded)', generatedAt: 'unknown', ...(raw as object), records: (raw as { results: unknown[] }).results };
  }
  const bad = firstSchemaError(HolidaysFileSchema, doc);
  if (bad) throw new CalendarError(file, bad.field, bad.reason);
  const valid = doc as Static<typeof HolidaysFileSchema>;

  const seen = new Set<string>();
  const spans: HolidaySpan[] = [];
  valid.records.forEach((r, i) => {
    const span = toSpan(r, i, file); // every record is checked, even teachers' ones
    if (!span || !forPupils(r)) return;
    const key = `${span.zone.toLowerCase()}|${span.description}|${span.firstOff}|${span.lastOff}`;
    if (seen.has(key)) return; // the export repeats each record once per académie
    seen.add(key);
    spans.push(span);
  });
  // Once the rentrée is published the export may carry both the open and the closed summer.
  const closed = new Set(spans.filter((s) => s.resumes !== null).map((s) => `${s.zone.toLowerCase()}|${s.firstOff}`));
  const kept = spans.filter((s) => s.resumes !== null || !closed.has(`${s.zone.toLowerCase()}|${s.firstOff}`));
  kept.sort((a, b) => (a.firstOff < b.firstOff ? -1 : a.firstOff > b.firstOff ? 1 : 0));

  const coverage = new Map<string, { zone: string; first: IsoDate; last: IsoDate }>();
  valid.records.forEach((r) => {
    if (!forPupils(r)) return;
    const key = r.zones.trim().toLowerCase();
    const start = civilDate(r.start_date)!;
    const c = coverage.get(key) ?? { zone: r.zones.trim(), first: start, last: start };
    if (start < c.first) c.first = start;
    coverage.set(key, c);
  });
  for (const s of kept) {
    const c = coverage.get(s.zone.toLowerCase())!;
    const last = s.resumes ?? s.lastOff;
    if (last > c.last) c.last = last;
  }
  return { source: valid.source, generatedAt: valid.generatedAt, spans: kept, coverage };
}
