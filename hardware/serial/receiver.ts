// Receives Relais sensor frames from a serial LoRa P2P module (RAK3172 RUI3 or RN2483/LoStik).
// Survives the module being unplugged: reports the port closed and reopens it every reopenMs.
import type { TransformCallback } from 'node:stream';
import { ReadlineParser, SerialPort } from 'serialport';
import { ERROR_CODES } from '../../common/errors.js';
import { CommandQueue, DEFAULT_BAUD, rearmCommands, setupCommands } from './commands.js';
import { decodeFrame, FrameError, hexToBytes } from './frame.js';
import { LineParser, type LineEvent, type RxPacket } from './lines.js';
import type { MetricValue } from '../../common/metrics.js';
import type { LoRaSerialReceiverOptions, ReceivedFrame, ReceiverLogger, ReceiverStatus, RejectReason } from './types.js';

export type { LoRaSerialReceiverOptions, ReceivedFrame, ReceiverLogger, ReceiverStatus, RejectReason } from './types.js';

/** Bytes without a line end after which the partial line is thrown away (noise, wrong baud rate). */
const OVERFLOW_BYTES = 4096;
const REJECT_LOG_INTERVAL_MS = 60_000;
const noop = (): void => {};
const SILENT: ReceiverLogger = { debug: noop, info: noop, warn: noop };

/** ReadlineParser whose buffer cannot grow without bound when no line end ever comes. */
class BoundedReadlineParser extends ReadlineParser {
  override _transform(chunk: Buffer, encoding: BufferEncoding, cb: TransformCallback): void {
    super._transform(chunk, encoding, (err?: Error | null) => {
      if (this.buffer.length > OVERFLOW_BYTES) {
        this.buffer = Buffer.alloc(0);
        this.emit('overflow');
      }
      cb(err);
    });
  }
}

export class LoRaSerialReceiver {
  private readonly opts: LoRaSerialReceiverOptions;
  private readonly log: ReceiverLogger;
  private readonly now: () => number;
  private readonly reopenMs: number;
  private readonly setup: boolean;
  private readonly lines = new LineParser();
  private readonly commands: CommandQueue;
  private port: SerialPort | null = null;
  private started = false;
  private stopped = false;
  private reopenTimer: NodeJS.Timeout | null = null;
  private framesReceived = 0;
  private rejected: Partial<Record<RejectReason, number>> = {};
  private lastError: string | null = null;
  private lastFrameAt: number | null = null;
  private lastPauseAt = -Infinity;
  private dropNextLine = false;
  private lastRejectLog = new Map<RejectReason, number>();
  private lastEmitted = '';

  constructor(opts: LoRaSerialReceiverOptions) {
    this.opts = opts;
    this.log = opts.logger ?? SILENT;
    this.now = opts.now ?? Date.now;
    this.reopenMs = Math.max(50, opts.reopenMs ?? 2000);
    this.setup = opts.setup ?? true;
    this.commands = new CommandQueue((c) => this.write(c), opts.replyTimeoutMs ?? 1000);
  }

  /** Starts opening the port. Resolves after the first attempt, open or not; never rejects:
   *  a missing device is retried every reopenMs. */
  open(): Promise<void> {
    if (this.started || this.stopped) return Promise.resolve();
    this.started = true;
    return this.tryOpen();
  }

