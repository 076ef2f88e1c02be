// With the simulated GPIO backend only: press the demo's buttons, close the fire contact, and
// see every line. Admins only, like any way to move the building.
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { SimulatedBackend } from '../../hardware/gpio/index.js';

const Body = Type.Object({ level: Type.Union([Type.Literal(0), Type.Literal(1)]) }, { additionalProperties: false });

export const simulatedGpioRoutes: FastifyPluginAsync<{ backend: SimulatedBackend; require: (p: string) => preHandlerHookHandler }> = async (app, { backend, require }) => {
  app.get('/api/gpio/simulated', { preHandler: require('gpio.simulate') }, async () => ({ lines: backend.snapshot() }));
  app.post<{ Params: { line: string }; Body: Static<typeof Body> }>(
    '/api/gpio/simulated/:line',
    { preHandler: require('gpio.simulate'), schema: { body: Body } },
    async (req, reply) => {
      const line = Number(req.params.line);
      try {
        backend.setInput(line, req.body.level);
      } catch (err) {
        return reply.status(400).send({ error: { code: 'RELAIS_API_BAD_REQUEST', message: (err as Error).message } });
      }
      return { lines: backend.snapshot().filter((l) => l.line === line) };
    },
  );
};
