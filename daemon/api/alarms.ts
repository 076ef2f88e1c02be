// Cold-chain alarms and the HACCP register. Acknowledging needs a signed-in person with
// 'alarm.ack' (the corrective action is signed in the register); reading needs 'view'.
import type { FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { parseApiTime } from '../../common/time.js';
import type { AlarmResult, AlarmService } from '../alarms/service.js';
import { CORRECTIVE_ACTIONS, CORRECTIVE_ACTION_IDS, MAX_ACK_TEXT } from '../alarms/types.js';
import { verifySummary } from '../haccp/verify.js';
import { MAX_LIST_LIMIT, type HaccpRecord, type HaccpRegister } from '../haccp/records.js';
import type { ApiUser } from './actuators.js';

export interface AlarmRouteDeps {
  alarms: AlarmService;
  register: HaccpRegister;
  /** preHandler that answers 401/403 unless the request's user has the permission */
  require: (permission: string) => preHandlerHookHandler;
  /** the authenticated user of a request (set by the auth plugin) */
  userOf: (req: FastifyRequest) => ApiUser | null;
}

const ListQuery = Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
// the action is checked by the alarm core, so an unknown one gets its own code and the list
const AckBody = Type.Object(
  { action: Type.String({ minLength: 1, maxLength: 64 }), text: Type.Optional(Type.String({ maxLength: 4 * MAX_ACK_TEXT })) },
  { additionalProperties: false },
);
const RecordsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'ISO 8601 or epoch ms, inclusive' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601 or epoch ms, exclusive' })),
    equipment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    incident: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** comma-separated kinds, e.g. alarm.ack,corrective_action */
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIST_LIMIT, default: 1000 })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);

const bad = (message: string) => ({ error: { code: 'RELAIS_API_BAD_REQUEST', message } });

/** The actions the acknowledgement form offers, in order. */
export const correctiveActionList = () => CORRECTIVE_ACTION_IDS.map((id) => ({ id, ...CORRECTIVE_ACTIONS[id] }));

const publicRecord = (r: HaccpRecord) => ({
  seq: r.seq, ts: new Date(r.ts).toISOString(), kind: r.kind, equipmentId: r.equipmentId, incidentId: r.incidentId,
  userLogin: r.userLogin, payload: r.payload, clockTrusted: r.clockTrusted, hash: r.hash,
});

export const alarmRoutes: FastifyPluginAsync<AlarmRouteDeps> = async (app, d) => {
  const user = (req: FastifyRequest) => {
    const u = d.userOf(req)!;
    return { login: u.login, role: u.role };
  };
  const answer = (r: AlarmResult, reply: import('fastify').FastifyReply) =>
    r.ok ? { alarm: r.alarm } : reply.status(r.status).send({ error: { code: r.code, message: r.message } });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/alarms', { preHandler: d.require('view'), schema: { querystring: ListQuery } }, async (req) => ({
    alarms: d.alarms.list({ open: req.query.open }),
    actions: correctiveActionList(),
  }));

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AckBody> }>(
    '/api/alarms/:id/ack',
    { preHandler: d.require('alarm.ack'), schema: { params: IdParams, body: AckBody } },
    async (req, reply) => answer(d.alarms.acknowledge(req.params.id, user(req), req.body.action, req.body.text ?? ''), reply),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/alarms/:id/silence',
    { preHandler: d.require('alarm.ack'), schema: { params: IdParams } },
    async (req, reply) => answer(d.alarms.silence(req.params.id, user(req)), reply),
  );

  app.get<{ Querystring: Static<typeof RecordsQuery> }>(
    '/api/haccp/records',
    { preHandler: d.require('view'), schema: { querystring: RecordsQuery } },
    async (req, reply) => {
      const q = req.query;
      const from = q.from !== undefined ? parseApiTime(q.from) : undefined;
      const to = q.to !== undefined ? parseApiTime(q.to) : undefined;
      if (from === null) return reply.status(400).send(bad('from must be an ISO 8601 date-time or epoch milliseconds'));
      if (to === null) return reply.status(400).send(bad('to must be an ISO 8601 date-time or epoch milliseconds'));
      if (from !== undefined && to !== undefined && from > to) return reply.status(400).send(bad('from must not be after to'));
      const kinds = q.kind?.split(',').map((k) => k.trim()).filter((k) => k !== '');
      const records = d.register.list({ from, to, equipmentId: q.equipment, incidentId: q.incident, kinds, limit: q.limit ?? 1000, order: q.order });
      return { records: records.map(publicRecord) };
    },
  );

  app.get('/api/haccp/verify', { preHandler: d.require('view') }, async () => {
    const result = d.register.verify();
    return { ...result, summary: verifySummary(result), head: d.register.head() };
  });
};
