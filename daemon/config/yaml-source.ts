// The site file as YAML: plain JS value for validation, plus a way back from a key path to the
// line it came from so every problem can say where to look.
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { PathSegment } from './problems.js';

export interface YamlSyntaxError {
  line: number;
  message: string;
}

export interface YamlSource {
  value: unknown;
  syntaxErrors: YamlSyntaxError[];
  /** Line of the key (or list item) at `path`; for a missing key, the line of its parent. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors off: we want the short message and compute the line ourselves.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const lineOf = (path: readonly PathSegment[]): number | undefined => locate(doc, path, lineAt);
  // Only the first syntax error: the ones after it are usually the parser losing its footing.
  const syntaxErrors = doc.errors.slice(0, 1).map((e) => ({ line: lineAt(e.pos[0]), message: firstLine(e.message) }));
  if (syntaxErrors.length > 0) return { value: undefined, syntaxErrors, lineOf };
  try {
    // A low alias budget: a site file has no reason to expand into a huge structure.
    const shared: unknown = doc.toJS({ maxAliasCount: 100 });
    const cycles: YamlSyntaxError[] = [];
    const onCycle = (path: PathSegment[]): void => {
      cycles.push({ line: lineOf(path) ?? 1, message: 'an alias refers to a mapping or list that contains it' });
    };
    const value = cloneTree(shared, [], onCycle, new Set());
    return { value, syntaxErrors: cycles.slice(0, 1), lineOf };
  } catch (err) {
    const message = err instanceof Error ? firstLine(err.message) : String(err);
    return { value: undefined, syntaxErrors: [{ line: 1, message }], lineOf };
  }
}

/**
 * toJS gives aliases the same object, and validation fills defaults in place: each entry gets its
 * own copy. A self-referencing alias would make validation recurse forever, so it is refused.
 */
function cloneTree(value: unknown, path: PathSegment[], onCycle: (path: PathSegment[]) => void, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  if (ancestors.has(value)) {
    onCycle(path);
    return null;
  }
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v: unknown, i) => cloneTree(v, [...path, i], onCycle, ancestors));
  } else {
    // fromEntries defines own properties: a `__proto__` key stays a plain (unknown) key.
    out = Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, cloneTree(v, [...path, k], onCycle, ancestors)]),
    );
  }
  ancestors.delete(value);
  return out;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function locate(doc: Document, path: readonly PathSegment[], lineAt: (offset: number) => number): number | undefined {
  let node: unknown = doc.contents;
  let offset = isNodeWithRange(node) ? node.range[0] : 0;
  for (const seg of path) {
    // Inside an alias, the line that matters is the alias itself, not the anchor far above.
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyName(p.key) === String(seg));
      if (!pair) break;
      if (isNodeWithRange(pair.key)) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!isNodeWithRange(item)) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return lineAt(offset);
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}
