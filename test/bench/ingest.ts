// End-to-end ingest: readings published to the daemon's embedded broker until committed and
// acknowledged, with the daemon in its own process (as on a site) so RSS and lag are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { NODE_FLAGS } from '../../cli/node-flags.js';

export interface IngestFigures {
  readingsPerS: number;
  messagesPerS: number;
  messages: number;
  startToReadyMs: number;
  /** peak RSS while readings arrive at pacedRate (the target rate) */
  pacedPeakRssMb: number;
  pacedRate: number;
  /** peak RSS while a burst of `messages` is published as fast as possible */
  peakRssMb: number;
  idleRssMb: number;
  lagP99Ms: number;
}

function siteYaml(dir: string, httpPort: number, mqttPort: number, sensors: number, rules: boolean): string {
  const list = Array.from({ length: sensors }, (_, i) => `  - id: s${i}\n    name: Capteur ${i}\n    source: mqtt\n`).join('');
  // with the rule engines on: half the sensors are fridge probes, the other half classroom sensors
  const half = Math.floor(sensors / 2);
  const equipment = Array.from({ length: half }, (_, i) => `  - { id: f${i}, name: Frigo ${i}, kind: fridge, sensors: [s${i}] }\n`).join('');
  const rooms = Array.from({ length: sensors - half }, (_, i) => `  - { id: r${i}, name: Salle ${i}, sensors: [s${half + i}] }\n`).join('');
  const ruleYaml = rules ? `equipment:\n${equipment}rooms:\n${rooms}` : '';
  return `site:\n  id: bench\n  name: Banc d'essai\n  timezone: Europe/Paris\nhttp:\n  port: ${httpPort}\nmqtt:\n  embedded:\n    port: ${mqttPort}\nstorage:\n  path: ${dir}/bench.db\nlogging:\n  level: warn\nsensors:\n${list}${ruleYaml}`;
}

/** Plausible values: fridges around +3 °C, classrooms around 20 °C with CO2 climbing slowly. */
function reading(n: number, sensors: number): string {
  const s = n % sensors;
  const wobble = ((n * 7) % 11) / 10 - 0.5;
  if (s < sensors / 2) return `{"temperature":${(3 + wobble).toFixed(1)}}`;
  return `{"temperature":${(20.5 + wobble).toFixed(1)},"co2":${600 + (Math.floor(n / sensors) % 400)}}`;
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function health(url: string): Promise<{ mqtt: { acked: number } } | null> {
  try {
    const r = await fetch(`${url}/api/health`);
    return (await r.json()) as { mqtt: { acked: number } };
  } catch {
    return null;
  }
}

export async function endToEnd(opts: { cliPath: string; messages: number; sensors: number; httpPort: number; mqttPort: number; pacedRate: number; rules?: boolean }): Promise<IngestFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-'));
  const cfgFile = path.join(dir, 'site.yaml');
  fs.writeFileSync(cfgFile, siteYaml(dir, opts.httpPort, opts.mqttPort, opts.sensors, opts.rules ?? false));
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.RELAIS_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? NODE_FLAGS), opts.cliPath, 'site', '--config', cfgFile, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Relais site daemon ready')) resolve(performance.now() - t0);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited (${code}): ${out}`)));
  });
  const startToReadyMs = await ready;
  const api = `http://127.0.0.1:${opts.httpPort}`;
  await new Promise((r) => setTimeout(r, 500));
  const idleRssMb = rssMb(child.pid!, 'VmRSS');
  const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${opts.mqttPort}`, { clientId: 'bench-pub' });
  let sent = 0;
  const waitAcked = async (n: number) => {
    for (;;) {
      const h = await health(api);
      if (h && h.mqtt.acked >= n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // phase 1: the target rate for 5 s, in 10 ms slices
  let pacedPeak = 0;
  let sampler = setInterval(() => (pacedPeak = Math.max(pacedPeak, rssMb(child.pid!, 'VmRSS'))), 100);
  const perSlice = Math.round(opts.pacedRate / 100);
  const tp = performance.now();
  for (let slice = 0; slice < 500; slice++) {
    for (let i = 0; i < perSlice; i++, sent++) pub.publish(`relais/sensors/s${sent % opts.sensors}`, reading(sent, opts.sensors), { qos: 1 });
    const due = tp + (slice + 1) * 10;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await waitAcked(sent);
  clearInterval(sampler);
  // phase 2: a burst as fast as the publisher can go
  let peak = 0;
  sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!, 'VmRSS'))), 100);
  const t1 = performance.now();
  let readings = 0;
  for (let i = 0; i < opts.messages; i++, sent++) {
    readings += sent % opts.sensors < opts.sensors / 2 ? 1 : 2;
    pub.publish(`relais/sensors/s${sent % opts.sensors}`, reading(sent, opts.sensors), { qos: 1 });
    if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
  }
  await waitAcked(sent);
  const elapsed = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  const metrics = await (await fetch(`${api}/metrics`)).text();
  const lag = Number(metrics.match(/^relais_process_nodejs_eventloop_lag_p99_seconds (\S+)$/m)?.[1] ?? NaN) * 1000;
  await pub.endAsync();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  return { readingsPerS: readings / elapsed, messagesPerS: opts.messages / elapsed, messages: opts.messages, startToReadyMs, pacedPeakRssMb: pacedPeak, pacedRate: opts.pacedRate, peakRssMb: peak, idleRssMb, lagP99Ms: lag };
}
