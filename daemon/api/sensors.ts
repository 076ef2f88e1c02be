import type { FastifyPluginAsync } from 'fastify';

export interface SensorView {
  id: string;
  name: string;
  source: string;
  config: Record<string, unknown>;
  state: 'ok' | 'offline' | 'fault' | 'unknown';
  lastSeen: string | null;
  latest: Record<string, { value: number; unit: string; ts: string }>;
}

export interface SensorSource {
  list(): SensorView[];
}

export const sensorRoutes: FastifyPluginAsync<{ source: SensorSource }> = async (app, { source }) => {
  app.get('/api/sensors', async () => ({ sensors: source.list() }));
  app.get<{ Params: { id: string } }>('/api/sensors/:id', async (req, reply) => {
    const s = source.list().find((x) => x.id === req.params.id);
    if (!s) return reply.status(404).send({ error: { code: 'RELAIS_API_UNKNOWN_SENSOR', message: `unknown sensor "${req.params.id}"` } });
    return s;
  });
};
