// `gpio:` and `building:` what Relais drives: doors, roller shutters, lights, their groups and
// scenes, the caretakers' push-buttons, the fire and lockdown inputs, and the schedules.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { checkObject, isDict } from '../validate.js';
import { Name, Slug, Strict, type SectionContext } from './common.js';
import { ScheduleRuleSchema, checkRules } from '../../schedule/rules.js';
import { checkBuildingRefs } from './building-refs.js';

export const GpioSchema = Type.Object(
  { backend: Type.Union([Type.Literal('auto'), Type.Literal('onoff'), Type.Literal('simulated')], { default: 'auto' }) },
  Strict,
);
export type GpioSettings = Static<typeof GpioSchema>;

const Line = () => Type.Integer({ minimum: 0, maximum: 63, expected: 'a BCM GPIO number (0 to 63), as printed on the HAT' });
// What an output does when the daemon starts: restore its last state, go to its safe state, or
// take what the schedule says now.
const PowerOn = () => Type.Union([Type.Literal('restore'), Type.Literal('safe'), Type.Literal('schedule')], { default: 'schedule' });

const DoorSchema = Type.Object(
  {
    id: Slug(), name: Name(), line: Line(),
    activeLow: Type.Boolean({ default: false }),
    // egress: fail-safe, relay de-energised = unlocked (escape routes); secure: fail-secure
    mode: Type.Union([Type.Literal('egress'), Type.Literal('secure')]),
    lockdown: Type.Boolean({ default: false }),
    maxOpenS: Type.Integer({ minimum: 1, maximum: 600, default: 30 }),
    powerOn: PowerOn(),
  },
  Strict,
);
const ShutterSchema = Type.Object(
  {
    id: Slug(), name: Name(), upLine: Line(), downLine: Line(),
    activeLow: Type.Boolean({ default: false }),
    travelUpS: Type.Number({ exclusiveMinimum: 0, maximum: 300 }),
    travelDownS: Type.Number({ exclusiveMinimum: 0, maximum: 300 }),
    reversePauseMs: Type.Integer({ minimum: 500, maximum: 10000, default: 500, expected: 'at least 500 ms (motor protection)' }),
    maxRunS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600 })),
    fireOpen: Type.Boolean({ default: false }),
    powerOn: PowerOn(),
  },
  Strict,
);
const LightSchema = Type.Object(
  { id: Slug(), name: Name(), line: Line(), activeLow: Type.Boolean({ default: false }), fireOn: Type.Boolean({ default: false }), powerOn: PowerOn() },
  Strict,
);
const GroupSchema = Type.Object({ id: Slug(), name: Name(), members: Type.Array(Slug(), { minItems: 1 }) }, Strict);
const StepSchema = Type.Object(
  { target: Slug(), action: Type.String({ minLength: 1 }), durationS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })), percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) },
  Strict,
);
const SceneSchema = Type.Object({ id: Slug(), name: Name(), steps: Type.Array(StepSchema, { minItems: 1 }) }, Strict);
const PressSchema = Type.Object(
  {
    target: Type.Optional(Slug()), scene: Type.Optional(Slug()),
    action: Type.Optional(Type.String({ minLength: 1 })),
    durationS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
    percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  Strict,
);
const ButtonSchema = Type.Object(
  {
    id: Slug(), name: Name(), line: Line(),
    // buttons are wired to GND with a pull-up: pressed reads 0
    activeLow: Type.Boolean({ default: true }),
    debounceMs: Type.Integer({ minimum: 1, maximum: 500, default: 30 }),
    longMs: Type.Integer({ minimum: 200, maximum: 10000, default: 1000 }),
    doubleMs: Type.Integer({ minimum: 100, maximum: 2000, default: 400 }),
    short: Type.Optional(PressSchema), long: Type.Optional(PressSchema), double: Type.Optional(PressSchema),
  },
  Strict,
);
const InputSchema = Type.Object({ line: Line(), activeLow: Type.Boolean({ default: true }) }, Strict);
const SafetySchema = Type.Object(
  {
    fireInput: Type.Optional(InputSchema),
    lockdownInput: Type.Optional(InputSchema),
    // a manual override holds until the next scheduled change, or for this many minutes
    overrideMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })),
    holdWhenUntrusted: Type.Array(Type.String({ minLength: 1 }), { default: ['unlock', 'open'] }),
  },
  { ...Strict, default: {} },
);

export const BuildingSchema = Type.Object(
  {
    doors: Type.Array(DoorSchema, { default: [] }),
    shutters: Type.Array(ShutterSchema, { default: [] }),
    lights: Type.Array(LightSchema, { default: [] }),
    groups: Type.Array(GroupSchema, { default: [] }),
    scenes: Type.Array(SceneSchema, { default: [] }),
    buttons: Type.Array(ButtonSchema, { default: [] }),
    safety: SafetySchema,
    schedules: Type.Array(ScheduleRuleSchema, { default: [] }),
  },
  Strict,
);
export type BuildingSettings = Static<typeof BuildingSchema>;
export type DoorConfig = Static<typeof DoorSchema>;
export type ShutterConfig = Static<typeof ShutterSchema>;
export type LightConfig = Static<typeof LightSchema>;
export type ButtonConfig = Static<typeof ButtonSchema>;
export type PressConfig = Static<typeof PressSchema>;
export type SceneConfig = Static<typeof SceneSchema>;

export function checkBuilding(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): BuildingSettings | undefined {
  const value = raw === null ? {} : raw;
  if (!isDict(value)) {
    ctx.problems.invalid(path, 'must be a mapping (doors, shutters, lights, groups, scenes, buttons, safety, schedules)');
    return undefined;
  }
  const result = checkObject(BuildingSchema, value, path, ctx.problems);
  if (!result.ok) return undefined;
  const b = result.value;
  const rules = checkRules(b.schedules);
  for (const p of rules.problems) ctx.problems.invalid([...path, 'schedules', p.index, ...(p.field ? [p.field] : [])], p.message);
  let zoneOk = true;
  b.schedules.forEach((r, i) => {
    if ((r.schoolDaysOnly || r.holidaysOnly) && !ctx.config.site?.zone) {
      ctx.problems.invalid([...path, 'schedules', i, r.schoolDaysOnly ? 'schoolDaysOnly' : 'holidaysOnly'], 'needs the school-holiday zone: set site.zone (A, B, C, Corse or Alsace-Moselle)');
      zoneOk = false;
    }
  });
  const refsOk = checkBuildingRefs(b, path, ctx.problems) && zoneOk;
  return rules.problems.length === 0 && refsOk ? b : undefined;
}
