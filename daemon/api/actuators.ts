// Doors, shutters, lights, scenes, fire and lockdown, and the audit log. Every route that moves
// something or resets a safety state needs an authenticated user with the right permission:
// students share the school network.
import type { FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ActuatorService } from '../actuators/service.js';
import type { SiteStore } from '../store/types.js';

export interface ApiUser {
  id: number | string;
  login: string;
  role: string;
}

export interface ActuatorRouteDeps {
  service: ActuatorService;
  store: SiteStore;
  overrideMinutes?: number;
  /** preHandler that answers 401/403 unless the request's user has the permission */
  require: (permission: string) => preHandlerHookHandler;
  /** the authenticated user of a request (set by the auth plugin) */
  userOf: (req: FastifyRequest) => ApiUser | null;
}

const Command = Type.Object(
  {
    action: Type.String({ minLength: 1, maxLength: 32 }),
    durationS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
    percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
const AuditQuery = Type.Object(
  { from: Type.Optional(Type.String()), to: Type.Optional(Type.String()), device: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 500 })) },
  { additionalProperties: false },
);

export const actuatorRoutes: FastifyPluginAsync<ActuatorRouteDeps> = async (app, d) => {
  const actor = (req: FastifyRequest) => {
    const u = d.userOf(req)!;
    return { layer: 'command' as const, origin: u.login, user: { id: u.id, login: u.login, role: u.role } };
  };
  const fail = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

  app.get('/api/actuators', { preHandler: d.require('view') }, async () => ({ actuators: d.service.list(), safety: d.service.safety() }));

  app.post<{ Params: { id: string }; Body: Static<typeof Command> }>(
    '/api/actuators/:id/commands',
    { preHandler: d.require('actuate'), schema: { body: Command } },
    async (req, reply) => {
      const r = d.service.command(req.params.id, req.body, actor(req), d.overrideMinutes);
      if (!r.ok) {
        const f = fail(r.status, r.status === 404 ? 'RELAIS_API_UNKNOWN_DEVICE' : 'RELAIS_API_BAD_REQUEST', r.message);
        return reply.status(f.status).send(f.body);
      }
      return { actuators: r.devices };
    },
  );

  app.post<{ Params: { id: string } }>('/api/scenes/:id/run', { preHandler: d.require('actuate') }, async (req, reply) => {
    const r = d.service.scene(req.params.id, actor(req), d.overrideMinutes);
    if (!r.ok) return reply.status(r.status).send({ error: { code: r.status === 404 ? 'RELAIS_API_UNKNOWN_DEVICE' : 'RELAIS_API_BAD_REQUEST', message: r.message } });
    return { actuators: r.devices };
  });

  app.get('/api/safety', { preHandler: d.require('view') }, async () => d.service.safety());

  const reset = (which: 'fire' | 'lockdown') => async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const u = d.userOf(req)!;
    const r = d.service.safetyInput(which, { type: 'reset', by: u.login, at: Date.now() }, { id: u.id, login: u.login, role: u.role });
    if (!r.ok) return reply.status(409).send({ error: { code: 'RELAIS_SAFETY_RESET_REFUSED', message: r.refused } });
    return d.service.safety();
  };
  app.post('/api/safety/fire/reset', { preHandler: d.require('safety.reset') }, reset('fire'));
  app.post('/api/safety/lockdown/reset', { preHandler: d.require('safety.reset') }, reset('lockdown'));
  app.post('/api/safety/lockdown', { preHandler: d.require('lockdown') }, async (req) => {
    const u = d.userOf(req)!;
    d.service.safetyInput('lockdown', { type: 'trigger', by: u.login, at: Date.now() }, { id: u.id, login: u.login, role: u.role });
    return d.service.safety();
  });

  app.get<{ Querystring: Static<typeof AuditQuery> }>('/api/audit', { preHandler: d.require('audit.read'), schema: { querystring: AuditQuery } }, async (req) => {
    const q = req.query;
    const from = q.from ? Date.parse(q.from) : undefined;
    const to = q.to ? Date.parse(q.to) : undefined;
    const events = d.store
      .queryEvents({ from: Number.isFinite(from) ? from : undefined, to: Number.isFinite(to) ? to : undefined, limit: q.limit ?? 500 })
      .filter((e) => e.kind.startsWith('actuation.') || e.kind.startsWith('safety.') || e.kind === 'schedule.held')
      .filter((e) => !q.device || (e.data as { device?: string }).device === q.device);
    return { audit: events.map((e) => ({ seq: e.seq, kind: e.kind, message: e.message, data: e.data, ts: new Date(e.ts).toISOString() })) };
  });
};
