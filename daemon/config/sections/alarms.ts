// `alarms:` how a cold-chain alarm makes itself heard on site: the relays of a buzzer or beacon
// (declared as lights in `building`), and when an unacknowledged alarm escalates.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { checkObject } from '../validate.js';
import { Slug, Strict, type SectionContext } from './common.js';

export const AlarmsSchema = Type.Object(
  {
    outputs: Type.Object({ primary: Type.Optional(Slug()), secondary: Type.Optional(Slug()) }, { ...Strict, default: {} }),
    escalateAfterMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
    repeatMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  },
  Strict,
);
export type AlarmsSettings = Static<typeof AlarmsSchema>;

export function checkAlarms(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): AlarmsSettings | undefined {
  const r = checkObject(AlarmsSchema, raw ?? {}, path, ctx.problems);
  if (!r.ok) return undefined;
  const lights = new Set((ctx.config.building?.lights ?? []).map((l) => l.id));
  let ok = true;
  for (const which of ['primary', 'secondary'] as const) {
    const id = r.value.outputs[which];
    if (id !== undefined && !lights.has(id)) {
      ctx.problems.invalid([...path, 'outputs', which], `"${id}" is not a relay declared under building.lights (a buzzer or beacon is declared there)`);
      ok = false;
    }
  }
  return ok ? r.value : undefined;
}
