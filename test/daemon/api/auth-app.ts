// A fastify app configured like daemon/api/server.ts, with auth and a dummy protected route.
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authPlugin, requirePermission, type AuthOptions } from '../../../daemon/auth/index.js';
import { registerAuthRoutes } from '../../../daemon/api/auth-routes.js';
import { clock, memoryDb, testAuth, type Clock } from '../auth/helpers.js';
import type { Db } from '../../../daemon/store/db.js';

export async function authApp(opts: { db?: Db; clock?: Clock; auth?: Partial<AuthOptions> } = {}) {
  const db = opts.db ?? memoryDb();
  const c = opts.clock ?? clock();
  const auth = testAuth(db, c, opts.auth);
  const app = Fastify({ bodyLimit: 64 * 1024, ajv: { customOptions: { coerceTypes: true, removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  // the same error handler as server.ts
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string; validation?: unknown }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const code = err.validation ? 'RELAIS_API_BAD_REQUEST' : (err.code ?? 'RELAIS_API_ERROR');
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  await app.register(authPlugin, { auth });
  await app.register(registerAuthRoutes, { auth, permissions: requirePermission });
  // stand-ins for the actuator routes
  app.post('/test/doors/open', { preHandler: requirePermission('actuate') }, async (req) => ({ by: req.user }));
  app.get('/test/view', { preHandler: requirePermission('view') }, async (req) => ({ by: req.user!.login }));
  await app.ready();
  return { app, auth, db, clock: c };
}

export type AuthApp = Awaited<ReturnType<typeof authApp>>;

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie'];
  const line = Array.isArray(set) ? set[0] : String(set);
  return line.split(';')[0];
}

export const JSON_HEADERS = { 'x-relais': '1' };
