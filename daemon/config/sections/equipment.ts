// `equipment:` the cold-chain and hot-holding equipment of the canteen, each watched through one
// or more of the sensors declared in `sensors:`. Limits default to the regulation (see
// daemon/coldchain/thresholds.ts); a file may make them stricter, never laxer, since a laxer limit
// would hide a non-conformity the HACCP register must show.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { closest } from '../suggest.js';
import { checkObject, isDict, type Dict } from '../validate.js';
import { Name, Slug, Strict, type SectionContext } from './common.js';
import {
  DEFAULT_FRIDGE_CATEGORY,
  DEFAULT_GRACE_MINUTES,
  DEFAULT_TOLERANCE_GRACE_MINUTES,
  EQUIPMENT_KINDS,
  FREEZER_TOLERANCE_MAX,
  FRIDGE_CATEGORIES,
  effectiveRange,
  formatTemp,
  legalLimit,
} from '../../coldchain/thresholds.js';

const Temp = () => Type.Number({ minimum: -60, maximum: 150, expected: 'a temperature in °C between -60 and 150' });
const LocalTime = () =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', expected: 'a local time HH:MM between 00:00 and 23:59 (in quotes)' });

const DefrostSchema = Type.Object(
  { at: LocalTime(), minutes: Type.Integer({ minimum: 1, maximum: 120 }) },
  Strict,
);
// Deep-frozen trade tolerance: up to `max` a rise is an ordinary excursion (graceMinutes of the
// equipment); above it the alarm comes after the shorter `graceMinutes` given here.
const ToleranceSchema = Type.Object(
  {
    max: Type.Number({ minimum: -30, maximum: FREEZER_TOLERANCE_MAX, default: FREEZER_TOLERANCE_MAX, expected: 'a temperature in °C of at most -15 (the trade tolerance)' }),
    graceMinutes: Type.Integer({ minimum: 0, maximum: 60, default: DEFAULT_TOLERANCE_GRACE_MINUTES }),
  },
  Strict,
);

export const EquipmentSchema = Type.Object(
  {
    id: Slug(),
    name: Name(),
    kind: Type.Union(EQUIPMENT_KINDS.map((k) => Type.Literal(k))),
    category: Type.Optional(Type.Union(FRIDGE_CATEGORIES.map((c) => Type.Literal(c)))),
    sensors: Type.Array(Slug(), { minItems: 1, maxItems: 8, expected: 'a list of 1 to 8 sensor ids from sensors:' }),
    min: Type.Optional(Temp()),
    max: Type.Optional(Temp()),
    graceMinutes: Type.Integer({ minimum: 0, maximum: 240, default: DEFAULT_GRACE_MINUTES }),
    defrost: Type.Array(DefrostSchema, { default: [], maxItems: 6, expected: 'a list of at most 6 { at: "HH:MM", minutes } windows' }),
    tolerance: Type.Optional(ToleranceSchema),
  },
  Strict,
);
export type EquipmentConfig = Static<typeof EquipmentSchema>;
export type DefrostWindow = Static<typeof DefrostSchema>;

/** Kinds whose readings a defrost cycle pushes up. */
const DEFROSTING = new Set<string>(['fridge', 'freezer', 'frozen-store', 'thawing']);

export function checkEquipment(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): EquipmentConfig[] | undefined {
  if (raw === null || raw === undefined) return []; // a school without a canteen
  if (!Array.isArray(raw)) {
    ctx.problems.invalid(path, 'must be a list (one "- id: …" entry per fridge, freezer, hot-holding cabinet…)');
    return undefined;
  }
  const before = ctx.problems.list.length;
  const out: EquipmentConfig[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = [...path, i];
    if (!isDict(entry)) {
      ctx.problems.invalid(at, 'must be a mapping (id, name, kind, sensors, …)');
      return;
    }
    const result = checkObject(EquipmentSchema, entry, at, ctx.problems);
    if (!result.ok) return;
    const eq = result.value;
    if (checkLimits(eq, at, ctx)) out.push(withDefaults(eq));
  });
  checkReferences(raw, path, ctx);
  return ctx.problems.list.length === before ? out : undefined;
}

function withDefaults(eq: EquipmentConfig): EquipmentConfig {
  if (eq.kind === 'fridge' && eq.category === undefined) eq.category = DEFAULT_FRIDGE_CATEGORY;
  if (eq.kind === 'freezer' && eq.tolerance === undefined) {
    // the trade tolerance applies to every freezer; its grace is never longer than the equipment's
    eq.tolerance = { max: FREEZER_TOLERANCE_MAX, graceMinutes: Math.min(DEFAULT_TOLERANCE_GRACE_MINUTES, eq.graceMinutes) };
  }
  return eq;
}

