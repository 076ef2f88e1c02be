// Canonical metrics (DESIGN.md). Every decoder and parser maps to these names and units.
export const METRICS = {
  temperature: { unit: '°C', min: -60, max: 150 },
  humidity: { unit: '%RH', min: 0, max: 100 },
  // outdoor air is about 420 ppm: a reading far below is a broken or uncalibrated sensor
  co2: { unit: 'ppm', min: 100, max: 40000 },
  pm2_5: { unit: 'µg/m³', min: 0, max: 2000 },
  pm10: { unit: 'µg/m³', min: 0, max: 2000 },
  tvoc: { unit: 'ppb', min: 0, max: 100000 },
  pressure: { unit: 'hPa', min: 300, max: 1200 },
  battery: { unit: '%', min: 0, max: 100 },
  battery_voltage: { unit: 'V', min: 0, max: 60 },
  light: { unit: 'lux', min: 0, max: 200000 },
  motion: { unit: 'count', min: 0, max: 1e9 },
} as const;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

export function isMetric(name: string): name is Metric {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/** One decoded value. `unit` defaults to the canonical unit; tvoc may state another (e.g. 'IAQ', 'mg/m³'). */
export interface MetricValue {
  metric: Metric;
  value: number;
  unit?: string;
}

/** A sensor-reported fault (e.g. Dragino 327.67 °C "no probe"): becomes an event, never a reading. */
export interface SensorFault {
  code: string;
  message: string;
}

export interface DecodedUplink {
  values: MetricValue[];
  faults: SensorFault[];
}

/** Why a value is implausible, or null when it is inside the canonical range. */
export function implausible(metric: Metric, value: number): string | null {
  if (!Number.isFinite(value)) return `${metric} is not a finite number`;
  const r = METRICS[metric];
  if (value < r.min || value > r.max) return `${metric} ${value} outside ${r.min}…${r.max} ${r.unit}`;
  return null;
}
