// Netvox R718A (temperature + humidity) and R718B (PT1000 probe). Layout from the maker's codecs in
// TTN lorawan-devices (vendor/netvox/payload/r711_r718a_r718ab_r720a.js and
// r718cj_ck_ct_cr_ce_r718b.js, with the examples in r718a-codec.yaml / r718b-codec.yaml).
// Reports on fPort 6, big-endian: [0] version, [1] device type, [2] report type
// (0x00 = startup version report, 0x01 = data), [3] battery in 0.1 V with bit 7 = low-battery
// flag, [4-5] temperature signed, [6-7] humidity 0.01 %RH (R718A only).
// Temperature resolution differs: R718A 0.01 °C, R718B 0.1 °C (maker codec and example
// 0x00FD -> 25.3 °C). fPort 7 (configuration replies) and 14 (calibration replies) carry no reading.
import type { DecodedUplink } from '../../common/metrics.js';
import { empty, hex, i16be, need, Out, u16be } from './bytes.js';
import { DecodeError, type Decoder } from './types.js';

interface Model {
  name: string;
  deviceType: number;
  tempDivisor: number;
  humidity: boolean;
}

const R718A: Model = { name: 'R718A', deviceType: 0x0b, tempDivisor: 100, humidity: true };
const R718B: Model = { name: 'R718B', deviceType: 0x95, tempDivisor: 10, humidity: false };

function decodeNetvox(m: Model, bytes: Uint8Array, fPort: number): DecodedUplink {
  if (fPort === 7 || fPort === 14) return empty();
  if (fPort !== 6) throw new DecodeError('unknown_fport', `${m.name}: no uplink is defined on fPort ${fPort}`);

  need(bytes, 0, 3, `${m.name} report header`);
  // A wrong device type almost always means the sensor is configured with the wrong model.
  if (bytes[1] !== m.deviceType) {
    throw new DecodeError('bad_header', `${m.name}: device type ${hex(bytes[1])} is not ${m.name} (${hex(m.deviceType)})`);
  }
  const reportType = bytes[2];
  if (reportType === 0x00) return empty(); // startup version report
  if (reportType !== 0x01) throw new DecodeError('unknown_frame', `${m.name}: unknown report type ${hex(reportType)}`);

  need(bytes, 0, m.humidity ? 8 : 6, `${m.name} data report`);
  const out = new Out();
  const bat = bytes[3];
  if (bat & 0x80) out.fault('low_battery', `${m.name}: the device reports a low battery`);
  out.add('battery_voltage', (bat & 0x7f) / 10); // flag bit removed before scaling
  out.add('temperature', i16be(bytes, 4) / m.tempDivisor);
  if (m.humidity) out.add('humidity', u16be(bytes, 6) / 100);
  return out.result();
}

export const netvoxR718a: Decoder = (bytes, fPort) => decodeNetvox(R718A, bytes, fPort);
export const netvoxR718b: Decoder = (bytes, fPort) => decodeNetvox(R718B, bytes, fPort);
