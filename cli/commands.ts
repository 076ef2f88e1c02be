// What each CLI command does; relais.ts only parses arguments.
import path from 'node:path';
import { loadSiteConfig, ConfigError, type SiteConfig } from '../daemon/config/index.js';
import { MODELS } from '../hardware/decoders/index.js';
import { createLogger } from '../daemon/logger.js';
import { startSiteDaemon, readSecret } from '../daemon/site-daemon.js';
import { Simulator } from '../daemon/simulator/simulator.js';
import { safeOutputs } from '../daemon/actuators/relays.js';
import { applySafeStates, selectBackend } from '../hardware/gpio/index.js';
import { verifyRegisterFile } from '../daemon/haccp/index.js';

function load(file: string): SiteConfig | null {
  try {
    return loadSiteConfig(file, { knownModels: MODELS });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.format()}\n`);
      return null;
    }
    throw err;
  }
}

export async function runCheckConfig(file: string): Promise<number> {
  const cfg = load(file);
  if (!cfg) return 1;
  const bySource = new Map<string, number>();
  for (const s of cfg.sensors) bySource.set(s.source, (bySource.get(s.source) ?? 0) + 1);
  const summary = [...bySource].map(([k, n]) => `${n} ${k}`).join(', ') || 'no sensors';
  process.stdout.write(`${file}: OK — site ${cfg.site.id} (${cfg.site.name}), ${cfg.sensors.length} sensors (${summary})\n`);
  return 0;
}

/** Runs until SIGTERM/SIGINT; returns -1 so the caller leaves the process to the signal handler. */
export async function runSite(file: string, opts: { demo: boolean; logLevel?: string }): Promise<number> {
  const cfg = load(file);
  if (!cfg) return 1;
  const logger = createLogger(opts.logLevel ?? cfg.logging.level);
  const daemon = await startSiteDaemon(cfg, {
    logger,
    simulate: opts.demo ? { intervalMs: 5000 } : undefined,
  }).catch((err: Error) => {
    logger.fatal({ err: err.message }, 'Relais could not start');
    logger.flush();
    throw err;
  });
  if (opts.demo) {
    process.stdout.write(`\nRelais demo running: API ${daemon.apiUrl}/api/health — MQTT ${daemon.mqttUrl} — Ctrl+C to stop\n\n`);
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'stopping: flushing the store');
    daemon.stop().then(
      () => {
        logger.info({}, 'stopped cleanly');
        logger.flush();
        process.exitCode = 0;
        setTimeout(() => process.exit(0), 50).unref();
      },
      (err: Error) => {
        logger.error({ err: err.message }, 'stop failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return -1;
}

export async function runSimulate(file: string, opts: { url?: string; intervalMs: number }): Promise<number> {
  const cfg = load(file);
  if (!cfg) return 1;
  const logger = createLogger(cfg.logging.level);
  const mqtt = cfg.mqtt;
  const url = opts.url ?? (mqtt.url ? mqtt.url : `mqtt://${mqtt.embedded!.host}:${mqtt.embedded!.port}`);
  const password = mqtt.passwordFile ? readSecret(path.resolve(mqtt.passwordFile)) : undefined;
  const sim = new Simulator({
    url,
    username: mqtt.username,
    password,
    sensors: cfg.sensors,
    timeZone: cfg.site.timezone,
    intervalMs: opts.intervalMs,
    logger,
  });
  await sim.start();
  process.stdout.write(`simulating ${cfg.sensors.length} sensors on ${url} every ${opts.intervalMs / 1000} s — Ctrl+C to stop\n`);
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return -1;
}

/** `relais gpio safe`: every relay de-energised (systemd ExecStopPost=, after any stop or crash). */
export async function runGpioSafe(file: string): Promise<number> {
  const cfg = load(file);
  if (!cfg) return 1;
  const { backend, description } = await selectBackend(cfg.gpio.backend, {});
  const results = await applySafeStates(backend, safeOutputs(cfg.building));
  for (const r of results) {
    process.stdout.write(`GPIO ${r.line}: ${r.ok ? `safe (level ${r.level})` : `FAILED: ${r.error}`}\n`);
  }
  process.stdout.write(`${results.filter((r) => r.ok).length}/${results.length} outputs safe (backend ${description.backend}${description.base !== null ? `, base ${description.base}` : ''})\n`);
  await backend.releaseAll();
  return results.every((r) => r.ok) ? 0 : 1;
}

/** `relais haccp verify`: recomputes the HACCP register's hash chain; exit 1 when it is broken. */
export async function runHaccpVerify(file: string): Promise<number> {
  const cfg = load(file);
  if (!cfg) return 1;
  const { result, summary } = verifyRegisterFile(path.resolve(cfg.storage.path));
  process.stdout.write(`${summary}\n`);
  return result.ok ? 0 : 1;
}
