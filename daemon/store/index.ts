// Public surface of the site store.
export { Store, DEFAULT_BATCH_MS, DEFAULT_BATCH_ROWS, RESERVED_META_PREFIX } from './store.js';
export { MAINTENANCE_INTERVAL_MS, DEFAULT_RETENTION } from './retention.js';
export { SCHEMA_VERSION } from './migrations.js';
export { BATCH_SIZE_BUCKETS } from './stats.js';
export type * from './types.js';
