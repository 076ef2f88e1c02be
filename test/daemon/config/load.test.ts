import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadSiteConfig } from '../../../daemon/config/index.js';
import { edit } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relais-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loadError(file: string): ConfigError {
  try {
    loadSiteConfig(file, { baseDir: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected the file to be rejected');
}

const EXTERNAL = edit('  embedded:\n    port: 1883\n', '  url: mqtts://broker.ville.fr\n  username: relais\n  passwordFile: mqtt.pass\n');

describe('loadSiteConfig', () => {
  it('reports a missing file with its own code', () => {
    const file = join(dir, 'absent.yaml');
    const err = loadError(file);
    expect(err.code).toBe('RELAIS_CONFIG_NOT_FOUND');
    expect(err.format()).toBe(`${file}: file not found`);
  });

  it('names the file in the error and in the root path', () => {
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'just text\n');
    const err = loadError(file);
    expect(err.fileName).toBe(file);
    expect(err.format()).toBe(`${file} (line 1): must be a mapping with at least the site and sensors sections`);
  });

  it.skipIf(process.platform === 'win32')(
    'requires the MQTT password file to exist and be private (0600), relative to baseDir',
    () => {
      const file = join(dir, 'site.yaml');
      writeFileSync(file, EXTERNAL);
      expect(loadError(file).format()).toBe(`mqtt.passwordFile (line 10): must name an existing file (not found: ${join(dir, 'mqtt.pass')})`);
      writeFileSync(join(dir, 'mqtt.pass'), 'secret\n');
      chmodSync(join(dir, 'mqtt.pass'), 0o644);
      expect(loadError(file).format()).toBe(
        `mqtt.passwordFile (line 10): must be readable only by its owner: run chmod 600 ${join(dir, 'mqtt.pass')}`,
      );
      chmodSync(join(dir, 'mqtt.pass'), 0o600);
      expect(loadSiteConfig(file, { baseDir: dir }).mqtt.passwordFile).toBe('mqtt.pass');
    },
  );

  it('requires a codec file to exist', () => {
    const file = join(dir, 'site.yaml');
    writeFileSync(file, edit('    model: milesight-em300-th', '    codecFile: codecs/em300.js'));
    expect(loadError(file).format()).toBe(
      `sensors[0].codecFile (line 17): must name an existing file (not found: ${join(dir, 'codecs/em300.js')})`,
    );
  });
});
