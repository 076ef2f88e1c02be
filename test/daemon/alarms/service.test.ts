import { describe, expect, it, vi } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import { AlarmService, type AlarmServiceDeps } from '../../../daemon/alarms/service.js';
import { initialState, step as machineStep, type MachineConfig, type MachineEvent, type MachineInput } from '../../../daemon/coldchain/machine.js';
import { HaccpRegister, type HaccpRecordInput } from '../../../daemon/haccp/records.js';
import { memoryDb } from '../haccp/helpers.js';
import { MIN, T0, at, incident, marie } from './helpers.js';

/** A wall clock and timers the test moves by hand. */
function fakeTime(start = T0) {
  let t = start;
  let n = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => (timers.set(++n, { at: t + ms, fn }), n),
    clearTimer: (h: unknown) => void timers.delete(h as number),
    pending: () => [...timers.values()].map((x) => x.at),
    /** fires due timers in time order (each may set the next) */
    advanceTo(target: number) {
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > target) break;
        timers.delete(next[0]);
        t = next[1].at;
        next[1].fn();
      }
      t = target;
    },
  };
}

function setup(over: Partial<AlarmServiceDeps> = {}) {
  const time = fakeTime();
  const db = memoryDb();
  const reg = new HaccpRegister({ db, bootId: 'boot-1', now: time.now, clockTrusted: () => true });
  let failing = false;
  const register = {
    append: (r: HaccpRecordInput) => {
      if (failing) throw new RelaisError('RELAIS_STORE_FULL', 'disk full');
      return reg.append(r);
    },
  };
  const outputs: [string, boolean][] = [];
  const published: [string, string, boolean][] = [];
  const errors: string[] = [];
  const persisted: unknown[] = [];
  const deps: AlarmServiceDeps = {
    register,
    publish: (topic, payload, { retain }) => void published.push([topic, payload, retain]),
    setOutput: (id, on) => void outputs.push([id, on]),
    config: { outputs: { primary: 'buzzer', secondary: 'flash' }, escalateAfterMinutes: 15, repeatMinutes: 15 },
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    persist: (s) => void persisted.push(s),
    onError: (err, what) => void errors.push(`${what}: ${(err as Error).message}`),
    ...over,
  };
  const svc = new AlarmService(deps);
  return { svc, deps, time, reg, outputs, published, errors, persisted, fail: (v: boolean) => void (failing = v) };
}

