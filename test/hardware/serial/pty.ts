// A real pseudo-terminal pair made by socat, standing in for a USB LoRa module:
// the receiver opens `dev`, the test plays the module on `peer`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SocatPair {
  private proc: ChildProcess | null = null;
  constructor(
    readonly dev: string,
    readonly peer: string,
  ) {}

  /** Starts socat and waits until both links exist. */
  async start(): Promise<void> {
    const proc = spawn('socat', [`pty,raw,echo=0,link=${this.dev}`, `pty,raw,echo=0,link=${this.peer}`], {
      stdio: 'ignore',
    });
    this.proc = proc;
    let exited = false;
    proc.once('exit', () => (exited = true));
    await waitFor(() => exited || (existsSync(this.dev) && existsSync(this.peer)), 'socat links');
    if (exited) throw new Error('socat exited at start');
  }

  /** "Unplug": SIGTERM so socat removes its links, as udev removes /dev/ttyUSB0. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}

/** The module side: collects what the receiver sends, writes lines to it. */
export class Peer {
  received = '';
  private port: SerialPort;

  private constructor(port: SerialPort) {
    this.port = port;
    port.on('data', (d: Buffer) => (this.received += d.toString('latin1')));
    port.on('error', () => {}); // socat killed under us: expected in the unplug tests
  }

  static async open(path: string): Promise<Peer> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new Peer(port);
  }

  /** Commands received so far (CRLF-terminated lines). */
  commands(): string[] {
    return this.received.split('\r\n').slice(0, -1);
  }

  async send(...lines: string[]): Promise<void> {
    await this.sendRaw(lines.map((l) => `${l}\r\n`).join(''));
  }

  async sendRaw(data: string | Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.write(data, (err) => (err ? reject(err) : this.port.drain(() => resolve()))),
    );
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
