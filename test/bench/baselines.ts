// Baselines measured in the same run as the daemon: the bare broker and raw better-sqlite3.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { startEmbeddedBroker } from '../../daemon/broker/embedded.js';

/** QoS 1 messages per second through the embedded broker to a subscriber that acks at once. */
export async function bareBroker(n: number, port: number): Promise<number> {
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port });
  const sub = await mqtt.connectAsync(broker.url, { clientId: 'bench-sub', clean: true });
  await sub.subscribeAsync('bench/#', { qos: 1 });
  const pub = await mqtt.connectAsync(broker.url, { clientId: 'bench-pub' });
  let got = 0;
  const done = new Promise<void>((resolve) => sub.on('message', () => { if (++got === n) resolve(); }));
  const t0 = performance.now();
  const payload = JSON.stringify({ temperature: 3.2 });
  for (let i = 0; i < n; i++) pub.publish(`bench/s${i % 50}`, payload, { qos: 1 });
  await done;
  const rate = n / ((performance.now() - t0) / 1000);
  await pub.endAsync();
  await sub.endAsync();
  await broker.close();
  return rate;
}

/** Rows per second inserted in transactions of 1000 with the store's pragmas (WAL, synchronous=FULL). */
export function rawSqlite(n: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-sql-'));
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE r (seq INTEGER PRIMARY KEY, sensor TEXT, metric TEXT, value REAL, unit TEXT, ts INTEGER)');
  const ins = db.prepare('INSERT INTO r (sensor, metric, value, unit, ts) VALUES (?, ?, ?, ?, ?)');
  const batch = db.transaction((start: number) => {
    for (let i = start; i < start + 1000; i++) ins.run(`s${i % 50}`, 'temperature', 3.2, '°C', Date.now());
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) batch(i);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}
