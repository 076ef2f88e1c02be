// Random damage to the minimal file must always end in a ConfigError whose every problem says
// where (a path and a line): never a TypeError, never a problem a person cannot locate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ERROR_CODES } from '../../../common/errors.js';
import { ConfigError, parseSiteConfig } from '../../../daemon/config/index.js';
import { MINIMAL } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const BASE = parse(MINIMAL) as Json;

function allPaths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...allPaths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...allPaths(v, [...prefix, k]));
  }
  return out;
}
const PATHS = allPaths(BASE);

type Mutation =
  | { kind: 'rename'; at: number; key: string }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number };

const keyArb = fc.oneof(
  fc.constantFrom('devEUI', 'devEui', 'topic', 'address', 'source', 'id', 'name', 'url', 'embedded', 'qos', 'zone'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', '0', 'a.b', 'é'),
  fc.string({ maxLength: 12 }),
);
const valueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>('24e124128c147204', 'Europe/Paris', 'lorawan', 'zigbee2mqtt', 'serial', 'mqtt', 'A1', 'frigo-1'),
  fc.constantFrom<Json>('mqtt://broker', 'zigbee2mqtt/salle-cp', 'relais/sensors/couloir', '#', '', null, true, 0, -1, 1e300),
  fc.integer(),
  fc.double({ noDefaultInfinity: false }),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(PATHS.length - 1), key: keyArb }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(PATHS.length - 1), value: valueArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(PATHS.length - 1) }),
);
// Character-level damage, for YAML syntax errors.
const textEditArb = fc.record({
  pos: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(3),
  insert: fc.string({
    unit: fc.constantFrom(':', '-', ' ', '\n', '"', "'", '[', '{', '}', '#', '\t', '&', '*', '!', 'a', '1'),
    maxLength: 4,
  }),
});

function apply(root: Json, m: Mutation): Json {
  const path = PATHS[m.at];
  const copy = structuredClone(root);
  let parent: Json = copy;
  for (const seg of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return copy; // an earlier mutation removed it
    parent = (parent as Record<string, Json>)[seg as string] ?? null;
  }
  const last = path[path.length - 1];
  if (parent === null || typeof parent !== 'object' || !Object.prototype.hasOwnProperty.call(parent, last)) return copy;
  if (Array.isArray(parent)) {
    if (m.kind === 'delete') parent.splice(last as number, 1);
    else parent[last as number] = m.kind === 'replace' ? m.value : parent[last as number];
    return copy;
  }
  const entries = Object.entries(parent)
    .filter(([k]) => m.kind !== 'delete' || k !== last)
    .map(([k, v]): [string, Json] => [m.kind === 'rename' && k === last ? m.key : k, m.kind === 'replace' && k === last ? m.value : v]);
  for (const k of Object.keys(parent)) delete parent[k];
  // defineProperty: a renamed `__proto__` key must stay a plain key, as YAML would give it.
  for (const [k, v] of entries) Object.defineProperty(parent, k, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

function checkOutcome(text: string): void {
  try {
    const cfg = parseSiteConfig(text, 'site.yaml', { knownModels: ['milesight-em300-th'] });
    for (const s of cfg.sensors) expect(Number.isInteger(s.intervalS)).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    const lines = text.split('\n').length;
    for (const p of problems) {
      expect(typeof p.path === 'string' && p.path.length > 0, JSON.stringify(p)).toBe(true);
      expect(Number.isInteger(p.line) && p.line! >= 1 && p.line! <= lines, JSON.stringify(p)).toBe(true);
      expect(p.message.length).toBeGreaterThan(0);
      expect(ERROR_CODES).toHaveProperty(p.code);
    }
  }
}

describe('random damage to the minimal file', () => {
  it('renamed keys and replaced or deleted values give only ConfigErrors, each located', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        checkOutcome(stringify(mutations.reduce(apply, BASE)));
      }),
      { numRuns: 400 },
    );
  });

  it('character-level edits of the text give only ConfigErrors, each located', () => {
    fc.assert(
      fc.property(fc.array(textEditArb, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = MINIMAL;
        for (const e of edits) {
          const at = Math.floor(e.pos * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        checkOutcome(text);
      }),
      { numRuns: 400 },
    );
  });
});
