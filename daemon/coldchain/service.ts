// The cold chain at run time: feeds committed temperatures and sensor states into each
// equipment's machine, keeps the timers the machines ask for, records incidents, runs cooling
// cycles and takes manual readings. State is persisted (meta) so a restart keeps open incidents.
import type { Logger } from 'pino';
import type { EquipmentConfig } from '../config/index.js';
import type { SiteStore } from '../store/types.js';
import type { IngestListener } from '../ingest/pipeline.js';
import { initialState, machineConfig, step, type MachineConfig, type MachineEvent, type MachineInput, type MachineState } from './machine.js';
import { cycleWakeAt, startCycle, stepCycle, type CycleKind, type CycleState } from './cooling.js';
import { checkManualReading, type ManualReading } from './manual.js';

export interface ColdChainDeps {
  equipment: readonly EquipmentConfig[];
  tz: string;
  store: SiteStore;
  logger: Logger;
  now: () => number;
  /** incidents and cycle results go to the alarms and the HACCP register from here */
  onEvent?: (e: MachineEvent) => void;
  onCycle?: (c: CycleState, ended: boolean) => void;
}

const KEY = 'coldchain.state';

export class ColdChainService implements IngestListener {
  private readonly machines = new Map<string, { cfg: MachineConfig; state: MachineState; timer: NodeJS.Timeout | null }>();
  private readonly bySensor = new Map<string, string[]>();
  private cycles = new Map<string, CycleState>();
  private cycleTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly d: ColdChainDeps) {
    const saved = this.load();
    for (const eq of d.equipment) {
      const cfg = machineConfig(eq, d.tz);
      this.machines.set(eq.id, { cfg, state: saved.machines[eq.id] ?? initialState(cfg), timer: null });
      for (const s of eq.sensors) this.bySensor.set(s, [...(this.bySensor.get(s) ?? []), eq.id]);
    }
    for (const c of saved.cycles) this.cycles.set(c.id, c);
  }

  start(): void {
    const now = this.d.now();
    for (const id of this.machines.keys()) this.feed(id, { type: 'tick', at: now });
    for (const c of this.cycles.values()) this.stepCycle(c.id, { type: 'tick', at: now });
  }

  readings(sensorId: string, values: ReadonlyArray<{ metric: string; value: number }>, ts: number): void {
    const t = values.find((v) => v.metric === 'temperature');
    if (!t) return;
    for (const id of this.bySensor.get(sensorId) ?? []) this.feed(id, { type: 'reading', sensorId, value: t.value, at: ts });
    for (const c of this.cycles.values()) {
      if (c.status === 'running' && (c.sensorId === sensorId || (c.sensorId === undefined && this.bySensor.get(sensorId)?.includes(c.equipmentId ?? '')))) {
        this.stepCycle(c.id, { type: 'reading', value: t.value, at: ts, sensorId });
      }
    }
  }

  sensorState(sensorId: string, state: 'ok' | 'offline' | 'fault', at: number, detail: string): void {
    for (const id of this.bySensor.get(sensorId) ?? []) this.feed(id, { type: 'sensor', sensorId, state, at, detail });
  }

  private feed(id: string, input: MachineInput): void {
    const m = this.machines.get(id);
    if (!m || this.stopped) return;
    const r = step(m.cfg, m.state, input);
    m.state = r.state;
    for (const e of r.events) this.record(e);
    if (m.timer) clearTimeout(m.timer);
    m.timer = r.wakeAt === null ? null : setTimeout(() => this.feed(id, { type: 'tick', at: this.d.now() }), Math.min(Math.max(0, r.wakeAt - this.d.now()), 2 ** 31 - 1));
    if (r.events.length > 0) this.saveSoon();
  }

  private saveTimer: NodeJS.Timeout | null = null;

  /** At most one state write a second: every write is a synchronous commit (SD card, fsync). */
  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, 1000);
  }

  private record(e: MachineEvent): void {
    // the alarms only need the status when it turns to alarm (a relapse inside an open incident)
    if (e.type === 'status') return e.to === 'alarm' ? this.notify(e) : undefined;
    const inc = e.incident;
    this.d.store.addEvent({
      kind: `coldchain.${e.type}`,
      sensorId: inc.sensors[0] ?? null,
      message: `${e.equipmentId}: ${e.type.replace('incident.', 'incident ')} (${inc.kind}${inc.extreme !== null ? `, extrême ${inc.extreme} °C` : ''})`,
      data: { equipmentId: e.equipmentId, incident: inc },
      ts: e.at,
    });
    if (e.type === 'incident.alarm') this.d.logger.warn({ equipment: e.equipmentId, kind: inc.kind, extreme: inc.extreme }, 'cold-chain alarm');
    this.notify(e);
  }

  private notify(e: MachineEvent): void {
    try {
      this.d.onEvent?.(e);
    } catch (err) {
      this.d.logger.error({ err: (err as Error).message }, 'alarm handling failed');
    }
  }

  startCycle(input: { kind: CycleKind; equipmentId?: string; sensorId?: string; batch: string; by: string }): CycleState {
    const at = this.d.now();
    const c = startCycle({ id: `${input.kind}/${new Date(at).toISOString()}`, kind: input.kind, equipmentId: input.equipmentId, sensorId: input.sensorId, batch: input.batch, startedBy: input.by, startedAt: at });
    this.cycles.set(c.id, c);
    this.d.store.addEvent({ kind: 'coldchain.cycle.started', message: `${input.kind} ${input.batch} (${input.by})`, data: { cycle: c }, ts: at });
    this.armCycle(c);
    this.save();
    return c;
  }

  cancelCycle(id: string, by: string): CycleState | null {
    if (!this.cycles.has(id)) return null;
    this.stepCycle(id, { type: 'cancel', at: this.d.now(), by });
    return this.cycles.get(id)!;
  }

  private stepCycle(id: string, input: Parameters<typeof stepCycle>[1]): void {
    const c = this.cycles.get(id);
    if (!c || this.stopped) return;
    const r = stepCycle(c, input);
    this.cycles.set(id, r.state);
    if (r.ended) {
      this.d.store.addEvent({ kind: 'coldchain.cycle.result', message: `${c.kind} ${c.batch}: ${r.state.status}`, data: { cycle: r.state }, ts: this.d.now() });
      if (r.state.status === 'failed' || r.state.status === 'invalid_start') this.d.logger.warn({ cycle: id, status: r.state.status }, 'cooling cycle failed');
    }
    this.d.onCycle?.(r.state, r.ended);
    this.armCycle(r.state);
    this.save();
  }

  private armCycle(c: CycleState): void {
    clearTimeout(this.cycleTimers.get(c.id));
    const wake = cycleWakeAt(c);
    if (wake !== null) this.cycleTimers.set(c.id, setTimeout(() => this.stepCycle(c.id, { type: 'tick', at: this.d.now() }), Math.max(0, wake - this.d.now())));
  }

  manualReading(raw: unknown, by: string): { ok: true; reading: ManualReading } | { ok: false; problems: Array<{ field: string; message: string }> } {
    const r = checkManualReading({ ...(raw as object), by }, { now: this.d.now(), tz: this.d.tz, equipment: this.d.equipment });
    if (!r.ok) return r;
    this.d.store.addEvent({ kind: 'coldchain.manual_reading', message: `${r.reading.equipmentId}: ${r.reading.value} °C (${by})`, data: { reading: r.reading }, ts: r.reading.at });
    return r;
  }

  list() {
    return this.d.equipment.map((eq) => {
      const m = this.machines.get(eq.id)!;
      return {
        id: eq.id, name: eq.name, kind: eq.kind, category: eq.category ?? null, sensors: eq.sensors,
        range: m.cfg.range, status: m.state.status,
        open: Object.values(m.state.open).filter((x) => x !== null),
      };
    });
  }

  listCycles(): CycleState[] {
    return [...this.cycles.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  private load(): { machines: Record<string, MachineState>; cycles: CycleState[] } {
    try {
      const raw = this.d.store.getMeta(KEY);
      return raw ? (JSON.parse(raw) as { machines: Record<string, MachineState>; cycles: CycleState[] }) : { machines: {}, cycles: [] };
    } catch {
      return { machines: {}, cycles: [] };
    }
  }

  private save(): void {
    const machines: Record<string, MachineState> = {};
    for (const [id, m] of this.machines) machines[id] = m.state;
    // finished cycles older than a day leave the live state (their results are in the store)
    const day = this.d.now() - 86_400_000;
    const cycles = [...this.cycles.values()].filter((c) => c.status === 'running' || c.startedAt > day);
    this.d.store.setMeta(KEY, JSON.stringify({ machines, cycles }));
  }

  stop(): void {
    this.stopped = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    for (const m of this.machines.values()) if (m.timer) clearTimeout(m.timer);
    for (const t of this.cycleTimers.values()) clearTimeout(t);
    this.save();
  }
}
