// Prometheus metrics for one daemon (its own registry: several daemons can run in one test).
import client from 'prom-client';
import type { StoreStats } from './store/types.js';
import type { PipelineCounters } from './ingest/pipeline.js';
import type { AuthCounters } from './auth/index.js';

export interface MetricsInputs {
  store: () => StoreStats;
  pipeline: () => PipelineCounters;
  rejections: () => Array<{ source: string; reason: string; count: number }>;
  mqtt: () => { received: number; acked: number; unacked: number; connected: boolean };
  auth?: () => AuthCounters;
}

export function createMetrics(inputs: MetricsInputs) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'relais_process_', eventLoopMonitoringPrecision: 20 });
  new client.Gauge({
    name: 'relais_ingest_messages_total', help: 'Accepted sensor messages by source', labelNames: ['source'], registers: [registry],
    collect() { this.reset(); for (const [s, n] of inputs.pipeline().messages) this.set({ source: s }, n); },
  });
  new client.Gauge({
    name: 'relais_ingest_readings_total', help: 'Readings committed by source', labelNames: ['source'], registers: [registry],
    collect() { this.reset(); for (const [s, n] of inputs.pipeline().readings) this.set({ source: s }, n); },
  });
  new client.Gauge({
    name: 'relais_ingest_rejected_total', help: 'Rejected messages or values by source and reason', labelNames: ['source', 'reason'], registers: [registry],
    collect() { this.reset(); for (const r of inputs.rejections()) this.set({ source: r.source, reason: r.reason }, r.count); },
  });
  new client.Gauge({
    name: 'relais_mqtt_messages', help: 'MQTT messages received and acknowledged after commit', labelNames: ['state'], registers: [registry],
    collect() { const m = inputs.mqtt(); this.set({ state: 'received' }, m.received); this.set({ state: 'acked' }, m.acked); this.set({ state: 'unacked' }, m.unacked); },
  });
  new client.Gauge({ name: 'relais_mqtt_connected', help: '1 when the ingest client is connected', registers: [registry], collect() { this.set(inputs.mqtt().connected ? 1 : 0); } });
  new client.Gauge({
    name: 'relais_store_batch_size_bucket', help: 'Group-commit batch sizes (cumulative count of batches with size <= le)', labelNames: ['le'], registers: [registry],
    collect() { this.reset(); for (const b of inputs.store().batchSizeHistogram) this.set({ le: Number.isFinite(b.le) ? String(b.le) : '+Inf' }, b.count); },
  });
  new client.Gauge({
    name: 'relais_store', help: 'Store figures', labelNames: ['figure'], registers: [registry],
    collect() {
      const s = inputs.store();
      this.set({ figure: 'batches' }, s.batches); this.set({ figure: 'failed_batches' }, s.failedBatches);
      this.set({ figure: 'rows_committed' }, s.rowsCommitted); this.set({ figure: 'pending_rows' }, s.pending);
      this.set({ figure: 'db_bytes' }, s.dbBytes); this.set({ figure: 'wal_bytes' }, s.walBytes); this.set({ figure: 'seq' }, s.seq);
    },
  });
  if (inputs.auth) {
    const auth = inputs.auth;
    new client.Gauge({
      name: 'relais_auth_events_total', help: 'Sign-ins, failures (wrong password, PIN, setup token, API token, CSRF), lockouts', labelNames: ['event', 'kind'], registers: [registry],
      collect() {
        const c = auth();
        this.reset();
        for (const [k, n] of Object.entries(c.signIns)) this.set({ event: 'sign_in', kind: k }, n);
        for (const [k, n] of Object.entries(c.failures)) this.set({ event: 'failure', kind: k }, n);
        for (const [k, n] of Object.entries(c.lockouts)) this.set({ event: 'lockout', kind: k }, n);
        this.set({ event: 'locked_refusal', kind: 'any' }, c.lockedRefusals);
      },
    });
  }
  return { contentType: registry.contentType, text: () => registry.metrics() };
}
