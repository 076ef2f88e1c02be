// `storage:` the SQLite file and how often it is written (batching spares the SD card).
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from './common.js';

const Days = (fallback: number) => Type.Integer({ minimum: 1, maximum: 36500, default: fallback });

export const StorageSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, default: './data/relais.db' }),
    batchMs: Type.Integer({ minimum: 10, maximum: 5000, default: 200 }),
    batchRows: Type.Integer({ minimum: 1, maximum: 10000, default: 1000 }),
    retention: Type.Object(
      {
        rawDays: Days(90),
        hourlyDays: Days(730),
        // Frozen-food records must be kept at least a year: 400 days leaves a margin.
        eventDays: Days(400),
        // who pressed what is personal data (RGPD/CNIL): actuation records go after 3 months
        auditDays: Days(90),
      },
      { ...Strict, default: {} },
    ),
    quotaMB: Type.Optional(Type.Number({ exclusiveMinimum: 1 })),
  },
  Strict,
);
export type StorageSettings = Static<typeof StorageSchema>;
