import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf } from '../../../daemon/auth/roles.js';

describe('roles', () => {
  it('caretakers drive the building, the kitchen the cold chain, admins everything', () => {
    expect(can('caretaker', 'actuate')).toBe(true);
    expect(can('caretaker', 'safety.reset')).toBe(true);
    expect(can('caretaker', 'lockdown')).toBe(true);
    expect(can('caretaker', 'alarm.ack')).toBe(false);
    expect(can('caretaker', 'users.manage')).toBe(false);
    expect(can('kitchen', 'alarm.ack')).toBe(true);
    expect(can('kitchen', 'haccp.write')).toBe(true);
    expect(can('kitchen', 'actuate')).toBe(false);
    expect(can('kitchen', 'safety.reset')).toBe(false);
    expect(can('kitchen', 'audit.read')).toBe(false);
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
    for (const r of ['caretaker', 'kitchen', 'admin']) expect(can(r, 'view')).toBe(true);
  });

  it('unknown roles and permissions grant nothing', () => {
    expect(can('student', 'view')).toBe(false);
    expect(can('admin', 'actuat')).toBe(false);
    expect(can('__proto__', 'view')).toBe(false);
    expect(permissionsOf('nobody')).toEqual([]);
  });
});
