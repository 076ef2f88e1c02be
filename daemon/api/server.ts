// The site API (fastify). One plugin per feature; the composition root hands each what it needs.
import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { healthRoutes, type HealthSource } from './health.js';
import { sensorRoutes, type SensorSource } from './sensors.js';
import { readingRoutes, type ReadingSource } from './readings.js';
import { metricsRoutes, type MetricsSource } from './metrics.js';

export interface ApiDeps {
  logger: Logger;
  site: { id: string; name: string; timezone: string };
  health: HealthSource;
  sensors: SensorSource;
  readings: ReadingSource;
  metrics: MetricsSource;
  /** largest accepted request body; the API takes small JSON commands only */
  bodyLimit?: number;
}

export async function buildApi(deps: ApiDeps) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ part: 'api' }),
    // no log line per request: the SD card and the journal stay quiet
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit ?? 64 * 1024,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string; validation?: unknown }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error({ err }, 'API error');
    const code = err.validation ? 'RELAIS_API_BAD_REQUEST' : (err.code ?? 'RELAIS_API_ERROR');
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'RELAIS_API_NOT_FOUND', message: `no route ${req.method} ${req.url}` } }));
  await app.register(healthRoutes, { source: deps.health });
  await app.register(sensorRoutes, { source: deps.sensors });
  await app.register(readingRoutes, { source: deps.readings, timezone: deps.site.timezone });
  await app.register(metricsRoutes, { source: deps.metrics });
  return app;
}

export type SiteApi = Awaited<ReturnType<typeof buildApi>>;
