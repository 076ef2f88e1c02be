// `serial:` the LoRa point-to-point module on a USB/UART port. Absent = no serial radio.
import { Type, type Static } from '@sinclair/typebox';
import type { PathSegment } from '../problems.js';
import { checkObject, isDict } from '../validate.js';
import { NonEmpty, Strict, type SectionContext } from './common.js';

/** Supported modules and their factory baud rate (RAK3172 RUI3 AT firmware; RN2483 / LoStik). */
export const SERIAL_MODULES = { rak3172: 115200, rn2483: 57600 } as const;
export type SerialModule = keyof typeof SERIAL_MODULES;

export const SerialSchema = Type.Object(
  {
    path: NonEmpty(),
    module: Type.Union([Type.Literal('rak3172'), Type.Literal('rn2483')]),
    baudRate: Type.Integer({ minimum: 1200, maximum: 4000000 }),
    reopenMs: Type.Integer({ minimum: 100, maximum: 600000, default: 2000 }),
  },
  Strict,
);
export type SerialSettings = Static<typeof SerialSchema>;

export function checkSerial(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): SerialSettings | undefined {
  raw = raw === null ? {} : raw; // `serial:` left empty: report the missing keys, not "not a mapping"
  if (isDict(raw) && raw.baudRate === undefined) {
    // The default depends on the module; an unknown module is reported on its own key.
    const known = Object.prototype.hasOwnProperty.call(SERIAL_MODULES, String(raw.module));
    raw.baudRate = known ? SERIAL_MODULES[raw.module as SerialModule] : SERIAL_MODULES.rak3172;
  }
  const result = checkObject(SerialSchema, raw, path, ctx.problems);
  return result.ok ? result.value : undefined;
}
