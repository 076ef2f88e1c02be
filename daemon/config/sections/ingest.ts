// `ingest:` limits on incoming payloads and `logging:` verbosity. Small sections kept together.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from './common.js';

export const IngestSchema = Type.Object(
  {
    maxPayloadBytes: Type.Integer({ minimum: 64, maximum: 1048576, default: 65536 }),
    // A sensor is "offline" after this many missed reporting intervals.
    offlineAfterIntervals: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
    // How many recent message keys are remembered to drop broker redeliveries.
    dedupeWindow: Type.Integer({ minimum: 0, maximum: 1000000, default: 1024 }),
  },
  Strict,
);
export type IngestSettings = Static<typeof IngestSchema>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LoggingSchema = Type.Object(
  { level: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { default: 'info' }) },
  Strict,
);
export type LoggingSettings = Static<typeof LoggingSchema>;
