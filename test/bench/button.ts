// Button edge to relay write, inside one daemon with the simulated GPIO backend, idle and while
// another process publishes readings at a steady rate. The debounce is intended delay: latency is
// counted from the moment the press is decided (release edge + debounce) to the relay write.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseSiteConfig } from '../../daemon/config/index.js';
import { startSiteDaemon } from '../../daemon/site-daemon.js';
import { createSimulatedBackend } from '../../hardware/gpio/index.js';
import { freePort } from '../helpers/ports.js';

export interface LatencyFigures {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function siteYaml(dir: string, sensors: number): Promise<string> {
  const list = Array.from({ length: sensors }, (_, i) => `  - { id: s${i}, name: Capteur ${i}, source: mqtt }\n`).join('');
  return `site:\n  id: bench\n  name: Banc\n  timezone: Europe/Paris\nhttp:\n  port: ${await freePort()}\nmqtt:\n  embedded:\n    port: ${await freePort()}\nstorage:\n  path: ${dir}/b.db\nlogging:\n  level: warn\nsensors:\n${list}gpio:\n  backend: simulated\nbuilding:\n  lights:\n    - { id: l1, name: Lumière, line: 16 }\n  buttons:\n    - id: b1\n      name: Bouton\n      line: 17\n      debounceMs: 5\n      short: { target: l1, action: "on" }\n      long: { target: l1, action: "off" }\n`;
}

export async function buttonLatency(opts: { presses: number; loadRate: number; publisherPath: string }): Promise<LatencyFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-btn-'));
  const cfg = parseSiteConfig(await siteYaml(dir, 50));
  const gpio = createSimulatedBackend();
  const daemon = await startSiteDaemon(cfg, { logger: pino({ level: 'warn' }), gpioBackend: gpio, baseDir: dir });
  const load = opts.loadRate > 0 ? spawn(process.execPath, [opts.publisherPath, daemon.mqttUrl, String(opts.loadRate), '50'], { stdio: 'ignore' }) : null;
  if (load) await new Promise((r) => setTimeout(r, 1500)); // let the load settle
  const samples: number[] = [];
  for (let i = 0; i < opts.presses; i++) {
    const want = i % 2 === 0 ? 'on' : 'off';
    const before = gpio.history(16).length;
    gpio.setInput(17, 0);
    await new Promise((r) => setTimeout(r, want === 'on' ? 20 : 1100)); // short press, or a long one for off
    const releasedAt = performance.now();
    gpio.setInput(17, 1);
    const decidedAt = want === 'on' ? releasedAt + 5 : NaN;
    for (let w = 0; w < 200 && gpio.history(16).length === before; w++) await new Promise((r) => setTimeout(r, 5));
    const write = gpio.history(16)[before];
    if (write && want === 'on') samples.push(write.atMs - decidedAt);
    await new Promise((r) => setTimeout(r, 50));
  }
  load?.kill('SIGTERM');
  await daemon.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = samples.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}
