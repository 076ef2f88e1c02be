// Cross-checks inside `building:` that a schema cannot express: unique ids, one use per GPIO
// line, references to existing devices, groups and scenes, actions the target understands.
import { formatPath, type PathSegment, type Problems } from '../problems.js';
import type { BuildingSettings, PressConfig } from './building.js';

export const DOOR_ACTIONS = ['lock', 'unlock', 'openFor'] as const;
export const SHUTTER_ACTIONS = ['open', 'close', 'up', 'down', 'stop', 'goto'] as const;
export const LIGHT_ACTIONS = ['on', 'off', 'onFor'] as const;

type Kind = 'door' | 'shutter' | 'light' | 'group';

export function checkBuildingRefs(b: BuildingSettings, path: readonly PathSegment[], problems: Problems): boolean {
  const before = problems.list.length;
  const kinds = new Map<string, Kind>();
  const seen = new Map<string, string>();
  const declare = (id: string, kind: Kind, at: PathSegment[]) => {
    const other = seen.get(id);
    if (other) problems.add('RELAIS_CONFIG_DUPLICATE', [...at, 'id'], `duplicate id "${id}"; also used by ${other}`);
    else seen.set(id, formatPath(at, ''));
    kinds.set(id, kind);
  };
  b.doors.forEach((d, i) => declare(d.id, 'door', [...path, 'doors', i]));
  b.shutters.forEach((s, i) => declare(s.id, 'shutter', [...path, 'shutters', i]));
  b.lights.forEach((l, i) => declare(l.id, 'light', [...path, 'lights', i]));
  b.groups.forEach((g, i) => declare(g.id, 'group', [...path, 'groups', i]));
  const scenes = new Set(b.scenes.map((s) => s.id));

  // one GPIO line, one use: two relays on one line would move together
  const lines = new Map<number, string>();
  const useLine = (line: number, at: PathSegment[]) => {
    const other = lines.get(line);
    if (other) problems.invalid(at, `GPIO ${line} is already used by ${other}`);
    else lines.set(line, formatPath(at, ''));
  };
  b.doors.forEach((d, i) => useLine(d.line, [...path, 'doors', i, 'line']));
  b.shutters.forEach((s, i) => {
    useLine(s.upLine, [...path, 'shutters', i, 'upLine']);
    useLine(s.downLine, [...path, 'shutters', i, 'downLine']);
  });
  b.lights.forEach((l, i) => useLine(l.line, [...path, 'lights', i, 'line']));
  b.buttons.forEach((x, i) => useLine(x.line, [...path, 'buttons', i, 'line']));
  if (b.safety.fireInput) useLine(b.safety.fireInput.line, [...path, 'safety', 'fireInput', 'line']);
  if (b.safety.lockdownInput) useLine(b.safety.lockdownInput.line, [...path, 'safety', 'lockdownInput', 'line']);

  b.groups.forEach((g, i) =>
    g.members.forEach((m, j) => {
      const k = kinds.get(m);
      if (!k || k === 'group') problems.invalid([...path, 'groups', i, 'members', j], `"${m}" is not a door, shutter or light`);
    }),
  );
  const checkTarget = (target: string, action: string, at: PathSegment[]) => {
    const kind = kinds.get(target);
    if (!kind) return problems.invalid([...at, 'target'], `"${target}" is not a door, shutter, light or group`);
    const verb = action.split(':')[0];
    const ok = actionsFor(kind, target, b).some((a) => a === verb);
    if (!ok) problems.invalid([...at, 'action'], `"${action}" is not an action of ${target}; use one of: ${actionsFor(kind, target, b).join(', ')}`);
  };
  b.scenes.forEach((s, i) => s.steps.forEach((st, j) => checkTarget(st.target, st.action, [...path, 'scenes', i, 'steps', j])));
  b.buttons.forEach((btn, i) => {
    for (const press of ['short', 'long', 'double'] as const) {
      const p: PressConfig | undefined = btn[press];
      if (!p) continue;
      const at = [...path, 'buttons', i, press];
      if (p.scene !== undefined) {
        if (!scenes.has(p.scene)) problems.invalid([...at, 'scene'], `no scene "${p.scene}"`);
        if (p.target !== undefined) problems.invalid(at, 'give either scene or target and action, not both');
      } else if (p.target === undefined || p.action === undefined) {
        problems.invalid(at, 'needs scene, or target and action');
      } else checkTarget(p.target, p.action, at);
    }
  });
  b.schedules.forEach((r, i) => r.targets.forEach((t) => checkTarget(t, r.action, [...path, 'schedules', i])));
  for (const id of b.shutters.filter((s) => s.upLine === s.downLine).map((s) => s.id)) {
    problems.invalid([...path, 'shutters'], `${id}: upLine and downLine must differ`);
  }
  return problems.list.length === before;
}

function actionsFor(kind: Kind, id: string, b: BuildingSettings): readonly string[] {
  if (kind === 'door') return DOOR_ACTIONS;
  if (kind === 'shutter') return SHUTTER_ACTIONS;
  if (kind === 'light') return LIGHT_ACTIONS;
  // a group accepts what all its members accept
  const members = b.groups.find((g) => g.id === id)?.members ?? [];
  const sets = members.map((m) => actionsFor(b.doors.some((d) => d.id === m) ? 'door' : b.shutters.some((s) => s.id === m) ? 'shutter' : 'light', m, b));
  return sets.length === 0 ? [] : sets.reduce((acc, s) => acc.filter((a) => s.includes(a)));
}
