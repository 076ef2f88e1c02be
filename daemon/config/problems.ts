// Problems found in a site file, and the error that carries all of them at once: fixing a config
// over SSH one error per restart is slow, so validation keeps going and reports everything.
import { RelaisError, type ErrorCode } from '../../common/errors.js';

export type PathSegment = string | number;

export interface ConfigProblem {
  code: ErrorCode;
  /** Key path as a person reads it: `sensors[2].devEui`. */
  path: string;
  /** 1-based line in the site file, when known. */
  line?: number;
  /** What is expected, in plain words: `must be 16 hex digits`. */
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['sensors', 2, 'devEui']` → `sensors[2].devEui`; odd keys are quoted so the path stays readable. */
export function formatPath(segments: readonly PathSegment[], rootLabel: string): string {
  if (segments.length === 0) return rootLabel;
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

export function formatProblem(p: ConfigProblem): string {
  return p.line === undefined ? `${p.path}: ${p.message}` : `${p.path} (line ${p.line}): ${p.message}`;
}

export class ConfigError extends RelaisError {
  readonly problems: ConfigProblem[];
  readonly fileName: string;

  constructor(fileName: string, problems: ConfigProblem[]) {
    const codes = new Set(problems.map((p) => p.code));
    // One code when the problems agree (e.g. a YAML syntax error), the generic one otherwise.
    const code: ErrorCode = codes.size === 1 ? [...codes][0] : 'RELAIS_CONFIG_INVALID';
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(code, `${fileName}: ${count} in the site configuration\n${problems.map(formatProblem).join('\n')}`, {
      fileName,
      problems,
    });
    this.name = 'ConfigError';
    this.problems = problems;
    this.fileName = fileName;
  }

  /** One line per problem: `sensors[2].devEui (line 31): must be 16 hex digits`. */
  format(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

/** Collects problems while validation walks the file; turns key paths into lines. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  constructor(
    readonly rootLabel: string,
    private readonly locate: (path: readonly PathSegment[]) => number | undefined,
  ) {}

  add(code: ErrorCode, path: readonly PathSegment[], message: string): void {
    this.list.push({ code, path: formatPath(path, this.rootLabel), line: this.locate(path), message });
  }

  invalid(path: readonly PathSegment[], message: string): void {
    this.add('RELAIS_CONFIG_INVALID', path, message);
  }

  lineOf(path: readonly PathSegment[]): number | undefined {
    return this.locate(path);
  }

  /** `sensors[0] "frigo-1" (line 14)`: how a message names another entry; line taken at `linePath`. */
  describeEntry(path: readonly PathSegment[], linePath: readonly PathSegment[], label?: string): string {
    const line = this.locate(linePath);
    const name = formatPath(path, this.rootLabel) + (label === undefined ? '' : ` "${label}"`);
    return line === undefined ? name : `${name} (line ${line})`;
  }

  /** Problems sorted by line (stable), for a report that reads top to bottom like the file. */
  sorted(): ConfigProblem[] {
    return this.list
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
      .map(({ p }) => p);
  }
}
