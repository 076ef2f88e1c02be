import { describe, expect, it } from 'vitest';
import { RejectionLog } from '../../../daemon/ingest/rejections.js';

function setup(everyMs?: number) {
  let now = Date.parse('2025-03-10T08:00:00Z');
  const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const log = new RejectionLog({ logger: { warn: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) }, perReasonEveryMs: everyMs, now: () => now });
  return { log, lines, advance: (ms: number) => (now += ms) };
}

describe('RejectionLog', () => {
  it('counts every rejection by source and reason', () => {
    const { log } = setup();
    log.reject('lorawan', 'unknown_device', 'a');
    log.reject('lorawan', 'unknown_device', 'b');
    log.reject('mqtt', 'unknown_device', 'c');
    log.reject('lorawan', 'decode_error', 'd');
    expect(log.counts()).toEqual([
      { source: 'lorawan', reason: 'unknown_device', count: 2 },
      { source: 'mqtt', reason: 'unknown_device', count: 1 },
      { source: 'lorawan', reason: 'decode_error', count: 1 },
    ]);
  });

  it('logs one line per (source, reason) per period, the next one telling how many were suppressed', () => {
    const { log, lines, advance } = setup(); // default 10 s
    log.reject('lorawan', 'unknown_device', 'DevEUI 01 is not configured', 'x');
    for (let i = 0; i < 5; i++) {
      advance(1000);
      log.reject('lorawan', 'unknown_device', `n${i}`);
    }
    log.reject('lorawan', 'decode_error', 'other reason: its own line');
    expect(lines.map((l) => l.msg)).toEqual([
      'ingest: lorawan message rejected (unknown_device): DevEUI 01 is not configured',
      'ingest: lorawan message rejected (decode_error): other reason: its own line',
    ]);
    expect(lines[0].obj).toMatchObject({ source: 'lorawan', reason: 'unknown_device', suppressed: 0, total: 1, sensorId: 'x' });
    advance(5000); // 10 s after the first line
    log.reject('lorawan', 'unknown_device', 'again');
    expect(lines[2].msg).toBe('ingest: lorawan message rejected (unknown_device): again (5 more like it since the last line)');
    expect(lines[2].obj).toMatchObject({ suppressed: 5, total: 7 });
  });

  it('honours perReasonEveryMs', () => {
    const { log, lines, advance } = setup(100);
    log.reject('mqtt', 'invalid_json', 'a');
    advance(99);
    log.reject('mqtt', 'invalid_json', 'b');
    advance(1);
    log.reject('mqtt', 'invalid_json', 'c');
    expect(lines).toHaveLength(2);
  });

  it('counts dropped values apart from rejected messages', () => {
    const { log, lines } = setup();
    log.drop('zigbee2mqtt', 'implausible', 'co2 -3 outside 0…40000 ppm', 'z1');
    log.drop('mqtt', 'unknown_metric', "'temp' is not a canonical metric name");
    expect(log.droppedCounts()).toEqual([
      { source: 'zigbee2mqtt', reason: 'implausible', count: 1 },
      { source: 'mqtt', reason: 'unknown_metric', count: 1 },
    ]);
    expect(log.counts()).toEqual([]);
    expect(lines[0].msg).toBe('ingest: zigbee2mqtt value dropped (implausible): co2 -3 outside 0…40000 ppm');
  });
});
