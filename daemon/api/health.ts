import type { FastifyPluginAsync } from 'fastify';

export interface HealthReport {
  status: 'ok' | 'degraded';
  problems: string[];
  [part: string]: unknown;
}

export interface HealthSource {
  report(): Promise<HealthReport>;
}

/** GET /api/health: 200 when the daemon can do its job, 503 with the reasons otherwise. */
export const healthRoutes: FastifyPluginAsync<{ source: HealthSource }> = async (app, { source }) => {
  app.get('/api/health', async (_req, reply) => {
    const report = await source.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
};
