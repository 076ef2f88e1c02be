// /api/health: whether the daemon can do its job now, part by part, with reasons a person can act on.
import fs from 'node:fs';
import type { SiteConfig } from './config/index.js';
import type { SiteStore } from './store/types.js';
import type { MqttSubscriber } from './ingest/mqtt-subscriber.js';
import type { EmbeddedBroker } from './broker/embedded.js';
import type { LoRaSerialReceiver } from '../hardware/serial/receiver.js';
import type { HealthReport, HealthSource } from './api/health.js';
import { readClockState } from './clock/trust.js';

/** Below this much free space the store may soon refuse readings. */
const MIN_FREE_BYTES = 50 * 1024 * 1024;

export interface HealthParts {
  cfg: SiteConfig;
  store: SiteStore;
  subscriber: MqttSubscriber;
  broker: EmbeddedBroker | null;
  serial: LoRaSerialReceiver | null;
  dataDir: string;
  bootId: string;
  version: string;
  /** extra sections from later features (gpio, sync…) */
  extra?: () => Record<string, unknown>;
}

function memory(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}

export function buildHealth(p: HealthParts): HealthSource {
  const started = Date.now();
  return {
    async report(): Promise<HealthReport> {
      const problems: string[] = [];
      const st = p.store.stats();
      const storeOk = st.lastError === null || (st.lastCommitAt !== null && st.lastCommitAt > st.lastError.at);
      if (!storeOk) problems.push(`store: ${st.lastError!.message}`);
      const mqtt = p.subscriber.status();
      if (!mqtt.connected) problems.push(`mqtt: not connected to ${mqtt.url}${mqtt.lastError ? ` (${mqtt.lastError})` : ''}`);
      let disk: Record<string, unknown>;
      try {
        const s = fs.statfsSync(p.dataDir);
        const free = s.bavail * s.bsize;
        disk = { path: p.dataDir, freeBytes: free, totalBytes: s.blocks * s.bsize, ok: free >= MIN_FREE_BYTES };
        if (free < MIN_FREE_BYTES) problems.push(`disk: only ${Math.round(free / 1048576)} MB free in ${p.dataDir}`);
      } catch (err) {
        disk = { path: p.dataDir, ok: false, error: (err as Error).message };
        problems.push(`disk: ${(err as Error).message}`);
      }
      const serial = p.serial
        ? p.serial.status()
        : { configured: false, message: 'no serial port is configured: serial sensors stay silent (add a serial: section)' };
      if (p.serial && !p.serial.status().open) problems.push(`serial: ${p.cfg.serial!.path} is not open`);
      return {
        status: problems.length === 0 ? 'ok' : 'degraded',
        problems,
        version: p.version,
        site: { id: p.cfg.site.id, name: p.cfg.site.name, timezone: p.cfg.site.timezone },
        bootId: p.bootId,
        uptimeS: Math.round((Date.now() - started) / 1000),
        store: { ok: storeOk, ...st },
        broker: p.broker ? { mode: 'embedded', url: p.broker.url, ...p.broker.stats() } : { mode: 'external' },
        mqtt,
        serial,
        disk,
        clock: readClockState(),
        process: memory(),
        ...(p.extra?.() ?? {}),
      };
    },
  };
}
