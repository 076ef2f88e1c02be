// A bad calendar file is reported with the file and the field, in words an operator can act on;
// the daemon then keeps the calendar it had (see reloadCalendar).
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { RelaisError } from '../../common/errors.js';

export class CalendarError extends RelaisError {
  constructor(
    readonly file: string,
    /** Dotted path such as records[12].start_date, or null for the whole file. */
    readonly field: string | null,
    readonly reason: string,
  ) {
    super('RELAIS_CALENDAR_INVALID', `calendar data ${file}${field ? `, ${field}` : ''}: ${reason}`, { file, field });
    this.name = 'CalendarError';
  }
}

/** '/records/12/start_date' → 'records[12].start_date' */
export function pointerToField(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function describe(type: ValueErrorType, schema: TSchema, value: unknown): string {
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60) ?? String(value);
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not expected here: remove it or fix its spelling';
    case ValueErrorType.String:
      return `must be text (got ${got})`;
    case ValueErrorType.StringMinLength:
      return `must not be empty or so short (got ${got})`;
    case ValueErrorType.StringPattern:
      return `must match ${String(schema.pattern)} (got ${got})`;
    case ValueErrorType.Integer:
      return `must be a whole number (got ${got})`;
    case ValueErrorType.Array:
      return `must be a list (got ${got})`;
    case ValueErrorType.ArrayMinItems:
      return 'must not be empty';
    case ValueErrorType.Object:
      return `must be an object (got ${got})`;
    default:
      return `is invalid (got ${got})`;
  }
}

/** The first problem TypeBox finds, as { field, reason }; null when the value fits. */
export function firstSchemaError(schema: TSchema, value: unknown): { field: string | null; reason: string } | null {
  const first = Value.Errors(schema, value).First();
  if (!first) return null;
  const field = pointerToField(first.path);
  return { field: field === '' ? null : field, reason: describe(first.type, first.schema, first.value) };
}
