// HACCP register: append-only, hash-chained records in the site database.
export * from './chain.js';
export * from './records.js';
export * from './verify.js';