/** Cross-field rules: category and tolerance where they mean something, limits never laxer than the law. */
function checkLimits(eq: EquipmentConfig, at: readonly PathSegment[], ctx: SectionContext): boolean {
  const bad = (key: PathSegment, message: string): false => {
    ctx.problems.invalid([...at, key], message);
    return false;
  };
  let ok = true;
  if (eq.category !== undefined && eq.kind !== 'fridge') ok = bad('category', 'only applies to kind: fridge; remove it');
  if (eq.tolerance !== undefined && eq.kind !== 'freezer') {
    ok = bad('tolerance', 'only applies to kind: freezer (deep-frozen −18 °C, trade tolerance −15 °C); remove it');
  }
  if (eq.defrost.length > 0 && !DEFROSTING.has(eq.kind)) ok = bad('defrost', `does not apply to kind: ${eq.kind}; remove it`);
  const legal = legalLimit(eq.kind, eq.category);
  const why = eq.kind === 'fridge' ? `; set category: (${FRIDGE_CATEGORIES.join(', ')}) to match the food stored` : '';
  if (legal?.max != null && eq.max !== undefined && eq.max > legal.max) {
    ok = bad('max', `${formatTemp(eq.max)} is laxer than the rule (${legal.label}); use at most ${formatTemp(legal.max)}${why}`);
  }
  if (legal?.min != null && eq.min !== undefined && eq.min < legal.min) {
    ok = bad('min', `${formatTemp(eq.min)} is laxer than the rule (${legal.label}); use at least ${formatTemp(legal.min)}`);
  }
  const range = effectiveRange(eq);
  if (range?.min != null && range.max != null && range.min >= range.max) {
    ok = bad(eq.min !== undefined ? 'min' : 'max', `min ${formatTemp(range.min)} must be below max ${formatTemp(range.max)}`);
  }
  if (eq.tolerance !== undefined && eq.kind === 'freezer') {
    const max = range?.max ?? -18;
    if (eq.tolerance.max <= max) ok = bad('tolerance', `max ${formatTemp(eq.tolerance.max)} must be above the equipment max ${formatTemp(max)}`);
    if (eq.tolerance.graceMinutes > eq.graceMinutes) {
      ok = bad('tolerance', `graceMinutes ${eq.tolerance.graceMinutes} must be at most the equipment graceMinutes (${eq.graceMinutes})`);
    }
  }
  return ok;
}

/** Unique ids; sensors that exist in `sensors:` and sit in one equipment only. */
function checkReferences(raw: unknown[], path: readonly PathSegment[], ctx: SectionContext): void {
  const known = ctx.config.sensors?.map((s) => s.id); // undefined when sensors: itself was invalid
  const ids = new Map<string, number>();
  const owners = new Map<string, { index: number; at: PathSegment[] }>();
  raw.forEach((entry, i) => {
    if (!isDict(entry)) return;
    if (typeof entry.id === 'string') {
      const first = ids.get(entry.id);
      if (first === undefined) ids.set(entry.id, i);
      else {
        const other = ctx.problems.describeEntry([...path, first], [...path, first, 'id']);
        ctx.problems.add('RELAIS_CONFIG_DUPLICATE', [...path, i, 'id'], `duplicate id "${entry.id}"; also used by ${other}`);
      }
    }
    const sensors = (entry as Dict).sensors;
    if (!Array.isArray(sensors)) return;
    sensors.forEach((s: unknown, j) => {
      if (typeof s !== 'string') return;
      const at = [...path, i, 'sensors', j];
      if (known && !known.includes(s)) {
        const guess = closest(s, known);
        ctx.problems.invalid(at, `no sensor "${s}" in sensors:${guess === undefined ? '' : `; did you mean ${guess}?`}`);
        return;
      }
      const other = owners.get(s);
      if (other === undefined) owners.set(s, { index: i, at });
      else {
        const owner = raw[other.index] as Dict;
        const label = typeof owner.id === 'string' ? owner.id : undefined;
        const where = ctx.problems.describeEntry([...path, other.index], other.at, label);
        ctx.problems.add('RELAIS_CONFIG_DUPLICATE', at, `sensor "${s}" is already used by ${where}; a probe sits in one equipment`);
      }
    });
  });
}
