// In-process GPIO for tests, the demo and machines without GPIO. First-class: it keeps the
// same rules as the real backend (one owner per line, no use after release, edges filtered
// as requested) and records every output write so tests can prove there was no glitch.
import type { Edge, GpioBackend, InputLine, InputOptions, Level, OutputLine, OutputOptions } from './types.js';
import { assertBcmLine, edgeWanted, lineBusy, lineReleased } from './types.js';

export interface WriteRecord {
  value: Level;
  atMs: number;
}

export interface SimulatedLineInfo {
  line: number;
  direction: 'out' | 'in';
  /** What read() returns (inputs: after activeLow). */
  value: Level;
  /** The physical level on the wire. */
  level: Level;
  label?: string;
  edge?: Edge;
  activeLow?: boolean;
}

export interface SimulatedBackend extends GpioBackend {
  readonly name: 'simulated';
  readonly base: null;
  /** Drives the physical level of an input line (the wire), firing watchers on an edge. */
  setInput(line: number, level: Level): void;
  /** Every level driven on an output line, the request's initial level first. */
  history(line: number): readonly WriteRecord[];
  /** Lines currently requested, sorted by line. */
  snapshot(): SimulatedLineInfo[];
}

export interface SimulatedOptions {
  /** Clock for history and watch times; default performance.now(). */
  now?: () => number;
  /**
   * Level of an input nobody has driven yet; default 1 because Relais inputs are wired with
   * pull-ups (buttons to GND, X1200 GPIO6 high while mains is present).
   */
  idleLevel?: Level;
}

type Watcher = (value: Level, atMs: number) => void;

interface HeldLine {
  direction: 'out' | 'in';
  label?: string;
  edge: Edge;
  activeLow: boolean;
  watchers: Set<Watcher>;
  release(): void;
}

export function createSimulatedBackend(opts: SimulatedOptions = {}): SimulatedBackend {
  const now = opts.now ?? (() => performance.now());
  const idle = opts.idleLevel ?? 1;
  // Physical level per line; kept after release, as sysfs keeps an exported line's level.
  const levels = new Map<number, Level>();
  const held = new Map<number, HeldLine>();
  const histories = new Map<number, WriteRecord[]>();

  const levelOf = (line: number): Level => levels.get(line) ?? idle;
  const valueOf = (line: number, h: HeldLine): Level => (h.activeLow ? ((1 - levelOf(line)) as Level) : levelOf(line));

  function drive(line: number, value: Level): void {
    levels.set(line, value);
    let records = histories.get(line);
    if (!records) histories.set(line, (records = []));
    records.push({ value, atMs: now() });
  }

  function claim(line: number, h: HeldLine): void {
    assertBcmLine(line);
    const owner = held.get(line);
    if (owner) throw lineBusy(line, owner.label);
    held.set(line, h);
  }

  function requestOutput(line: number, initial: Level, o: OutputOptions = {}): OutputLine {
    let released = false;
    const h: HeldLine = {
      direction: 'out',
      label: o.label,
      edge: 'none',
      activeLow: false,
      watchers: new Set(),
      release() {
        if (released) return;
        released = true;
        held.delete(line);
      },
    };
    claim(line, h);
    drive(line, initial); // one record, at the requested level: the no-glitch proof
    const check = (): void => {
      if (released) throw lineReleased(line);
    };
    return {
      line,
      write(v: Level) {
        check();
        drive(line, v);
      },
      read() {
        check();
        return levelOf(line);
      },
      release: () => h.release(),
    };
  }

  function requestInput(line: number, o: InputOptions = {}): InputLine {
    let released = false;
    const h: HeldLine = {
      direction: 'in',
      label: o.label,
      edge: o.edge ?? 'both',
      activeLow: o.activeLow ?? false,
      watchers: new Set(),
      release() {
        if (released) return;
        released = true;
        h.watchers.clear();
        held.delete(line);
      },
    };
    claim(line, h);
    const check = (): void => {
      if (released) throw lineReleased(line);
    };
    return {
      line,
      read() {
        check();
        return valueOf(line, h);
      },
      watch(cb: Watcher) {
        check();
        h.watchers.add(cb);
        return () => {
          h.watchers.delete(cb);
        };
      },
      release: () => h.release(),
    };
  }

  function setInput(line: number, level: Level): void {
    assertBcmLine(line);
    const h = held.get(line);
    if (h?.direction === 'out') {
      throw new Error(`GPIO line ${line} is an output (${h.label ?? 'no label'}); setInput drives input lines only.`);
    }
    const before = levelOf(line);
    levels.set(line, level);
    if (!h || before === level) return; // no edge, or nobody listening
    const value = valueOf(line, h);
    if (!edgeWanted(h.edge, value)) return;
    const at = now();
    // Every watcher hears the edge even if one throws; the first error is rethrown after.
    const errors: unknown[] = [];
    for (const cb of [...h.watchers]) {
      try {
        cb(value, at);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  return {
    name: 'simulated',
    base: null,
    requestOutput,
    requestInput,
    setInput,
    history: (line) => [...(histories.get(line) ?? [])],
    snapshot() {
      return [...held.entries()]
        .sort(([a], [b]) => a - b)
        .map(([line, h]) => {
          const info: SimulatedLineInfo = { line, direction: h.direction, value: levelOf(line), level: levelOf(line) };
          if (h.label !== undefined) info.label = h.label;
          if (h.direction === 'in') {
            info.value = valueOf(line, h);
            info.edge = h.edge;
            info.activeLow = h.activeLow;
          }
          return info;
        });
    },
    async releaseAll() {
      for (const h of [...held.values()]) h.release();
    },
  };
}
