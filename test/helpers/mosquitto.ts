// Starts a real Mosquitto (Debian package `mosquitto`, installed by .ci/run) on a free port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { freePort, waitFor } from './ports.js';

export const MOSQUITTO_BIN = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => fs.existsSync(p));
const MOSQUITTO_PASSWD_BIN = ['/usr/bin/mosquitto_passwd', '/usr/sbin/mosquitto_passwd'].find((p) => fs.existsSync(p)) ?? 'mosquitto_passwd';

export interface Mosquitto {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  /** user name → password: the broker then refuses anonymous clients (mosquitto_passwd file) */
  users?: Record<string, string>;
}

export async function startMosquitto(extraConf = '', opts: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!MOSQUITTO_BIN) throw new Error('mosquitto is not installed: run .ci/run (apt-get install mosquitto)');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-mosq-'));
  const conf = path.join(dir, 'mosquitto.conf');
  let auth = '';
  if (opts.users) {
    const pwfile = path.join(dir, 'passwd');
    for (const [i, [user, pass]] of Object.entries(opts.users).entries()) {
      execFileSync(MOSQUITTO_PASSWD_BIN, [...(i === 0 ? ['-c'] : []), '-b', pwfile, user, pass], { stdio: 'ignore' });
    }
    // Started as root, Mosquitto drops to the `mosquitto` user before reading the password file,
    // which it then cannot read in this 0700 folder; `user` has no effect for other users.
    auth = `password_file ${pwfile}\nallow_anonymous false\n${process.getuid?.() === 0 ? 'user root\n' : ''}`;
  }
  fs.writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\nmax_inflight_messages 1000\n${auth}${extraConf}\n`);
  const proc: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += d));
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    5000,
  ).catch(() => {
    throw new Error(`mosquitto did not start: ${stderr}`);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