describe('AlarmService', () => {
  it('drives outputs, MQTT and the register from engine events and its own timer', () => {
    const { svc, time, reg, outputs, published, persisted } = setup();
    const inc = incident();
    svc.onIncidentEvent(inc.opened(T0));
    expect(outputs).toEqual([]);
    time.advanceTo(at(20));
    svc.onIncidentEvent(inc.alarm(at(20)));
    expect(outputs).toEqual([['buzzer', true]]);
    expect(published).toEqual([['relais/alarms/frigo-1', expect.stringContaining('"state":"active"'), true]]);
    expect(time.pending()).toEqual([at(35)]);
    time.advanceTo(at(35));
    expect(outputs.at(-1)).toEqual(['flash', true]);
    expect(reg.list().map((r) => [r.kind, r.ts])).toEqual([['incident.opened', T0], ['incident.alarm', at(20)], ['alarm.escalated', at(35)]]);
    expect(svc.outputs()).toEqual({ primary: true, secondary: true });
    expect(persisted.length).toBeGreaterThanOrEqual(3);
    expect(reg.verify().ok).toBe(true);
  });

  it('acknowledge: register first, then outputs off and no more timer; refusals change nothing', () => {
    const { svc, time, reg, outputs } = setup();
    svc.onIncidentEvent(incident().alarm(T0));
    const id = svc.list()[0].id;
    time.advanceTo(at(5));
    expect(svc.acknowledge(id, marie, 'nope', '')).toMatchObject({ ok: false, status: 400, code: 'RELAIS_ALARM_BAD_ACTION' });
    expect(svc.acknowledge('unknown', marie, 'door_closed', '')).toMatchObject({ ok: false, status: 404 });
    const r = svc.acknowledge(id, marie, 'technician_called', 'Froid Service, passage 8 h');
    expect(r).toMatchObject({ ok: true, alarm: { id, state: 'acknowledged', needsAction: false, ack: { by: 'marie', label: { fr: 'Technicien appelé', en: 'Technician called' } } } });
    expect(outputs.slice(-1)).toEqual([['buzzer', false]]);
    expect(time.pending()).toEqual([]);
    expect(reg.list({ kinds: ['alarm.ack'] })[0]).toMatchObject({ userLogin: 'marie', ts: at(5), payload: { action: 'technician_called', text: 'Froid Service, passage 8 h' } });
    expect(svc.acknowledge(id, marie, 'door_closed', '')).toMatchObject({ ok: false, status: 409 });
    expect(svc.silence(id, marie)).toMatchObject({ ok: true, alarm: { state: 'acknowledged' } });
  });

  it('when the register cannot be written: alarms still ring, records wait in order; a person\'s action is refused', () => {
    const { svc, time, reg, outputs, errors, fail } = setup();
    const inc = incident();
    fail(true);
    svc.onIncidentEvent(inc.opened(T0));
    svc.onIncidentEvent(inc.alarm(at(1)));
    expect(outputs[0]).toEqual(['buzzer', true]);
    expect(svc.state().pendingRecords.map((r) => r.kind)).toEqual(['incident.opened', 'incident.alarm']);
    expect(errors[0]).toMatch(/writing HACCP record incident.opened/);
    const id = svc.list()[0].id;
    time.advanceTo(at(3));
    expect(() => svc.acknowledge(id, marie, 'door_closed', '')).toThrow(RelaisError);
    expect(svc.get(id)!.state).toBe('active');
    fail(false);
    const r = svc.acknowledge(id, marie, 'door_closed', '');
    expect(r.ok).toBe(true);
    expect(reg.list().map((x) => x.kind)).toEqual(['incident.opened', 'incident.alarm', 'alarm.ack']);
    expect(svc.state().pendingRecords).toEqual([]);
  });

  it('restore: outputs set and open alarms republished after a restart; what fell due meanwhile escalates', () => {
    const a = setup();
    a.svc.onIncidentEvent(incident().alarm(T0));
    const saved = JSON.parse(JSON.stringify(a.svc.state()));
    a.svc.stop();
    const b = setup();
    b.time.advanceTo(at(20));
    expect(b.svc.restore(saved)).toBe(true);
    expect(b.outputs).toEqual([['buzzer', true], ['flash', true]]);
    expect(b.published).toEqual([['relais/alarms/frigo-1', expect.stringContaining('"level":2'), true]]);
    expect(b.reg.list().map((r) => r.kind)).toEqual(['alarm.escalated']);
    expect(b.time.pending()).toEqual([at(30)]);
    const c = setup();
    expect(c.svc.restore({ version: 9 })).toBe(false);
    expect(c.errors[0]).toMatch(/restoring alarms/);
    expect(c.svc.list()).toEqual([]);
  });

  it('a failing publish or output is reported, never thrown', async () => {
    const { svc, errors } = setup({
      publish: () => Promise.reject(new Error('broker down')),
      setOutput: () => {
        throw new Error('no such output');
      },
    });
    expect(() => svc.onIncidentEvent(incident().alarm(T0))).not.toThrow();
    await vi.waitFor(() => expect(errors.some((e) => e.includes('broker down'))).toBe(true));
    expect(errors.some((e) => e.includes('setting alarm output buzzer on: no such output'))).toBe(true);
  });

  it('one output for both levels stays on; no configured output, no call', () => {
    const same = setup({ config: { outputs: { primary: 'sirene', secondary: 'sirene' } } });
    same.svc.onIncidentEvent(incident().alarm(T0));
    same.time.advanceTo(at(16));
    expect(same.outputs).toEqual([['sirene', true]]);
    const none = setup({ config: {} });
    none.svc.onIncidentEvent(incident().alarm(T0));
    expect(none.outputs).toEqual([]);
  });

  it('lists open alarms first, loudest first; the silence button quiets them all', () => {
    const { svc, time } = setup();
    const f = incident('frigo-1');
    svc.onIncidentEvent(f.alarm(T0));
    svc.onIncidentEvent(incident('congel-2', 'sensor_fault').alarm(at(1)));
    svc.acknowledge(svc.list().find((a) => a.equipmentId === 'frigo-1')!.id, marie, 'door_closed', '');
    svc.onIncidentEvent(f.recovered(at(2)));
    time.advanceTo(at(3));
    expect(svc.list().map((a) => [a.equipmentId, a.state])).toEqual([['congel-2', 'active'], ['frigo-1', 'closed']]);
    expect(svc.list({ open: true }).map((a) => a.equipmentId)).toEqual(['congel-2']);
    expect(svc.list({ open: false }).map((a) => a.equipmentId)).toEqual(['frigo-1']);
    expect(svc.silenceAll(marie).map((a) => a.state)).toEqual(['silenced']);
    expect(svc.outputs().primary).toBe(false);
  });

  it('works with the real cold-chain engine: alarm at the end of grace, closed after recovery, register verifies', () => {
    const { svc, reg, time, outputs } = setup();
    const cfg: MachineConfig = {
      equipmentId: 'frigo-1', sensors: ['s1'], tz: 'Europe/Paris', range: { min: null, max: 4 },
      graceMs: 20 * MIN, tolerance: null, defrost: [], closeAfterMs: 10 * MIN,
    };
    let state = initialState(cfg);
    let wake: number | null = null;
    const feed = (input: MachineInput) => {
      time.advanceTo(input.at);
      const r = machineStep(cfg, state, input);
      state = r.state;
      wake = r.wakeAt;
      r.events.forEach((e: MachineEvent) => svc.onIncidentEvent(e));
    };
    const reading = (t: number, value: number): MachineInput => ({ type: 'reading', sensorId: 's1', value, at: t });
    feed(reading(T0, 3));
    feed(reading(at(5), 7));
    expect(wake).toBe(at(25));
    feed({ type: 'tick', at: at(25) });
    expect(svc.list({ open: true })).toMatchObject([{ equipmentId: 'frigo-1', state: 'active', since: new Date(at(25)).toISOString(), value: 7 }]);
    time.advanceTo(at(40));
    expect(svc.outputs()).toEqual({ primary: true, secondary: true });
    feed(reading(at(45), 3.5));
    expect(svc.list({ open: true })).toEqual([]);
    expect(outputs.at(-2)).toEqual(['buzzer', false]);
    feed({ type: 'tick', at: at(55) });
    expect(reg.list().map((r) => r.kind)).toEqual(['incident.opened', 'incident.alarm', 'alarm.escalated', 'incident.recovered', 'incident.closed']);
    expect(reg.verify()).toMatchObject({ ok: true, count: 5 });
  });
});
