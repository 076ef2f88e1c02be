// TypeBox does the checking; this file turns its errors into sentences a caretaker or a city IT
// person can act on ("must be an integer between 1 and 65535"), with the key path and line.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { PathSegment, Problems } from './problems.js';
import { closest, listBrief } from './suggest.js';

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface CheckOptions {
  /** Keys valid in a sibling variant (devEui on a zigbee2mqtt sensor): say where they belong. */
  foreignKeys?: Readonly<Record<string, string>>;
}

export type CheckResult<T extends TObject> = { ok: true; value: Static<T> } | { ok: false; value: unknown };

/**
 * Applies defaults, then validates `raw` against `schema` and reports every error under `path`.
 * The value is returned even when invalid so callers can run further checks on what is usable.
 */
export function checkObject<T extends TObject>(
  schema: T,
  raw: unknown,
  path: readonly PathSegment[],
  problems: Problems,
  options: CheckOptions = {},
): CheckResult<T> {
  const value = Value.Default(schema, nullAsEmpty(schema, raw));
  const seen = new Set<string>();
  const errors: { type: ValueErrorType; at: PathSegment[]; schema: TSchema; value: unknown }[] = [];
  for (const e of Value.Errors(schema, value)) {
    const rel = pointerToPath(e.path, value);
    const key = JSON.stringify(rel);
    if (seen.has(key)) continue; // one message per key: the first (e.g. "is required") says most
    seen.add(key);
    errors.push({ type: e.type, at: [...path, ...rel], schema: e.schema, value: e.value });
  }
  // `devEUI:` gives "did you mean devEui?"; a second "devEui is required" would be noise.
  const suggested = new Set<string>();
  const messages = errors.map((e) => {
    if (e.type !== ValueErrorType.ObjectAdditionalProperties) return '';
    const { message, guess } = unknownKeyProblem(e.at, e.schema as TObject, path.length, options);
    if (guess !== undefined) suggested.add(JSON.stringify([...e.at.slice(0, -1), guess]));
    return message;
  });
  errors.forEach((e, i) => {
    if (e.type === ValueErrorType.ObjectAdditionalProperties) {
      problems.add('RELAIS_CONFIG_UNKNOWN_KEY', e.at, messages[i]);
    } else if (e.type === ValueErrorType.ObjectRequiredProperty) {
      if (!suggested.has(JSON.stringify(e.at))) problems.invalid(e.at, 'is required');
    } else {
      problems.invalid(e.at, mustBe(e.schema, e.value));
    }
  });
  return errors.length === 0 ? { ok: true, value: value as Static<T> } : { ok: false, value };
}

function unknownKeyProblem(
  at: PathSegment[],
  schema: TObject,
  depth: number,
  options: CheckOptions,
): { message: string; guess?: string } {
  const name = String(at[at.length - 1]);
  const known = Object.keys(schema.properties ?? {});
  // Foreign-key hints only apply to the object's own keys, not to nested mappings.
  const foreign = at.length === depth + 1 ? (options.foreignKeys ?? {}) : {};
  if (Object.prototype.hasOwnProperty.call(foreign, name)) return { message: foreign[name] };
  const guess = closest(name, known);
  if (guess !== undefined) return { message: unknownKeyMessage(name, known), guess };
  const near = closest(name, Object.keys(foreign));
  return { message: near !== undefined ? foreign[near] : unknownKeyMessage(name, known) };
}

export function unknownKeyMessage(name: string, known: readonly string[]): string {
  const guess = closest(name, known);
  if (guess !== undefined) return `unknown key; did you mean ${guess}?`;
  return known.length > 0 ? `unknown key; expected one of: ${listBrief(known, 12)}` : 'unknown key';
}

/** "must be …" for a value that does not match `schema`, with a hint when YAML typed it oddly. */
export function mustBe(schema: TSchema, value: unknown): string {
  let message = `must be ${describe(schema)}`;
  if (schema.type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // `address: 01` or `devEui: 1234…` are read as numbers by YAML; quoting keeps them as text.
    message += ` (put it in quotes: YAML read it as ${typeof value === 'number' ? 'a number' : 'true/false'})`;
  }
  return message;
}

/** What a schema accepts, in words. A schema may say it itself with an `expected` option. */
export function describe(schema: TSchema): string {
  if (typeof schema.expected === 'string') return schema.expected;
  if ('const' in schema) return String(schema.const);
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((s: TSchema) => 'const' in s)) {
    return `one of: ${schema.anyOf.map((s: TSchema) => String(s.const)).join(', ')}`;
  }
  switch (schema.type) {
    case 'integer':
      return `an integer${range(schema)}`;
    case 'number':
      return `a number${range(schema)}`;
    case 'string':
      return describeString(schema);
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    default:
      return 'a valid value';
  }
}

function range(s: TSchema): string {
  const min = typeof s.minimum === 'number' ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : undefined;
  if (typeof s.exclusiveMinimum === 'number') return ` greater than ${s.exclusiveMinimum}`;
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function describeString(s: TSchema): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : undefined;
  if (max !== undefined) return `text of ${Math.max(min, 1)} to ${max} characters`;
  return min > 0 ? 'a non-empty string' : 'a string';
}

/** JSON pointer (`/sensors/2/devEui`) → path segments, numbers where the value is a list. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isDict(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

/** `embedded:` with nothing after it means "all defaults", not "null": treat it as `{}`. */
function nullAsEmpty(schema: TSchema, value: unknown): unknown {
  if (schema.type !== 'object' || !isDict(schema.properties)) return value;
  if (value === null) return {};
  if (!isDict(value)) return value;
  for (const [key, sub] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (Object.prototype.hasOwnProperty.call(value, key)) value[key] = nullAsEmpty(sub, value[key]);
  }
  return value;
}
