// The site API (fastify). One plugin per feature; the composition root hands each what it needs.
import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { healthRoutes, type HealthSource } from './health.js';
import { sensorRoutes, type SensorSource } from './sensors.js';
import { readingRoutes, type ReadingSource } from './readings.js';
import { metricsRoutes, type MetricsSource } from './metrics.js';
import { authPlugin, requirePermission, userOf, type Auth } from '../auth/index.js';
import { registerAuthRoutes } from './auth-routes.js';
import { actuatorRoutes } from './actuators.js';
import { simulatedGpioRoutes } from './simulated-gpio.js';
import { coldChainRoutes } from './coldchain.js';
import { alarmRoutes } from './alarms.js';
import { eventRoutes, type EventBus } from './events.js';
import type { AlarmService } from '../alarms/index.js';
import type { HaccpRegister } from '../haccp/index.js';
import type { ColdChainService } from '../coldchain/service.js';
import type { AirService } from '../air/service.js';
import type { ActuatorService } from '../actuators/service.js';
import type { SiteStore } from '../store/types.js';
import type { SimulatedBackend } from '../../hardware/gpio/index.js';

export interface ApiDeps {
  logger: Logger;
  site: { id: string; name: string; timezone: string };
  health: HealthSource;
  sensors: SensorSource;
  readings: ReadingSource;
  metrics: MetricsSource;
  /** largest accepted request body; the API takes small JSON commands only */
  bodyLimit?: number;
  auth: Auth;
  building: { service: ActuatorService; store: SiteStore; overrideMinutes?: number; simulated: SimulatedBackend | null };
  coldchain: ColdChainService;
  air: AirService;
  alarms: AlarmService;
  register: HaccpRegister;
  bus: EventBus;
}

export async function buildApi(deps: ApiDeps) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ part: 'api' }),
    // no log line per request: the SD card and the journal stay quiet
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit ?? 64 * 1024,
    // event streams stay open: close them on stop instead of waiting for the browser
    forceCloseConnections: true,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string; validation?: unknown }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error({ err }, 'API error');
    const code = err.validation ? 'RELAIS_API_BAD_REQUEST' : (err.code ?? 'RELAIS_API_ERROR');
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'RELAIS_API_NOT_FOUND', message: `no route ${req.method} ${req.url}` } }));
  // authentication first: every route after it can ask for a permission
  await app.register(authPlugin, { auth: deps.auth });
  await app.register(registerAuthRoutes, { auth: deps.auth, permissions: requirePermission });
  await app.register(healthRoutes, { source: deps.health });
  await app.register(sensorRoutes, { source: deps.sensors });
  await app.register(readingRoutes, { source: deps.readings, timezone: deps.site.timezone });
  await app.register(metricsRoutes, { source: deps.metrics });
  const b = deps.building;
  await app.register(actuatorRoutes, { service: b.service, store: b.store, overrideMinutes: b.overrideMinutes, require: requirePermission, userOf });
  if (b.simulated) await app.register(simulatedGpioRoutes, { backend: b.simulated, require: requirePermission });
  await app.register(coldChainRoutes, { coldchain: deps.coldchain, air: deps.air, require: requirePermission, userOf });
  await app.register(alarmRoutes, { alarms: deps.alarms, register: deps.register, require: requirePermission, userOf });
  await app.register(eventRoutes, { bus: deps.bus, store: deps.building.store, require: requirePermission });
  return app;
}

export type SiteApi = Awaited<ReturnType<typeof buildApi>>;
