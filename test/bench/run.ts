// npm run bench: ingest end to end beside the bare broker and raw better-sqlite3, in one run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareBroker, rawSqlite } from './baselines.js';
import { endToEnd } from './ingest.js';
import { buttonLatency } from './button.js';
import { printAndRecord, type BenchRow } from './report.js';
import { freePort } from '../helpers/ports.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/test/bench
const root = path.resolve(here, '../../..');
const cli = path.join(root, 'dist/cli/relais.js');
const N = Number(process.env.RELAIS_BENCH_MESSAGES ?? 100_000);

const fmt = (n: number, unit: string, digits = 0) => `${n.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;

async function main(): Promise<void> {
  process.stdout.write(`Relais benchmark: ${N} readings…\n`);
  const broker = await bareBroker(Math.min(N, 50_000), await freePort());
  const sqlite = rawSqlite(200_000);
  const e2e = await endToEnd({ cliPath: cli, messages: N, sensors: 50, httpPort: await freePort(), mqttPort: await freePort(), pacedRate: 15_000 });
  const rows: BenchRow[] = [
    { name: 'bare embedded broker, QoS 1', value: fmt(broker, 'msg/s') },
    { name: 'raw better-sqlite3, batches of 1000 (WAL, synchronous=FULL)', value: fmt(sqlite, 'rows/s') },
    { name: 'end to end: published → committed → acknowledged', value: fmt(e2e.readingsPerS, 'readings/s'), target: '≥ 15 000/s', ok: e2e.readingsPerS >= 15_000 },
    { name: 'end to end, messages (1 or 2 readings each)', value: fmt(e2e.messagesPerS, 'msg/s') },
    { name: 'end-to-end messages / bare broker', value: `${((e2e.messagesPerS / broker) * 100).toFixed(0)} %` },
    { name: 'daemon RSS idle', value: fmt(e2e.idleRssMb, 'MB', 1) },
    { name: `daemon peak RSS while ingesting ${fmt(e2e.pacedRate, 'readings/s')}`, value: fmt(e2e.pacedPeakRssMb, 'MB', 1), target: '< 120 MB', ok: e2e.pacedPeakRssMb < 120 },
    { name: `daemon peak RSS during the burst of ${fmt(e2e.messages, 'readings')}`, value: fmt(e2e.peakRssMb, 'MB', 1) },
    { name: 'event-loop lag p99 (daemon)', value: fmt(e2e.lagP99Ms, 'ms', 1) },
    { name: 'start to ready (spawn → API listening)', value: fmt(e2e.startToReadyMs, 'ms'), target: '< 1 500 ms', ok: e2e.startToReadyMs < 1500 },
  ];
  printAndRecord('Site ingest', rows, root);

  // the same, with the cold-chain and air engines fed by every reading (issue: ≥ 90 % of off)
  const withRules = await endToEnd({ cliPath: cli, messages: N, sensors: 50, httpPort: await freePort(), mqttPort: await freePort(), pacedRate: 15_000, rules: true });
  const ratio = withRules.readingsPerS / e2e.readingsPerS; // same messages, same readings
  printAndRecord('Ingest with the rule engines on (25 fridges, 25 classrooms)', [
    { name: 'end to end, rules off (above)', value: fmt(e2e.readingsPerS, 'readings/s') },
    { name: 'end to end, rules on', value: fmt(withRules.readingsPerS, 'readings/s') },
    { name: 'rules on / rules off', value: `${(ratio * 100).toFixed(0)} %`, target: '≥ 90 %', ok: ratio >= 0.9 },
    { name: 'daemon peak RSS, rules on, 15 000 readings/s', value: fmt(withRules.pacedPeakRssMb, 'MB', 1) },
  ], root);

  const publisher = path.join(here, 'publisher.js');
  const presses = Number(process.env.RELAIS_BENCH_PRESSES ?? 200);
  const idle = await buttonLatency({ presses, loadRate: 0, publisherPath: publisher });
  const loaded = await buttonLatency({ presses, loadRate: 5000, publisherPath: publisher });
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  printAndRecord('Button to relay (press decided → relay written)', [
    { name: `idle, p50 (${idle.n} presses)`, value: ms(idle.p50) },
    { name: 'idle, p99', value: ms(idle.p99), target: '< 5 ms', ok: idle.p99 < 5 },
    { name: `ingesting 5 000 readings/s, p50 (${loaded.n} presses)`, value: ms(loaded.p50) },
    { name: 'ingesting 5 000 readings/s, p99', value: ms(loaded.p99), target: '< 20 ms', ok: loaded.p99 < 20 },
    { name: 'ingesting 5 000 readings/s, max', value: ms(loaded.max) },
  ], root);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack}\n`);
    process.exit(1);
  },
);
