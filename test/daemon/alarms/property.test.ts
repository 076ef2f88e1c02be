// Whatever the engine and the kitchen do, in any order, the alarm core keeps its promises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alarmTopic, headline, mqttPayload } from '../../../daemon/alarms/core.js';
import { CORRECTIVE_ACTION_IDS } from '../../../daemon/alarms/types.js';
import { Driver, MIN, T0, incident, marie, status } from './helpers.js';

type Cmd =
  | { op: 'next' | 'relapse' | 'silence'; k: number; dt: number }
  | { op: 'ack'; k: number; dt: number; action: string; text: string }
  | { op: 'tick'; dt: number };

const k = fc.integer({ min: 0, max: 2 });
const dt = fc.integer({ min: 0, max: 40 * MIN });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constantFrom('next' as const, 'relapse' as const, 'silence' as const), k, dt }),
  fc.record({ op: fc.constant('ack' as const), k, dt, action: fc.constantFrom(...CORRECTIVE_ACTION_IDS, 'bogus'), text: fc.string({ maxLength: 20 }) }),
  fc.record({ op: fc.constant('tick' as const), dt }),
);

describe('alarm core (property)', () => {
  it('outputs follow active alarms, topics follow open alarms, escalation only while active, wakeAt ahead', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 80 }), (cmds) => {
        const d = new Driver({ escalateAfterMinutes: 15, repeatMinutes: 10 });
        let t = T0;
        type Phase = 'none' | 'opened' | 'alarm' | 'recovered';
        const eqs = [0, 1, 2].map((i) => ({ phase: 'none' as Phase, inc: incident(`eq-${i}`, 'temperature', T0) }));
        for (const c of cmds) {
          t += c.dt;
          const before = new Map(d.state.alarms.map((a) => [a.id, structuredClone(a)]));
          if (c.op === 'tick') d.tick(t);
          else {
            const e = eqs[c.k];
            const id = d.state.alarms.filter((a) => a.equipmentId === `eq-${c.k}`).at(-1)?.id ?? 'none';
            if (c.op === 'next') {
              if (e.phase === 'none') {
                e.inc = incident(`eq-${c.k}`, 'temperature', t);
                d.event(e.inc.opened(t));
                e.phase = 'opened';
              } else if (e.phase === 'opened') (d.event(e.inc.alarm(t)), (e.phase = 'alarm'));
              else if (e.phase === 'alarm') (d.event(e.inc.recovered(t)), (e.phase = 'recovered'));
              else (d.event(e.inc.closed(t)), (e.phase = 'none'));
            } else if (c.op === 'relapse') {
              if (e.phase === 'recovered') (d.event(status(`eq-${c.k}`, 'alarm', t)), (e.phase = 'alarm'));
            } else if (c.op === 'ack') d.try({ type: 'ack', alarmId: id, user: marie, action: c.action, text: c.text, at: t });
            else d.try({ type: 'silence', alarmId: id, user: marie, at: t });
          }
          d.tick(t); // also gives every command an outcome to check
          const s = d.state;
          const active = s.alarms.filter((a) => a.state === 'active');
          expect(d.last.outputs).toEqual({ primary: active.length > 0, secondary: active.some((a) => a.level >= 2) });
          if (d.last.wakeAt !== null) expect(d.last.wakeAt).toBeGreaterThan(t);
          expect(new Set(s.alarms.map((a) => a.id)).size).toBe(s.alarms.length);
          for (const a of s.alarms) {
            expect(a.nextAt !== null).toBe(a.state === 'active');
            const prev = before.get(a.id);
            // only an active alarm climbs; a reopened one starts again at 1
            if (prev && a.level > prev.level) expect(prev.state).toBe('active');
            if (a.state === 'acknowledged') expect(a.ack).not.toBeNull();
          }
          for (let i = 0; i < 3; i++) {
            const h = headline(s.alarms.filter((a) => a.equipmentId === `eq-${i}` && a.state !== 'closed'));
            expect(s.published[`eq-${i}`]).toBe(h ? mqttPayload(h) : undefined);
          }
          // the last thing published on a topic is what the state says is there
          for (const [eq, payload] of Object.entries(s.published)) {
            expect(d.published.filter((p) => p.topic === alarmTopic(eq)).at(-1)?.payload).toBe(payload);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
