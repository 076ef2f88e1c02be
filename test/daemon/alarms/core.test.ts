import { describe, expect, it } from 'vitest';
import { alarmIdOf, levelAt } from '../../../daemon/alarms/core.js';
import { CORRECTIVE_ACTIONS, alarmConfig } from '../../../daemon/alarms/types.js';
import { Driver, MIN, T0, at, incident, marie, paul, status } from './helpers.js';

const TOPIC = 'relais/alarms/frigo-1';
const payloadOf = (d: Driver) => JSON.parse(d.last.publish.at(-1)!.payload) as Record<string, unknown>;

describe('alarm core: raising and escalation', () => {
  it('records an incident opened within its grace, without an alarm', () => {
    const d = new Driver();
    const inc = incident();
    const a = d.event(inc.opened(T0));
    expect(a).toEqual({ outputs: { primary: false, secondary: false }, publish: [], records: [expect.objectContaining({ kind: 'incident.opened' })], wakeAt: null });
    expect(a.records[0]).toMatchObject({ ts: T0, equipmentId: 'frigo-1', incidentId: inc.id, payload: { kind: 'temperature', start: T0, value: 6, range: { min: null, max: 4 } } });
    expect(a.records[0].payload).not.toHaveProperty('timeline');
    expect(d.state.alarms).toEqual([]);
  });

  it('raises on incident.alarm: primary output, retained payload, escalation due in 15 minutes', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.opened(T0));
    const a = d.event(inc.alarm(at(20), 7.4));
    expect(a.outputs).toEqual({ primary: true, secondary: false });
    expect(a.wakeAt).toBe(at(35));
    expect(a.publish).toEqual([{ topic: TOPIC, payload: expect.any(String), retain: true }]);
    expect(payloadOf(d)).toEqual({
      id: alarmIdOf(inc.id), equipment: 'frigo-1', incident: inc.id, kind: 'temperature', state: 'active', level: 1,
      since: new Date(at(20)).toISOString(), value: 7.4,
    });
    expect(d.alarm()!.id).toBe('frigo-1.temperature.2025-01-15T020000.000Z');
    expect(d.alarm()!.id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('escalates to level 2 at exactly escalateAfter, then one level every repeat', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.alarm(at(20)));
    expect(d.tick(at(34) + 59_999).outputs).toEqual({ primary: true, secondary: false });
    expect(d.alarm()!.level).toBe(1);
    const l2 = d.tick(at(35));
    expect(l2.outputs).toEqual({ primary: true, secondary: true });
    expect(l2.records).toEqual([{ kind: 'alarm.escalated', ts: at(35), equipmentId: 'frigo-1', incidentId: inc.id, payload: { alarmId: d.alarm()!.id, level: 2, from: 1, dueAt: at(35) } }]);
    expect(payloadOf(d)).toMatchObject({ level: 2, state: 'active' });
    expect(l2.wakeAt).toBe(at(50));
    expect(d.runUntil(at(80))).toEqual([at(50), at(65), at(80)]);
    expect(d.alarm()!.level).toBe(5);
    // each repeat is published again (a notifier repeats itself)
    expect(d.published.filter((p) => p.topic === TOPIC).map((p) => JSON.parse(p.payload).level)).toEqual([1, 2, 3, 4, 5]);
  });

  it('follows the configured minutes', () => {
    const d = new Driver({ escalateAfterMinutes: 10, repeatMinutes: 5 });
    d.event(incident().alarm(T0));
    expect(d.last.wakeAt).toBe(at(10));
    expect(d.runUntil(at(20))).toEqual([at(10), at(15), at(20)]);
    expect(d.alarm()!.level).toBe(4);
    expect(() => alarmConfig({ repeatMinutes: 0 })).toThrow(/repeatMinutes/);
    expect(levelAt(alarmConfig(), T0, at(15) - 1)).toBe(1);
  });

  it('catches up in one step when ticked late (a daemon restarted late), with one record', () => {
    const d = new Driver();
    d.event(incident().alarm(T0));
    const a = d.tick(at(47));
    expect(d.alarm()!.level).toBe(4);
    expect(a.records).toEqual([expect.objectContaining({ kind: 'alarm.escalated', ts: at(47), payload: expect.objectContaining({ level: 4, from: 1, dueAt: at(15) }) })]);
    expect(a.wakeAt).toBe(at(60));
  });

  it('an alarm stamped in the past (the engine stamps the end of grace) escalates at once if due', () => {
    const d = new Driver();
    d.tick(at(40));
    d.event(incident().alarm(at(20)));
    expect(d.alarm()).toMatchObject({ since: at(20), level: 2 });
  });
});

