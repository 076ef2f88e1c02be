import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSiteConfig } from '../../../daemon/config/index.js';
import { subscriptionTopics, topicMatches } from '../../../daemon/ingest/wiring.js';
import { SENSORS_YAML } from '../../helpers/site.js';

describe('subscriptionTopics', () => {
  it('subscribes to uplinks only, and never twice to the same message', () => {
    const cfg = parseSiteConfig(`site:\n  id: ecole-x\n  name: X\n  timezone: Europe/Paris\n${SENSORS_YAML}  - id: hall\n    name: Hall\n    source: mqtt\n    topic: maison/hall/temp\n`);
    const topics = subscriptionTopics(cfg);
    expect(topics).toEqual(expect.arrayContaining([
      'application/+/device/+/event/up', 'application/+/device/+/rx', 'v3/+/devices/+/up', 'relais/sensors/+', 'zigbee2mqtt/salle-cp', 'maison/hall/temp',
    ]));
    // relais/sensors/couloir is covered by relais/sensors/+: subscribing to both would deliver it twice
    expect(topics).not.toContain('relais/sensors/couloir');
    for (const a of topics) for (const b of topics) if (a !== b) expect(topicMatches(a, b)).toBe(false);
  });
});

describe('topicMatches', () => {
  it('follows MQTT wildcard rules', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/b', 'a/b')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
  });

  it('a filter without wildcards matches exactly itself', () => {
    const level = fc.stringMatching(/^[a-z0-9]{1,4}$/);
    fc.assert(fc.property(fc.array(level, { minLength: 1, maxLength: 4 }), fc.array(level, { minLength: 1, maxLength: 4 }), (a, b) => {
      expect(topicMatches(a.join('/'), b.join('/'))).toBe(a.join('/') === b.join('/'));
    }));
  });
});
