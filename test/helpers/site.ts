// Starts a real site daemon (embedded broker, SQLite file) on free ports in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseSiteConfig } from '../../daemon/config/index.js';
import { MODELS } from '../../hardware/decoders/index.js';
import { createLogger } from '../../daemon/logger.js';
import { startSiteDaemon, type SiteDaemon } from '../../daemon/site-daemon.js';
import { freePort } from './ports.js';

export const SENSORS_YAML = `
sensors:
  - id: frigo-1
    name: Chambre froide positive
    source: lorawan
    devEui: "24e124128c147204"
    model: milesight-em300-th
  - id: congel-1
    name: Congélateur
    source: lorawan
    devEui: "a84041000000d3e0"
    model: dragino-lht65
  - id: salle-cp
    name: Salle de CP
    source: zigbee2mqtt
    topic: zigbee2mqtt/salle-cp
  - id: congelateur
    name: Congélateur cuisine
    source: serial
    address: "A1"
  - id: couloir
    name: Couloir
    source: mqtt
`;

export interface TestSite {
  daemon: SiteDaemon;
  dir: string;
  /** the site file the daemon runs with: pass it back with `dir` to restart on the same config and database */
  yaml: string;
  logs: string[];
  /** stops the daemon and removes the folder */
  stop(): Promise<void>;
}

export interface TestSiteOptions {
  extraYaml?: string;
  sensorsYaml?: string;
  mqttYaml?: string;
  /** reuse this folder (and the database in it) instead of a new temp folder */
  dir?: string;
  /** the exact site file (e.g. a stopped TestSite's `yaml`); the other YAML options are then ignored */
  yaml?: string;
}

export async function startTestSite(opts: TestSiteOptions = {}): Promise<TestSite> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'relais-site-'));
  try {
    const mqttYaml = opts.mqttYaml ?? `mqtt:\n  embedded:\n    port: ${await freePort()}\n`;
    const yaml =
      opts.yaml ??
      `site:\n  id: ecole-test\n  name: École de test\n  timezone: Europe/Paris\nhttp:\n  port: ${await freePort()}\n${mqttYaml}storage:\n  path: ${dir}/relais.db\n${opts.extraYaml ?? ''}${opts.sensorsYaml ?? SENSORS_YAML}`;
    const cfg = parseSiteConfig(yaml, 'test.yaml', { knownModels: MODELS });
    const logs: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { logs.push(String(chunk)); cb(); } });
    const daemon = await startSiteDaemon(cfg, { logger: createLogger('info', sink), baseDir: dir });
    return {
      daemon, dir, yaml, logs,
      async stop() {
        await daemon.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    // a folder made here is not left behind when the daemon refuses to start
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
