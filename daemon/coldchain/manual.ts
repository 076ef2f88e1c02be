// A temperature read by hand (probe thermometer, the fridge's own display) and typed on the
// kitchen tablet: checked and normalised before it goes into the HACCP register. Pure; the
// caller passes the time and the equipment list. Every problem is returned at once so the form
// can mark all its wrong fields.
import { zonedTimeToUtc } from '../calendar/zoned.js';
import { closest } from '../config/suggest.js';
import { effectiveRange, formatTemp, type EquipmentKind, type FridgeCategory, type TempRange } from './thresholds.js';

export const MANUAL_LIMITS = {
  minValue: -60,
  maxValue: 150,
  /** clocks of a tablet and the Pi may differ a little */
  futureMs: 5 * 60_000,
  /** older than this goes in the paper register with a note, not here */
  pastMs: 7 * 86_400_000,
  whoMax: 80,
  noteMax: 500,
} as const;

const FIELDS = ['equipmentId', 'value', 'at', 'by', 'note'] as const;
export type ManualField = (typeof FIELDS)[number];

export interface ManualProblem {
  /** the form field, or 'entry' for the whole entry */
  field: ManualField | 'entry';
  message: string;
}

export interface ManualEquipment {
  id: string;
  kind: EquipmentKind;
  category?: FridgeCategory;
  min?: number;
  max?: number;
}

export interface ManualContext {
  now: number;
  /** site time zone: a time typed without an offset ('2025-03-12T11:45') is local time */
  tz: string;
  equipment: readonly ManualEquipment[];
}

export interface ManualReading {
  source: 'manual';
  equipmentId: string;
  /** °C, to 0.1 */
  value: number;
  at: number;
  by: string;
  note: string | null;
  /** the equipment's limits, and whether the value is inside: false asks for a corrective action */
  range: TempRange | null;
  conform: boolean | null;
}

export type ManualResult = { ok: true; reading: ManualReading } | { ok: false; problems: ManualProblem[] };

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
// "3,5", "-18", "−18 °C", "+4.2": what people type; the unicode minus comes from copied text
const NUMBER = /^[+-]?\d{1,3}([.,]\d+)?$/;

export function checkManualReading(raw: unknown, ctx: ManualContext): ManualResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: 'entry', message: 'must be an object with equipmentId, value, at, by' }] };
  }
  const r = raw as Record<string, unknown>;
  const problems: ManualProblem[] = [];
  const bad = (field: ManualProblem['field'], message: string): undefined => {
    problems.push({ field, message });
    return undefined;
  };
  for (const key of Object.keys(r)) {
    if (!(FIELDS as readonly string[]).includes(key)) bad('entry', `unknown field ${key}; expected ${FIELDS.join(', ')}`);
  }
  const equipment = checkEquipmentId(r.equipmentId, ctx, bad);
  const value = checkValue(r.value, bad);
  const at = checkAt(r.at, ctx, bad);
  const by = checkText(r.by, 'by', MANUAL_LIMITS.whoMax, true, bad);
  const note = r.note === undefined || r.note === null ? null : checkText(r.note, 'note', MANUAL_LIMITS.noteMax, false, bad);
  if (problems.length > 0 || equipment === undefined || value === undefined || at === undefined || by === undefined) {
    return { ok: false, problems };
  }
  const range = effectiveRange(equipment);
  const conform = range === null ? null : (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
  return { ok: true, reading: { source: 'manual', equipmentId: equipment.id, value, at, by, note: note ?? null, range, conform } };
}

type Bad = (field: ManualProblem['field'], message: string) => undefined;

function checkEquipmentId(v: unknown, ctx: ManualContext, bad: Bad): ManualEquipment | undefined {
  if (typeof v !== 'string' || v === '') return bad('equipmentId', 'is required: the fridge, freezer or cabinet measured');
  const found = ctx.equipment.find((e) => e.id === v);
  if (found) return found;
  const guess = closest(v, ctx.equipment.map((e) => e.id));
  return bad('equipmentId', `no equipment "${v}"${guess === undefined ? '' : `; did you mean ${guess}?`}`);
}

function checkValue(v: unknown, bad: Bad): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const text = v.trim().replace(/\s*°\s*C?$/i, '').replace(/^\u2212/, '-').replace(/\s+/g, '');
    if (!NUMBER.test(text)) return bad('value', 'must be a temperature in °C such as 3.5 or -18');
    n = Number(text.replace(',', '.'));
  } else return bad('value', 'is required: the temperature read, in °C');
  if (!Number.isFinite(n)) return bad('value', 'must be a temperature in °C such as 3.5 or -18');
  const { minValue, maxValue } = MANUAL_LIMITS;
  if (n < minValue || n > maxValue) return bad('value', `must be between ${formatTemp(minValue)} and ${formatTemp(maxValue)}`);
  return Math.round(n * 10) / 10;
}

function checkAt(v: unknown, ctx: ManualContext, bad: Bad): number | undefined {
  let at: number;
  if (v === undefined || v === null || v === '') at = ctx.now; // typed as it was read
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) return bad('at', 'must be a time in ms since 1970 or an ISO date-time');
    at = v;
  } else if (typeof v === 'string') {
    const local = LOCAL_TIME.exec(v.trim());
    if (local) {
      const [, date, hh, mm, ss] = local;
      try {
        at = zonedTimeToUtc(date, Number(hh), Number(mm), Number(ss ?? 0), ctx.tz);
      } catch {
        return bad('at', `${date} is not a calendar date`);
      }
    } else if (WITH_OFFSET.test(v.trim())) at = Date.parse(v.trim());
    else return bad('at', 'must be a date and time such as 2025-03-12T11:45 (local) or with an offset');
    if (!Number.isFinite(at)) return bad('at', 'is not a real date and time');
  } else return bad('at', 'must be a date and time');
  if (at > ctx.now + MANUAL_LIMITS.futureMs) return bad('at', 'is in the future: check the time (and the tablet clock)');
  if (at < ctx.now - MANUAL_LIMITS.pastMs) return bad('at', 'is more than 7 days ago: record it in the paper register with a note');
  return at;
}

function checkText(v: unknown, field: 'by' | 'note', max: number, required: boolean, bad: Bad): string | undefined {
  const what = field === 'by' ? 'who read the temperature' : 'the note';
  if (typeof v !== 'string') return bad(field, required ? `is required: ${what}` : 'must be text');
  const text = v.trim().replace(/\s+/g, ' ');
  if (text === '') return bad(field, required ? `is required: ${what}` : 'must not be empty');
  if (text.length > max) return bad(field, `must be at most ${max} characters`);
  return text;
}