  /** Stops retrying and closes the port. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.commands.clear();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.emitStatus();
  }

  status(): ReceiverStatus {
    return {
      path: this.opts.path,
      open: this.port !== null,
      module: this.opts.module,
      framesReceived: this.framesReceived,
      rejected: { ...this.rejected },
      lastError: this.lastError,
      lastFrameAt: this.lastFrameAt,
    };
  }

  private tryOpen(): Promise<void> {
    this.reopenTimer = null;
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let port: SerialPort;
      try {
        port = new SerialPort({
          path: this.opts.path,
          baudRate: this.opts.baudRate ?? DEFAULT_BAUD[this.opts.module],
          autoOpen: false,
        });
      } catch (err) {
        this.openFailed(err); // bad options: retrying will not help, but it must not throw out either
        return resolve();
      }
      // An 'error' event without a listener would throw out of the daemon.
      port.on('error', (err) => this.log.debug({ path: this.opts.path, err: err.message }, 'serial port error'));
      port.open((err) => {
        if (err) this.openFailed(err);
        else if (this.stopped) port.close(() => {});
        else this.attach(port);
        resolve();
      });
    });
  }

  private attach(port: SerialPort): void {
    this.port = port;
    this.lines.reset();
    this.dropNextLine = false;
    const parser = port.pipe(new BoundedReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    parser.on('data', (line: string) => {
      if (port === this.port) this.onLine(line);
    });
    parser.on('overflow', () => {
      this.dropNextLine = true; // the rest of that line, up to its line end, is noise too
      this.reject('line_too_long', `no line end within ${OVERFLOW_BYTES} bytes`);
    });
    port.on('close', (err?: Error) => this.lost(port, err?.message ?? 'port closed'));
    // Some drivers end the stream instead of failing the read.
    port.on('end', () => {
      this.lost(port, 'end of stream');
      port.close(() => {});
    });
    this.log.info({ path: this.opts.path, module: this.opts.module }, 'LoRa serial port open');
    this.emitStatus();
    if (this.setup) this.commands.send(setupCommands(this.opts.module));
  }

  private lost(port: SerialPort, reason: string): void {
    if (port !== this.port) return;
    this.port = null;
    this.commands.clear();
    this.lines.reset();
    if (this.stopped) return;
    this.lastError = reason;
    this.log.warn({ code: 'RELAIS_SERIAL_OPEN', path: this.opts.path, err: reason }, 'LoRa serial port lost; reopening');
    this.emitStatus();
    this.scheduleReopen();
  }

  private openFailed(err: unknown): void {
    const msg = err instanceof Error ? err.message : String(err);
    // Log a new error once, not at every retry: a module can stay unplugged for weeks.
    const fields = { code: 'RELAIS_SERIAL_OPEN', path: this.opts.path, err: msg };
    if (msg === this.lastError) this.log.debug(fields, ERROR_CODES.RELAIS_SERIAL_OPEN);
    else this.log.warn(fields, ERROR_CODES.RELAIS_SERIAL_OPEN);
    this.lastError = msg;
    this.emitStatus();
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (this.stopped || this.reopenTimer) return;
    this.reopenTimer = setTimeout(() => void this.tryOpen(), this.reopenMs);
  }

  private write(command: string): void {
    const port = this.port;
    if (!port) return;
    if (command === 'mac pause') this.lastPauseAt = this.now();
    this.log.debug({ path: this.opts.path, command }, 'LoRa serial command');
    port.write(`${command}\r\n`, (err) => {
      if (err) this.log.debug({ path: this.opts.path, command, err: err.message }, 'serial write failed');
    });
  }

  private onLine(line: string): void {
    if (this.dropNextLine) {
      this.dropNextLine = false;
      return;
    }
    for (const ev of this.lines.feed(line)) this.onEvent(ev);
  }

  private onEvent(ev: LineEvent): void {
    switch (ev.type) {
      case 'packet':
        this.onPacket(ev.packet);
        if (this.setup && this.opts.module === 'rn2483') this.rearm(); // RN2483 leaves RX after a packet
        break;
      case 'reject':
        this.reject(ev.reason, ev.detail);
        break;
      case 'reply':
        // A refusal usually means the module is not in P2P mode (RAK: AT+NWM=0; RN2483: mac pause).
        if (/ERROR$|^invalid_param$|^denied$/.test(ev.line)) {
          this.log.info({ path: this.opts.path, reply: ev.line }, 'LoRa module refused a receive command');
        }
        this.commands.replied();
        break;
      case 'rx_idle':
        if (this.setup) this.rearm();
        break;
      case 'boot':
        this.log.info({ path: this.opts.path, module: ev.module }, 'LoRa module restarted');
        if (this.setup) {
          this.commands.clear();
          this.commands.send(setupCommands(this.opts.module));
        }
        break;
    }
  }

  private rearm(): void {
    this.commands.send(rearmCommands(this.opts.module, this.now() - this.lastPauseAt));
  }

  private onPacket(p: RxPacket): void {
    let decoded: { address: string; values: MetricValue[] };
    try {
      decoded = decodeFrame(hexToBytes(p.hex));
    } catch (err) {
      const hex = p.hex.length > 80 ? `${p.hex.slice(0, 80)}…` : p.hex;
      if (err instanceof FrameError) this.reject(err.reason, `${err.message} (${hex})`);
      else this.reject('decode_error', `${String(err)} (${hex})`);
      return;
    }
    this.framesReceived++;
    this.lastFrameAt = this.now();
    const frame: ReceivedFrame = { ...decoded, module: p.module, hex: p.hex, receivedAt: this.lastFrameAt };
    if (p.rssi !== undefined) frame.rssi = p.rssi;
    if (p.snr !== undefined) frame.snr = p.snr;
    this.safely('onFrame', () => this.opts.onFrame(frame));
  }

  private reject(reason: RejectReason, detail: string): void {
    const count = (this.rejected[reason] ?? 0) + 1;
    this.rejected[reason] = count;
    // Bounded: one line per reason per minute, with the running count.
    const t = this.now();
    const last = this.lastRejectLog.get(reason);
    if (last === undefined || t - last >= REJECT_LOG_INTERVAL_MS) {
      this.lastRejectLog.set(reason, t);
      this.log.warn({ code: 'RELAIS_SERIAL_REJECTED', path: this.opts.path, reason, detail, count }, ERROR_CODES.RELAIS_SERIAL_REJECTED);
    }
    this.safely('onReject', () => this.opts.onReject?.(reason, detail));
  }

  /** onStatus only when open/lastError change, so a missing module does not flood it. */
  private emitStatus(): void {
    const s = this.status();
    const key = `${s.open}|${s.lastError}`;
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.safely('onStatus', () => this.opts.onStatus?.(s));
  }

  private safely(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn({ path: this.opts.path, err: String(err) }, `${name} callback threw`);
    }
  }
}
