// Schedule rules: what to do to which devices, and when, in the site's local time.
//   { id, targets, action, at: 'HH:MM', days: ['mon', …] }       weekly timetable
//   { id, targets, action, cron: '30 7 * * 1-5' }                  node-cron expression
// plus schoolDaysOnly (only on days with class, per the school calendar) or holidaysOnly (only
// during school holidays). Order matters: when two rules fire at the same instant on the same
// device, the later rule in the list wins (it is applied last).
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { compileCron, type CronSpec } from './cron.js';
import { weekday, type IsoDate } from '../calendar/civil.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const ScheduleRuleSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    // 'unlock', 'lock', 'open', 'close', 'on', 'off', 'goto:50' … the actuators define the verbs.
    action: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]*(:[A-Za-z0-9_.+-]+)?$' }),
    at: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    days: Type.Optional(Type.Array(Type.Union(WEEKDAYS.map((d) => Type.Literal(d))), { minItems: 1, uniqueItems: true })),
    cron: Type.Optional(Type.String()), // node-cron checks it, with better words
    schoolDaysOnly: Type.Optional(Type.Boolean()),
    holidaysOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type ScheduleRule = Static<typeof ScheduleRuleSchema>;

export interface RuleProblem {
  /** Index of the rule in the list, and its id when it has one. */
  index: number;
  id: string | null;
  field: string | null;
  message: string;
}

export class ScheduleRuleError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(
      `invalid schedule rules: ${problems
        .map((p) => `rules[${p.index}]${p.id ? ` (${p.id})` : ''}${p.field ? `.${p.field}` : ''} ${p.message}`)
        .join('; ')}`,
    );
    this.name = 'ScheduleRuleError';
  }
}

/** A rule ready to be evaluated day by day. */
export interface CompiledRule {
  rule: ScheduleRule;
  index: number;
  firesOn(date: IsoDate): boolean; // weekday / cron day fields only; the calendar is checked apart
  times: readonly (readonly [number, number, number])[];
}

function shape(rule: ScheduleRule): { field: string | null; message: string } | null {
  const weekly = rule.at !== undefined || rule.days !== undefined;
  if (weekly && rule.cron !== undefined) return { field: 'cron', message: 'cannot be combined with at/days: choose one way to say when' };
  if (!weekly && rule.cron === undefined) return { field: null, message: 'needs at and days (weekly) or cron' };
  if (weekly && rule.at === undefined) return { field: 'at', message: "is required with days ('HH:MM', local time)" };
  if (weekly && rule.days === undefined) return { field: 'days', message: "is required with at (e.g. ['mon','tue','thu','fri'])" };
  if (rule.schoolDaysOnly && rule.holidaysOnly) return { field: 'holidaysOnly', message: 'cannot be combined with schoolDaysOnly: a day is one or the other' };
  return null;
}

const FIELD_HELP: Record<string, string> = {
  id: 'must be a non-empty name (up to 100 characters)',
  targets: 'must list at least one device or group id',
  action: "must be a verb such as unlock, lock, open, close, on, off or goto:50 (no spaces)",
  at: "must be a local time HH:MM between 00:00 and 23:59",
  days: `must be a non-empty list of distinct days among ${WEEKDAYS.join(', ')}`,
  cron: 'must be a cron expression (text)',
  schoolDaysOnly: 'must be true or false',
  holidaysOnly: 'must be true or false',
};

function schemaProblem(rule: unknown, index: number, id: string | null): RuleProblem | null {
  const first = Value.Errors(ScheduleRuleSchema, rule).First();
  if (!first) return null;
  const parts = first.path.split('/').filter(Boolean);
  const field = parts.join('.') || null;
  const key = parts[0];
  let message: string;
  if (key === undefined) message = 'must be an object with id, targets, action and at/days or cron';
  else if (!(key in FIELD_HELP)) message = `is not a rule field: use ${Object.keys(FIELD_HELP).join(', ')}`;
  else if (first.value === undefined) message = 'is required';
  else message = FIELD_HELP[key];
  return { index, id, field, message };
}

const compiled = new WeakMap<ScheduleRule, CompiledRule>();

function compileOne(rule: ScheduleRule, index: number): CompiledRule | RuleProblem {
  const bad = shape(rule);
  if (bad) return { index, id: rule.id, ...bad };
  if (rule.cron !== undefined) {
    const spec: CronSpec | { error: string } = compileCron(rule.cron);
    if ('error' in spec) return { index, id: rule.id, field: 'cron', message: `is not a valid cron expression: ${spec.error}` };
    return { rule, index, firesOn: (d) => spec.matchesDay(d), times: spec.times };
  }
  const [h, m] = rule.at!.split(':').map(Number);
  const days = new Set(rule.days!.map((d) => WEEKDAYS.indexOf(d)));
  return { rule, index, firesOn: (d) => days.has(weekday(d)), times: [[h, m, 0]] };
}

/**
 * Checks a list of rules (TypeBox shape, then meaning: when, cron syntax, unique ids) and
 * returns every problem, so a configuration lists them all at once.
 */
export function checkRules(raw: unknown): { rules: ScheduleRule[]; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  if (!Array.isArray(raw)) return { rules: [], problems: [{ index: -1, id: null, field: null, message: 'must be a list of rules' }] };
  const rules: ScheduleRule[] = [];
  const ids = new Map<string, number>();
  raw.forEach((r: unknown, index) => {
    const id = r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string' ? (r as { id: string }).id : null;
    const bad = schemaProblem(r, index, id);
    if (bad) return void problems.push(bad);
    const rule = r as ScheduleRule;
    const c = compileOne(rule, index);
    if ('message' in c) return void problems.push(c);
    if (ids.has(rule.id)) return void problems.push({ index, id, field: 'id', message: `repeats the id of rules[${ids.get(rule.id)}]: ids must be unique` });
    ids.set(rule.id, index);
    rules.push(rule);
  });
  return { rules, problems };
}

/** Same as checkRules, throwing ScheduleRuleError when anything is wrong. */
export function parseRules(raw: unknown): ScheduleRule[] {
  const { rules, problems } = checkRules(raw);
  if (problems.length > 0) throw new ScheduleRuleError(problems);
  return rules;
}

/** Compiles (and caches per rule object: rules are treated as immutable). Throws on a bad rule. */
export function compileRules(rules: readonly ScheduleRule[]): CompiledRule[] {
  return rules.map((rule, index) => {
    const hit = compiled.get(rule);
    if (hit && hit.index === index) return hit;
    const c = compileOne(rule, index);
    if ('message' in c) throw new ScheduleRuleError([c]);
    compiled.set(rule, c);
    return c;
  });
}
