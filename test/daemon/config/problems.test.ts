import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../common/errors.js';
import { RelaisError } from '../../../common/errors.js';
import { ConfigError, parseSiteConfig } from '../../../daemon/config/index.js';
import { edit, MINIMAL, problemsOf } from './helpers.js';

function errorOf(text: string): ConfigError {
  try {
    parseSiteConfig(text);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error('expected the file to be rejected');
}

describe('each class of problem, exactly as printed', () => {
  it('wrong devEui, with its line', () => {
    expect(problemsOf(edit('"24e124128c147204"', '"24e124128c14720"'))).toEqual([
      'sensors[0].devEui (line 16): must be 16 hex digits',
    ]);
  });

  it('a devEui YAML read as a number says to quote it', () => {
    expect(problemsOf(edit('"24e124128c147204"', '2412412812147204'))).toEqual([
      'sensors[0].devEui (line 16): must be 16 hex digits (put it in quotes: YAML read it as a number)',
    ]);
  });

  it('unknown key, with the closest known key (and no extra "is required")', () => {
    expect(problemsOf(edit('devEui:', 'devEUI:'))).toEqual(['sensors[0].devEUI (line 16): unknown key; did you mean devEui?']);
    expect(problemsOf(edit('http:', 'htp:'))).toEqual(['htp (line 5): unknown key; did you mean http?']);
    expect(problemsOf(edit('  timezone: Europe/Paris', '  timezone: Europe/Paris\n  colour: blue'))).toEqual([
      'site.colour (line 5): unknown key; expected one of: id, name, timezone, zone, locale',
    ]);
  });

  it('a key of another source is an unknown key for this sensor', () => {
    expect(problemsOf(edit('    topic: zigbee2mqtt/salle-cp', '    devEui: "24e124128c147205"'))).toEqual([
      'sensors[1].devEui (line 21): unknown key for a zigbee2mqtt sensor; devEui is only used by lorawan sensors',
    ]);
  });

  it('missing required key, on the line of its parent', () => {
    expect(problemsOf(edit('    name: Salle de CP\n', ''))).toEqual(['sensors[1].name (line 18): is required']);
    expect(problemsOf(edit('  timezone: Europe/Paris\n', ''))).toEqual(['site.timezone (line 1): is required']);
    expect(problemsOf(MINIMAL.slice(0, MINIMAL.indexOf('sensors:')))).toEqual(['sensors (line 1): is required']);
  });

  it('wrong type or range', () => {
    expect(problemsOf(edit('port: 8080', 'port: huit'))).toEqual(['http.port (line 6): must be an integer between 1 and 65535']);
    expect(problemsOf(edit('    port: 1883', '    port: 0'))).toEqual([
      'mqtt.embedded.port (line 9): must be an integer between 1 and 65535',
    ]);
    expect(problemsOf(edit('  path: ./data/relais.db', '  path: ./data/relais.db\n  quotaMB: 1'))).toEqual([
      'storage.quotaMB (line 12): must be a number greater than 1',
    ]);
    expect(problemsOf(edit('  id: ecole-jules-ferry', '  id: École'))).toEqual([
      'site.id (line 2): must be a slug: 2 to 63 lowercase letters, digits or hyphens, not starting with a hyphen',
    ]);
    expect(problemsOf(edit('    port: 1883', '    port: 1883\n  qos: 0'))).toEqual([
      'mqtt.qos (line 10): must be 1 (Relais always uses QoS 1 so that no reading is lost)',
    ]);
  });

  it('source missing or misspelt', () => {
    expect(problemsOf(edit('    source: mqtt\n', ''))).toEqual([
      'sensors[3].source (line 26): is required; must be one of: lorawan, zigbee2mqtt, serial, mqtt',
    ]);
    expect(problemsOf(edit('source: zigbee2mqtt', 'source: zigbee'))).toEqual([
      'sensors[1].source (line 20): must be one of: lorawan, zigbee2mqtt, serial, mqtt; did you mean zigbee2mqtt?',
    ]);
  });

  it('bad time zone, with a suggestion', () => {
    expect(problemsOf(edit('Europe/Paris', 'Europe/Pari'))).toEqual([
      'site.timezone (line 4): must be an IANA time zone such as Europe/Paris; did you mean Europe/Paris?',
    ]);
    expect(problemsOf(edit('Europe/Paris', '"+01:00"'))[0]).toMatch(/^site\.timezone \(line 4\): must be an IANA time zone/);
  });

  it('duplicates name both entries', () => {
    expect(problemsOf(edit('id: couloir', 'id: frigo-1'))).toEqual([
      'sensors[3].id (line 26): duplicate id "frigo-1"; also used by sensors[0] (line 13)',
    ]);
    const twoLora = `${MINIMAL}  - id: frigo-2\n    name: Frigo 2\n    source: lorawan\n    devEui: "24E124128C147204"\n`;
    expect(problemsOf(twoLora)).toEqual([
      'sensors[4].devEui (line 32): duplicate devEui "24E124128C147204"; also used by sensors[0] "frigo-1" (line 16)',
    ]);
    const twoSerial = `${MINIMAL}  - id: congel-2\n    name: Congélateur 2\n    source: serial\n    address: A1\n`;
    expect(problemsOf(twoSerial)).toEqual([
      'sensors[4].address (line 32): duplicate address "A1"; also used by sensors[2] "congelateur" (line 25)',
    ]);
    // A default topic collides with an explicit one: the line is that of the entry without it.
    const twoTopics = `${MINIMAL}  - id: couloir-2\n    name: Couloir 2\n    source: zigbee2mqtt\n    topic: relais/sensors/couloir\n`;
    expect(problemsOf(twoTopics)).toEqual([
      'sensors[4].topic (line 32): duplicate topic "relais/sensors/couloir"; also used by sensors[3] "couloir" (line 26)',
    ]);
  });

  it('both mqtt.url and mqtt.embedded', () => {
    expect(problemsOf(edit('    port: 1883', '    port: 1883\n  url: mqtt://broker.local'))).toEqual([
      'mqtt (line 7): set either embedded (the broker inside Relais) or url (an external broker), not both',
    ]);
    expect(problemsOf(edit('    port: 1883', '    port: 1883\n  username: relais'))).toEqual([
      'mqtt.username (line 10): unknown key; it is only used with mqtt.url (an external broker)',
    ]);
    expect(problemsOf(edit('  embedded:\n    port: 1883', '  url: http://broker.local'))).toEqual([
      'mqtt.url (line 8): must be an mqtt:// or mqtts:// URL such as mqtts://broker.example.fr:8883',
    ]);
  });

  it('unknown model, when the decoder list is given', () => {
    expect(problemsOf(edit('model: milesight-em300-th', 'model: milesight-em300'), { knownModels: ['milesight-em300-th', 'dragino-lht65'] })).toEqual([
      'sensors[0].model (line 17): unknown model; did you mean milesight-em300-th? known models: milesight-em300-th, dragino-lht65',
    ]);
  });

  it('invalid YAML: one problem with its line', () => {
    expect(problemsOf(edit('    name: Salle de CP', '    name: [Salle de CP'))).toEqual([
      'site.yaml (line 20): invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(problemsOf(edit('    name: Couloir', '    name: Couloir\n    name: Couloir bis'))).toEqual([
      'site.yaml (line 28): invalid YAML: map keys must be unique',
    ]);
    expect(problemsOf(edit('  name: École Jules Ferry', '\tname: École Jules Ferry'))).toEqual([
      'site.yaml (line 3): invalid YAML: tabs are not allowed as indentation',
    ]);
    expect(errorOf(edit('    name: Couloir', '    name: Couloir\n    name: Couloir bis')).code).toBe('RELAIS_CONFIG_YAML');
  });

  it('YAML aliases: located at the alias, and a self-referencing one is refused', () => {
    expect(problemsOf(`${MINIMAL}  - &x { id: aa, name: A, source: mqtt }\n  - *x\n`)).toEqual([
      'sensors[5].id (line 30): duplicate id "aa"; also used by sensors[4] (line 29)',
      'sensors[5].topic (line 30): duplicate topic "relais/sensors/aa"; also used by sensors[4] "aa" (line 29)',
    ]);
    expect(problemsOf(`${MINIMAL}extra: &x\n  b: *x\n`)).toEqual([
      'site.yaml (line 30): invalid YAML: an alias refers to a mapping or list that contains it',
    ]);
  });

  it('not a mapping at all', () => {
    expect(problemsOf('')).toEqual(['site.yaml (line 1): must be a mapping with at least the site and sensors sections']);
    expect(problemsOf('- a\n- b\n')).toEqual(['site.yaml (line 1): must be a mapping with at least the site and sensors sections']);
  });

  it('lists every problem, top to bottom, in one error', () => {
    const text = edit('port: 8080', 'port: 99999', edit('"A1"', '"A1B2C3D4E5"', edit('Europe/Paris', 'Paris')));
    const err = errorOf(text);
    expect(err).toBeInstanceOf(RelaisError);
    expect(err.code).toBe('RELAIS_CONFIG_INVALID');
    expect(err.format().split('\n')).toEqual([
      'site.timezone (line 4): must be an IANA time zone such as Europe/Paris',
      'http.port (line 6): must be an integer between 1 and 65535',
      'sensors[2].address (line 25): must be 1 to 8 letters, digits, _ or -',
    ]);
    expect(err.problems.map((p) => p.line)).toEqual([4, 6, 25]);
    expect(err.message).toBe(`site.yaml: 3 problems in the site configuration\n${err.format()}`);
  });

  it('uses only catalogued error codes', () => {
    const texts = [edit('devEui:', 'devEUI:'), edit('id: couloir', 'id: frigo-1'), 'a: [', edit('port: 8080', 'port: 0')];
    for (const t of texts) for (const p of errorOf(t).problems) expect(ERROR_CODES).toHaveProperty(p.code);
  });
});
