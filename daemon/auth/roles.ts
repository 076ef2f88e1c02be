// Roles and what each may do. One table, read by requirePermission() and GET /api/auth/me, so the
// screen can hide what the user cannot do and the API refuses it anyway.

export const ROLES = ['caretaker', 'kitchen', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** read the building, sensors, alarms (every signed-in user) */
  'view',
  /** doors, shutters, lights, scenes */
  'actuate',
  /** reset a latched fire or lockdown state */
  'safety.reset',
  /** trigger a lockdown (PPMS) from the screen */
  'lockdown',
  /** acknowledge a cold-chain alarm */
  'alarm.ack',
  /** manual readings, cooling cycles, corrective actions (HACCP register) */
  'haccp.write',
  /** users and API tokens */
  'users.manage',
  /** read the audit log (who did what: personal data) */
  'audit.read',
  /** drive simulated GPIO inputs (demo, tests; only with the simulated backend) */
  'gpio.simulate',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Record<Role, readonly Permission[]> = {
  // gardien: the building and its safety states
  caretaker: ['view', 'actuate', 'safety.reset', 'lockdown'],
  // cuisine: the cold chain and the HACCP register; no doors
  kitchen: ['view', 'alarm.ack', 'haccp.write'],
  admin: PERMISSIONS,
};

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && (PERMISSIONS as readonly string[]).includes(x);
}

/** Unknown roles and unknown permissions are refused (a typo never grants anything). */
export function can(role: string, permission: string): boolean {
  return isRole(role) && isPermission(permission) && TABLE[role].includes(permission);
}

export function permissionsOf(role: string): Permission[] {
  return isRole(role) ? [...TABLE[role]] : [];
}