describe('alarm core: acknowledgement', () => {
  it('stops escalation, turns the outputs off, records who and what, and stays open until recovery', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.alarm(T0));
    d.tick(at(15));
    const r = d.try({ type: 'ack', alarmId: d.alarm()!.id, user: marie, action: 'product_moved', text: '  Passé dans la chambre froide n° 2  ', at: at(22) });
    expect(r.ok).toBe(true);
    expect(d.last.outputs).toEqual({ primary: false, secondary: false });
    expect(d.last.wakeAt).toBeNull();
    expect(d.last.records).toEqual([
      {
        kind: 'alarm.ack', ts: at(22), equipmentId: 'frigo-1', incidentId: inc.id, userLogin: 'marie',
        payload: { alarmId: d.alarm()!.id, role: 'kitchen', action: 'product_moved', label: CORRECTIVE_ACTIONS.product_moved.fr, text: 'Passé dans la chambre froide n° 2', level: 2, afterMs: 22 * MIN, late: false },
      },
    ]);
    expect(d.alarm()).toMatchObject({ state: 'acknowledged', level: 2, ack: { by: 'marie', action: 'product_moved', at: at(22) } });
    expect(payloadOf(d)).toMatchObject({ state: 'acknowledged', ack: { by: 'marie', action: 'product_moved', label: 'Denrées transférées dans un autre équipement froid' } });
    expect(d.runUntil(at(600))).toEqual([]);
    d.event(inc.recovered(at(70)));
    expect(d.alarm()).toMatchObject({ state: 'closed', closedBy: 'recovered', closedAt: at(70) });
    expect(d.last.publish).toEqual([{ topic: TOPIC, payload: '', retain: true }]);
    expect(d.kinds()).toEqual(['incident.alarm', 'alarm.escalated', 'alarm.ack', 'incident.recovered']);
  });

  it('refuses an unknown corrective action, "other" without text, a text over 500 characters (400), and changes nothing', () => {
    const d = new Driver();
    d.event(incident().alarm(T0));
    const id = d.alarm()!.id;
    const before = structuredClone(d.state);
    for (const [action, text] of [['fixed_it', ''], ['other', '   '], ['door_closed', 'é'.repeat(501)]]) {
      const r = d.try({ type: 'ack', alarmId: id, user: marie, action, text, at: at(1) });
      expect(r).toMatchObject({ ok: false, status: 400, code: 'RELAIS_ALARM_BAD_ACTION' });
    }
    expect(d.try({ type: 'ack', alarmId: id, user: marie, action: 'door_closed', text: 'é'.repeat(500), at: at(1) }).ok).toBe(true);
    expect(before.alarms[0].state).toBe('active');
  });

  it('refuses an unknown alarm (404), a second acknowledgement (409), an API token or a role without alarm.ack (403)', () => {
    const d = new Driver();
    d.event(incident().alarm(T0));
    const id = d.alarm()!.id;
    const ack = (user: { login: string; role: string }, alarmId = id) => d.try({ type: 'ack', alarmId, user, action: 'door_closed', text: '', at: at(2) });
    expect(ack(marie, 'nope')).toMatchObject({ ok: false, status: 404, code: 'RELAIS_ALARM_UNKNOWN' });
    expect(ack({ login: 'token:supervision', role: 'admin' })).toMatchObject({ ok: false, status: 403, code: 'RELAIS_ALARM_NEEDS_PERSON' });
    expect(ack(paul)).toMatchObject({ ok: false, status: 403, code: 'RELAIS_AUTH_FORBIDDEN' });
    expect(ack(marie).ok).toBe(true);
    expect(ack({ login: 'admin', role: 'admin' })).toMatchObject({ ok: false, status: 409, code: 'RELAIS_ALARM_ALREADY_ACKNOWLEDGED' });
  });
});

