// Commands the receiver sends to put a module in receive mode, and the queue that paces them.
import type { LoRaModule } from './lines.js';

/** Continuous receive. RAK: PRECV=65534 = RX with no timeout. RN2483: pause LoRaWAN, then RX. */
export function setupCommands(module: LoRaModule): string[] {
  return module === 'rak3172' ? ['AT+PRECV=65534'] : ['mac pause', 'radio rx 0'];
}

/**
 * Commands that put the radio back in RX after it left it (RN2483 after every radio_rx and after
 * radio_err, which its 15 s watchdog prints when nothing came; RAK only after an RX timeout).
 * `mac pause` lasts ~49.7 days, so it is renewed once a day instead of at every packet.
 */
export function rearmCommands(module: LoRaModule, msSincePause: number): string[] {
  if (module === 'rak3172') return ['AT+PRECV=65534'];
  return msSincePause > PAUSE_RENEW_MS ? ['mac pause', 'radio rx 0'] : ['radio rx 0'];
}

export const PAUSE_RENEW_MS = 24 * 3600_000;
export const DEFAULT_BAUD: Record<LoRaModule, number> = { rak3172: 115200, rn2483: 57600 };

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Sends one command at a time and waits for the module's reply (or replyTimeoutMs) before the
 * next: the RN2483 drops commands that arrive while it is still answering the previous one.
 */
export class CommandQueue {
  private queue: string[] = [];
  private waiting: unknown = null;

  constructor(
    private readonly write: (command: string) => void,
    private readonly replyTimeoutMs: number,
    private readonly timers: Timers = { setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  ) {}

  /** Queue commands; a command already queued and not yet sent is not queued twice. */
  send(commands: readonly string[]): void {
    for (const c of commands) if (!this.queue.includes(c)) this.queue.push(c);
    if (this.waiting === null) this.next();
  }

  /** The module answered: send the next command. */
  replied(): void {
    if (this.waiting === null) return;
    this.timers.clearTimeout(this.waiting);
    this.waiting = null;
    this.next();
  }

  /** Drop everything (port closed). */
  clear(): void {
    if (this.waiting !== null) this.timers.clearTimeout(this.waiting);
    this.waiting = null;
    this.queue = [];
  }

  get busy(): boolean {
    return this.waiting !== null || this.queue.length > 0;
  }

  private next(): void {
    const c = this.queue.shift();
    if (c === undefined) return;
    this.waiting = this.timers.setTimeout(() => {
      this.waiting = null;
      this.next();
    }, this.replyTimeoutMs);
    this.write(c);
  }
}
