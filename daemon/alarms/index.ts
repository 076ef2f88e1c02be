// Cold-chain alarms: pure core (core.ts), types and corrective actions (types.ts), service (service.ts).
export * from './types.js';
export * from './core.js';
export * from './service.js';