describe('alarm core: silence, recovery, relapse', () => {
  it('silence: outputs off and no escalation, but open until recovery, and a corrective action still due (late)', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.alarm(T0));
    const id = d.alarm()!.id;
    d.apply({ type: 'silence', alarmId: id, user: marie, at: at(3) });
    expect(d.last.outputs).toEqual({ primary: false, secondary: false });
    expect(d.last.records).toEqual([{ kind: 'alarm.silenced', ts: at(3), equipmentId: 'frigo-1', incidentId: inc.id, userLogin: 'marie', payload: { alarmId: id, role: 'kitchen', level: 1 } }]);
    expect(payloadOf(d)).toMatchObject({ state: 'silenced' });
    expect(d.last.wakeAt).toBeNull();
    d.tick(at(120));
    expect(d.alarm()).toMatchObject({ state: 'silenced', level: 1 });
    // silencing again records nothing
    expect(d.apply({ type: 'silence', alarmId: id, user: marie, at: at(121) }).records).toEqual([]);
    d.event(inc.recovered(at(130)));
    expect(d.alarm()).toMatchObject({ state: 'closed', ack: null });
    expect(d.try({ type: 'silence', alarmId: id, user: marie, at: at(131) })).toMatchObject({ ok: false, status: 409, code: 'RELAIS_ALARM_CLOSED' });
    const late = d.apply({ type: 'ack', alarmId: id, user: marie, action: 'product_discarded', text: 'yaourts jetés', at: at(200) });
    expect(late.records[0].payload).toMatchObject({ late: true, action: 'product_discarded' });
    expect(late.publish).toEqual([]);
    expect(d.alarm()!.state).toBe('closed');
  });

  it('a relapse before the incident closes reopens the alarm (the engine sends only a status)', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.alarm(T0));
    d.apply({ type: 'ack', alarmId: d.alarm()!.id, user: marie, action: 'door_closed', text: '', at: at(5) });
    d.event(inc.recovered(at(10)));
    const re = d.event(status('frigo-1', 'alarm', at(14)));
    expect(re.outputs.primary).toBe(true);
    expect(re.records).toEqual([expect.objectContaining({ kind: 'alarm.reopened', ts: at(14), payload: expect.objectContaining({ reason: 'out_of_range_again', reopened: 1 }) })]);
    expect(d.alarm()).toMatchObject({ state: 'active', level: 1, since: at(14), raisedAt: T0, ack: null });
    expect(re.wakeAt).toBe(at(29));
    // once the incident is closed, a status 'alarm' is someone else's incident
    d.event(inc.recovered(at(20)));
    d.event(inc.closed(at(30)));
    expect(d.alarm()).toMatchObject({ state: 'closed', closedBy: 'recovered', incidentOpen: false });
    expect(d.event(status('frigo-1', 'alarm', at(40))).records).toEqual([]);
    expect(d.records.find((r) => r.kind === 'incident.closed')!.payload).toHaveProperty('timeline');
  });

  it('sensor alarms: opened and alarmed at once, closed when the sensor is back', () => {
    const d = new Driver();
    const off = incident('congel-2', 'sensor_offline', T0);
    d.event(off.opened(T0));
    d.event(off.alarm(T0));
    expect(d.alarm()).toMatchObject({ kind: 'sensor_offline', value: null, state: 'active' });
    d.runUntil(at(39));
    d.event(off.closed(at(40)));
    expect(d.alarm()).toMatchObject({ state: 'closed', closedBy: 'closed', incidentOpen: false, level: 3 });
    expect(d.last.outputs.primary).toBe(false);
  });

  it('one topic per equipment shows its loudest alarm, and falls back to the other when one closes', () => {
    const d = new Driver();
    const temp = incident('frigo-1', 'temperature', T0);
    const off = incident('frigo-1', 'sensor_offline', at(1));
    d.event(temp.alarm(T0));
    d.event(off.alarm(at(1)));
    expect(d.last.publish).toEqual([]); // unchanged headline: not published again
    expect(d.published).toHaveLength(1);
    expect(JSON.parse(d.published[0].payload).kind).toBe('temperature');
    d.apply({ type: 'ack', alarmId: d.alarm(alarmIdOf(temp.id))!.id, user: marie, action: 'reading_rechecked', text: '', at: at(2) });
    expect(payloadOf(d)).toMatchObject({ kind: 'sensor_offline', state: 'active' });
    d.event(temp.recovered(at(3)));
    expect(d.last.publish).toEqual([]);
    d.event(off.closed(at(4)));
    expect(d.last.publish).toEqual([{ topic: TOPIC, payload: '', retain: true }]);
    expect(d.state.published).toEqual({});
  });

  it('the silence button silences every active alarm at once', () => {
    const d = new Driver();
    d.event(incident('frigo-1').alarm(T0));
    d.event(incident('congel-2').alarm(T0));
    const a = d.apply({ type: 'silence_all', user: marie, at: at(1) });
    expect(a.outputs.primary).toBe(false);
    expect(a.records.map((r) => r.kind)).toEqual(['alarm.silenced', 'alarm.silenced']);
  });

  it('forgets closed alarms after 7 days', () => {
    const d = new Driver();
    const inc = incident();
    d.event(inc.alarm(T0));
    d.event(inc.closed(at(10)));
    d.tick(at(10) + 7 * 1440 * MIN);
    expect(d.state.alarms).toHaveLength(1);
    d.tick(at(11) + 7 * 1440 * MIN);
    expect(d.state.alarms).toHaveLength(0);
  });
});
