import { describe, expect, it } from 'vitest';
import { loadSiteConfig, parseSiteConfig } from '../../../daemon/config/index.js';
import { edit, examplePath, MINIMAL } from './helpers.js';

describe('accepted site files', () => {
  it('accepts the minimal file as written and fills every default', () => {
    const cfg = parseSiteConfig(MINIMAL);
    expect(cfg.site).toEqual({ id: 'ecole-jules-ferry', name: 'École Jules Ferry', timezone: 'Europe/Paris', locale: 'fr' });
    expect(cfg.http).toEqual({ host: '127.0.0.1', port: 8080, secureCookies: false });
    expect(cfg.mqtt).toEqual({
      embedded: { host: '127.0.0.1', port: 1883 },
      qos: 1,
      topics: {
        chirpstack: 'application/+/device/+/event/up',
        tts: 'v3/+/devices/+/up',
        zigbee2mqtt: 'zigbee2mqtt',
        plain: 'relais/sensors',
      },
    });
    expect(cfg.storage).toEqual({
      path: './data/relais.db',
      batchMs: 200,
      batchRows: 1000,
      retention: { rawDays: 90, hourlyDays: 730, eventDays: 400, auditDays: 90 },
    });
    expect(cfg.serial).toBeUndefined();
    expect(cfg.ingest).toEqual({ maxPayloadBytes: 65536, offlineAfterIntervals: 3, dedupeWindow: 1024 });
    expect(cfg.logging).toEqual({ level: 'info' });
    expect(cfg.sensors).toEqual([
      {
        id: 'frigo-1',
        name: 'Chambre froide positive',
        source: 'lorawan',
        devEui: '24e124128c147204',
        model: 'milesight-em300-th',
        intervalS: 600,
      },
      { id: 'salle-cp', name: 'Salle de CP', source: 'zigbee2mqtt', topic: 'zigbee2mqtt/salle-cp', intervalS: 300 },
      { id: 'congelateur', name: 'Congélateur cuisine', source: 'serial', address: 'A1', intervalS: 300 },
      { id: 'couloir', name: 'Couloir', source: 'mqtt', topic: 'relais/sensors/couloir', intervalS: 60 },
    ]);
  });

  it('loads the minimal and demo files from disk, with the demo decoder models known', () => {
    expect(loadSiteConfig(examplePath('minimal-site.yaml')).site.id).toBe('ecole-jules-ferry');
    const knownModels = ['milesight-em300-th', 'milesight-am319', 'dragino-lht65'];
    const demo = loadSiteConfig(examplePath('demo-site.yaml'), { knownModels });
    expect(demo.site).toMatchObject({ id: 'ecole-demo', name: 'École de démonstration', zone: 'B' });
    expect(demo.storage.path).toBe('./data/demo.db');
    expect(demo.serial).toBeUndefined();
    expect(demo.sensors.map((s) => s.source).sort()).toEqual(
      ['lorawan', 'lorawan', 'lorawan', 'mqtt', 'serial', 'zigbee2mqtt'].sort(),
    );
  });

  it('normalises devEui to lowercase and the time zone to its canonical name', () => {
    const cfg = parseSiteConfig(
      edit('"24e124128c147204"', '"24E124128C147204"', edit('timezone: Europe/Paris', 'timezone: europe/paris')),
    );
    expect(cfg.site.timezone).toBe('Europe/Paris');
    const s = cfg.sensors[0];
    expect(s.source === 'lorawan' && s.devEui).toBe('24e124128c147204');
  });

  it('builds an external broker with its default client id', () => {
    const cfg = parseSiteConfig(edit('  embedded:\n    port: 1883\n', '  url: mqtts://broker.ville.fr:8883\n  username: relais\n'));
    expect(cfg.mqtt.url).toBe('mqtts://broker.ville.fr:8883');
    expect(cfg.mqtt.clientId).toBe('relais-ecole-jules-ferry');
    expect(cfg.mqtt.embedded).toBeUndefined();
  });

  it('treats empty sections as all defaults and an empty sensor list as none', () => {
    const cfg = parseSiteConfig('site:\n  id: ab\n  name: A\n  timezone: UTC\nmqtt:\n  embedded:\nhttp:\nsensors:\n');
    expect(cfg.mqtt.embedded).toEqual({ host: '127.0.0.1', port: 1883 });
    expect(cfg.http.port).toBe(8080);
    expect(cfg.sensors).toEqual([]);
  });

  it('derives serial baud rate from the module and sensor topics from the configured prefixes', () => {
    const text = MINIMAL.replace('storage:', 'serial:\n  path: /dev/ttyUSB0\n  module: rn2483\nstorage:').replace(
      '    port: 1883\n',
      '    port: 1883\n  topics:\n    plain: ecole/capteurs\n',
    );
    const cfg = parseSiteConfig(text);
    expect(cfg.serial).toEqual({ path: '/dev/ttyUSB0', module: 'rn2483', baudRate: 57600, reopenMs: 2000 });
    expect(cfg.sensors[3]).toMatchObject({ source: 'mqtt', topic: 'ecole/capteurs/couloir' });
    const rak = parseSiteConfig(text.replace('rn2483', 'rak3172'));
    expect(rak.serial?.baudRate).toBe(115200);
  });

  it('accepts a model from knownModels', () => {
    expect(parseSiteConfig(MINIMAL, 'site.yaml', { knownModels: ['milesight-em300-th'] }).sensors).toHaveLength(4);
  });
});
