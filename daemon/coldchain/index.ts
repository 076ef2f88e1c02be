// Cold chain (HACCP): limits, the per-equipment machine, cooling/reheating cycles, manual readings.
// Pure logic; the site daemon feeds it readings and sensor states and stores what it emits.
export * from './thresholds.js';
export * from './incident.js';
export * from './defrost.js';
export * from './machine.js';
export * from './cooling.js';
export * from './manual.js';
