// Serial LoRa P2P: the line protocol (hardware/serial) yields a node address and decoded values;
// here they become an outcome like any other source. Serial frames carry no time of their own.
import type { MetricValue, SensorFault } from '../../common/metrics.js';
import { finish, reject } from './outcome.js';
import type { IngestOutcome, SensorDirectory } from './types.js';

export interface SerialFrame {
  address: string;
  values: MetricValue[];
  faults?: SensorFault[];
}

export function serialFrameToOutcome(frame: SerialFrame, dir: SensorDirectory, now: number): IngestOutcome {
  const sensor = dir.byAddress(frame.address);
  if (!sensor || sensor.source !== 'serial') {
    return reject('serial', 'unknown_device', `serial address '${frame.address.slice(0, 32)}' is not a configured sensor`);
  }
  return finish(sensor, 'serial', now, { values: frame.values, faults: frame.faults ?? [] });
}
