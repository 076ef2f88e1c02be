// Cold chain and classroom air: equipment status and open incidents, cooling cycles, manual
// readings, rooms. Reading is open like the sensors; writing to the HACCP register needs the
// kitchen (or admin) role.
import type { FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ColdChainService } from '../coldchain/service.js';
import type { AirService } from '../air/service.js';
import type { ApiUser } from './actuators.js';

export interface ColdChainRouteDeps {
  coldchain: ColdChainService;
  air: AirService;
  require: (permission: string) => preHandlerHookHandler;
  userOf: (req: FastifyRequest) => ApiUser | null;
}

const CycleBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('cooling'), Type.Literal('reheating')]),
    equipmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    sensorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    batch: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const ManualBody = Type.Object(
  {
    equipmentId: Type.String({ minLength: 1, maxLength: 64 }),
    value: Type.Union([Type.Number(), Type.String({ maxLength: 16 })]),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const bad = (message: string) => ({ error: { code: 'RELAIS_API_BAD_REQUEST', message } });

export const coldChainRoutes: FastifyPluginAsync<ColdChainRouteDeps> = async (app, d) => {
  app.get('/api/coldchain/equipment', async () => ({ equipment: d.coldchain.list() }));
  app.get('/api/coldchain/cycles', async () => ({ cycles: d.coldchain.listCycles() }));

  app.post<{ Body: Static<typeof CycleBody> }>('/api/coldchain/cycles', { preHandler: d.require('haccp.write'), schema: { body: CycleBody } }, async (req, reply) => {
    const b = req.body;
    if (!b.equipmentId && !b.sensorId) return reply.status(400).send(bad('give equipmentId or sensorId (the core probe)'));
    if (b.equipmentId && !d.coldchain.list().some((e) => e.id === b.equipmentId)) return reply.status(404).send({ error: { code: 'RELAIS_API_UNKNOWN_DEVICE', message: `no equipment "${b.equipmentId}"` } });
    const c = d.coldchain.startCycle({ ...b, by: d.userOf(req)!.login });
    return reply.status(201).send({ cycle: c });
  });

  app.post<{ Params: { id: string } }>('/api/coldchain/cycles/:id/cancel', { preHandler: d.require('haccp.write') }, async (req, reply) => {
    const c = d.coldchain.cancelCycle(req.params.id, d.userOf(req)!.login);
    if (!c) return reply.status(404).send({ error: { code: 'RELAIS_API_NOT_FOUND', message: `no cycle "${req.params.id}"` } });
    return { cycle: c };
  });

  app.post<{ Body: Static<typeof ManualBody> }>('/api/coldchain/manual-readings', { preHandler: d.require('haccp.write'), schema: { body: ManualBody } }, async (req, reply) => {
    const r = d.coldchain.manualReading(req.body, d.userOf(req)!.login);
    if (!r.ok) return reply.status(400).send(bad(r.problems.map((p) => `${p.field}: ${p.message}`).join('; ')));
    return reply.status(201).send({ reading: r.reading });
  });

  app.get('/api/air/rooms', async () => ({ rooms: d.air.list() }));
};
