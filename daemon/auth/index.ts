// Public surface of auth: users, roles, sign-in, sessions, API tokens, the fastify plugin.
export { createAuth, SESSION_COOKIE, SETUP_TTL_MS, type Auth, type AuthCounters, type AuthOptions, type SignIn } from './auth.js';
export { authPlugin, requirePermission, sameOrigin, userOf } from './plugin.js';
export { can, isPermission, isRole, permissionsOf, PERMISSIONS, ROLES, type Permission, type Role } from './roles.js';
export { AuthProblem, type AuthUser } from './problem.js';
export { hashSecret, verifySecret, DEFAULT_SCRYPT, type ScryptParams } from './secrets.js';
export { IP_POLICY, LOGIN_POLICY, type LockPolicy } from './limiter.js';
export { SESSION_POLICIES, TOKEN_PREFIX, type SessionKind, type SessionPolicy, type TokenRecord } from './sessions.js';
export type { NewUser, UserPatch, UserRecord } from './users.js';
