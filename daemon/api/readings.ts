import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { isMetric } from '../../common/metrics.js';
import { localDateTime, parseApiTime } from '../../common/time.js';
import { toCsv } from '../../common/csv.js';

export interface ReadingRow {
  sensorId: string;
  metric: string;
  value: number;
  unit: string;
  ts: number;
}

export interface ReadingSource {
  knownSensor(id: string): boolean;
  query(q: { sensorId?: string; metric?: string; from?: number; to?: number; limit: number }): ReadingRow[];
}

const Query = Type.Object(
  {
    sensor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    metric: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    from: Type.Optional(Type.String({ description: 'ISO 8601 or epoch ms' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601 or epoch ms' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    sep: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('semicolon')])),
  },
  { additionalProperties: false },
);

const bad = (message: string) => ({ error: { code: 'RELAIS_API_BAD_REQUEST', message } });

/** GET /api/readings?sensor=&metric=&from=&to=&limit=&format=json|csv */
export const readingRoutes: FastifyPluginAsync<{ source: ReadingSource; timezone: string }> = async (app, { source, timezone }) => {
  app.get<{ Querystring: Static<typeof Query> }>('/api/readings', { schema: { querystring: Query } }, async (req, reply) => {
    const q = req.query;
    if (q.sensor !== undefined && !source.knownSensor(q.sensor)) {
      return reply.status(404).send({ error: { code: 'RELAIS_API_UNKNOWN_SENSOR', message: `unknown sensor "${q.sensor}"` } });
    }
    if (q.metric !== undefined && !isMetric(q.metric)) return reply.status(400).send(bad(`unknown metric "${q.metric}"`));
    const from = q.from !== undefined ? parseApiTime(q.from) : undefined;
    const to = q.to !== undefined ? parseApiTime(q.to) : undefined;
    if (from === null) return reply.status(400).send(bad('from must be an ISO 8601 date-time or epoch milliseconds'));
    if (to === null) return reply.status(400).send(bad('to must be an ISO 8601 date-time or epoch milliseconds'));
    if (from !== undefined && to !== undefined && from > to) return reply.status(400).send(bad('from must not be after to'));
    const rows = source.query({ sensorId: q.sensor, metric: q.metric, from, to, limit: q.limit ?? 1000 });
    if (q.format === 'csv') {
      const sep = q.sep === 'semicolon' ? ';' : ',';
      const csv = toCsv(
        ['sensor', 'metric', 'value', 'unit', 'ts', `local_time (${timezone})`],
        rows.map((r) => [r.sensorId, r.metric, r.value, r.unit, new Date(r.ts).toISOString(), localDateTime(r.ts, timezone)]),
        sep,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="relais-readings${q.sensor ? `-${q.sensor}` : ''}.csv"`)
        .send(csv);
    }
    return {
      readings: rows.map((r) => ({ sensor: r.sensorId, metric: r.metric, value: r.value, unit: r.unit, ts: new Date(r.ts).toISOString() })),
    };
  });
};
