// Every relay the building section declares, with its line and polarity. The safe state of every
// relay is de-energised: an egress door is then unlocked (fail-safe), a secure door locked as
// wired, a shutter motor stopped, a light off.
import type { BuildingSettings } from '../config/index.js';
import type { SafeOutput } from '../../hardware/gpio/index.js';

export interface RelayDecl {
  /** device id, with ':up' / ':down' for the two relays of a shutter */
  id: string;
  device: string;
  line: number;
  activeLow: boolean;
}

export function relaysOf(b: BuildingSettings): RelayDecl[] {
  return [
    ...b.doors.map((d) => ({ id: d.id, device: d.id, line: d.line, activeLow: d.activeLow })),
    ...b.shutters.flatMap((s) => [
      { id: `${s.id}:up`, device: s.id, line: s.upLine, activeLow: s.activeLow },
      { id: `${s.id}:down`, device: s.id, line: s.downLine, activeLow: s.activeLow },
    ]),
    ...b.lights.map((l) => ({ id: l.id, device: l.id, line: l.line, activeLow: l.activeLow })),
  ];
}

export function safeOutputs(b: BuildingSettings): SafeOutput[] {
  return relaysOf(b).map((r) => ({ line: r.line, activeLow: r.activeLow, safeState: 'off', label: `relais-${r.id}` }));
}
