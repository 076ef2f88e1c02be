import type { FastifyPluginAsync } from 'fastify';

export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

/** GET /metrics in the Prometheus text format. */
export const metricsRoutes: FastifyPluginAsync<{ source: MetricsSource }> = async (app, { source }) => {
  app.get('/metrics', async (_req, reply) => reply.type(source.contentType).send(await source.text()));
};
