// The `relais` command as an operator runs it: the built dist/cli/relais.js in a child process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { freePort, waitFor } from '../helpers/ports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/relais.js');

let tmp: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  // `npm test` builds in pretest; `npx vitest run` on this file does not: build here (about 1 s).
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cli-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Run {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('close', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Runs a command that is expected to end by itself. */
async function run(args: string[], timeoutMs = 8000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = start(args);
  const timer = setTimeout(() => r.proc.kill('SIGKILL'), timeoutMs);
  const { code } = await r.exited;
  clearTimeout(timer);
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in the file`);
  return i + 1;
}

function write(name: string, text: string, mode = 0o644): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

const BROKEN = `site:
  id: ecole-cassee
  name: École cassée
  timezone: Europe/Paris
  colour: bleu
storage:
  path: ./cassee.db
sensors:
  - id: frigo-1
    name: Chambre froide
    source: lorawan
    devEui: "24e12412"
    model: milesight-em300-th
  - id: salle-cp
    name: Salle de CP
    source: zigbee2mqtt
    topc: zigbee2mqtt/salle-cp
`;

describe('relais check-config', () => {
  it('gpio safe sets every relay de-energised and says so', async () => {
    const file = write('building.yaml', fs.readFileSync(path.join(ROOT, 'examples/building-site.yaml'), 'utf8').replace('backend: auto', 'backend: simulated'));
    const r = await run(['gpio', 'safe', '--config', file]);
    expect(r.code).toBe(0);
    // active-low relays (door, shutter) de-energised = level 1; the active-high light = level 0
    expect(r.stdout).toContain('GPIO 26: safe (level 1)');
    expect(r.stdout).toContain('GPIO 16: safe (level 0)');
    expect(r.stdout).toMatch(/4\/4 outputs safe/);
  });

  it('accepts the shipped minimal example: exit 0 and OK with a summary', async () => {
    const r = await run(['check-config', path.join(ROOT, 'examples/minimal-site.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/minimal-site\.yaml: OK — site ecole-jules-ferry \(École Jules Ferry\), 4 sensors \(1 lorawan, 1 zigbee2mqtt, 1 serial, 1 mqtt\)/);
    expect(r.stderr).toBe('');
  });

  it('rejects a broken file: exit 1, one line per problem with key path and line, top to bottom', async () => {
    const file = write('broken.yaml', BROKEN);
    const r = await run(['check-config', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('OK');
    expect(r.stderr.trim().split('\n')).toEqual([
      `site.colour (line ${lineOf(BROKEN, 'colour:')}): unknown key; expected one of: id, name, timezone, zone, locale`,
      `sensors[0].devEui (line ${lineOf(BROKEN, 'devEui:')}): must be 16 hex digits`,
      `sensors[1].topc (line ${lineOf(BROKEN, 'topc:')}): unknown key; did you mean topic?`,
    ]);
    // the numbers really are the lines of those keys, not an off-by-one
    expect([lineOf(BROKEN, 'colour:'), lineOf(BROKEN, 'devEui:'), lineOf(BROKEN, 'topc:')]).toEqual([5, 12, 17]);
  });

  it('says when the file does not exist: exit 1', async () => {
    const r = await run(['check-config', path.join(tmp, 'absent.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('file not found');
  });
});

describe('relais command line', () => {
  it('an unknown command exits 2 with the usage on stderr', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toContain('relais check-config FILE');
    expect(r.stdout).toBe('');
  });

  it('an unknown option exits 2; site without --config exits 2 with the usage', async () => {
    const r1 = await run(['site', '--frob']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/Unknown option '--frob'/);
    const r2 = await run(['site']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('relais site needs --config FILE');
    expect(r2.stderr).toContain('Usage:');
  });
});

describe('relais site', () => {
  it('refuses an invalid file: non-zero exit, the problems listed, nothing started', async () => {
    const port = await freePort();
    const text = BROKEN.replace('storage:', `http:\n  port: ${port}\nstorage:`);
    const file = write('broken-site.yaml', text);
    const r = await run(['site', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`sensors[0].devEui (line ${lineOf(text, 'devEui:')}): must be 16 hex digits`);
    expect(r.stdout).not.toContain('ready');
    expect(fs.existsSync(path.join(tmp, 'cassee.db'))).toBe(false); // the store was never opened
  });

  it('refuses a password file others can read, telling to chmod 600', async () => {
    const pass = write('mqtt.pass', 'secret\n', 0o644);
    const file = write(
      'open-secret.yaml',
      `site:\n  id: ecole-x\n  name: X\n  timezone: Europe/Paris\nmqtt:\n  url: mqtt://127.0.0.1:${await freePort()}\n  username: relais\n  passwordFile: ${pass}\nstorage:\n  path: ./secret.db\nsensors: []\n`,
    );
    const r = await run(['site', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`mqtt.passwordFile (line 8): must be readable only by its owner: run chmod 600 ${pass}`);
    expect(fs.existsSync(path.join(tmp, 'secret.db'))).toBe(false);
  });

  it('exits 1 with the reason, instead of hanging, when it cannot start (HTTP port taken)', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const file = write(
        'port-taken.yaml',
        `site:\n  id: ecole-x\n  name: X\n  timezone: Europe/Paris\nhttp:\n  port: ${port}\nmqtt:\n  embedded:\n    port: ${await freePort()}\nstorage:\n  path: ./taken.db\nsensors: []\n`,
      );
      const r = await run(['site', '--config', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`EADDRINUSE: address already in use 127.0.0.1:${port}`);
      const fatal = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.level === 60);
      expect(fatal?.msg).toBe('Relais could not start');
      expect(r.stdout).not.toContain('Relais site daemon ready');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('runs: answers /api/health, stores an MQTT reading, stops cleanly on SIGTERM with the reading on disk', async () => {
    const httpPort = await freePort();
    const mqttPort = await freePort();
    const db = path.join(tmp, 'site', 'relais.db'); // a folder that does not exist yet
    const file = write(
      'site.yaml',
      `site:\n  id: ecole-cli\n  name: École CLI\n  timezone: Europe/Paris\nhttp:\n  port: ${httpPort}\nmqtt:\n  embedded:\n    port: ${mqttPort}\nstorage:\n  path: ${db}\nsensors:\n  - id: couloir\n    name: Couloir\n    source: mqtt\n`,
    );
    const site = start(['site', '--config', file]);
    const api = `http://127.0.0.1:${httpPort}`;
    let health: { status: number; body: { status: string; site: { id: string }; mqtt: { connected: boolean } } } | undefined;
    await waitFor(async () => {
      if (site.proc.exitCode !== null) throw new Error(`relais site exited early: ${site.stderr()}${site.stdout()}`);
      try {
        const res = await fetch(`${api}/api/health`);
        health = { status: res.status, body: (await res.json()) as never };
        return res.status === 200;
      } catch {
        return false;
      }
    }, 8000, 50);
    expect(health!.body.status).toBe('ok');
    expect(health!.body.site.id).toBe('ecole-cli');
    expect(health!.body.mqtt.connected).toBe(true);

    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: 'cli-e2e-pub' });
    const N = 25;
    for (let i = 0; i < N; i++) await pub.publishAsync('relais/sensors/couloir', JSON.stringify({ temperature: 18 + i / 10 }), { qos: 1 });
    await pub.endAsync();
    const readings = async () =>
      ((await (await fetch(`${api}/api/readings?sensor=couloir&limit=1000`)).json()) as { readings: Array<{ value: number }> }).readings;
    await waitFor(async () => (await readings()).length === N, 5000, 50);

    const t0 = Date.now();
    expect(site.proc.kill('SIGTERM')).toBe(true);
    const timer = setTimeout(() => site.proc.kill('SIGKILL'), 5000);
    const { code, signal } = await site.exited;
    clearTimeout(timer);
    expect(signal).toBeNull(); // not the SIGKILL above
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);

    const log = site.stdout().trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string });
    const msgs = log.map((l) => l.msg);
    expect(msgs).toContain('Relais site daemon ready');
    expect(msgs).toContain('stopping: flushing the store');
    expect(msgs[msgs.length - 1]).toBe('stopped cleanly');
    expect(log.every((l) => l.level >= 30)).toBe(true); // info is the default level
    // no line per reading at the default level: 25 readings, not 25 lines
    const during = msgs.slice(msgs.indexOf('Relais site daemon ready') + 1, msgs.indexOf('stopping: flushing the store'));
    expect(during.length).toBeLessThan(5);
    expect(site.stdout()).not.toContain('couloir');
    expect(site.stderr()).toBe('');

    // the readings are in the file, and the last connection closed it (WAL checkpointed and removed)
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    const sqlite = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const rows = sqlite.prepare("SELECT sensor_id, metric, value, unit, source FROM readings WHERE sensor_id = 'couloir' ORDER BY seq").all() as Array<{ sensor_id: string; metric: string; value: number; unit: string; source: string }>;
      expect(rows).toHaveLength(N);
      expect(rows[0]).toEqual({ sensor_id: 'couloir', metric: 'temperature', value: 18, unit: '°C', source: 'mqtt' });
      expect(rows.map((r) => r.value)).toEqual(Array.from({ length: N }, (_, i) => 18 + i / 10));
    } finally {
      sqlite.close();
    }
  });
});
