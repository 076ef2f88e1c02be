// Adeunis TEMP and COMFORT CO2. Layout from the maker's codec library (Adeunis codecs as
// published in TTN lorawan-devices vendor/adeunis/temp_lib.js, comfort_co2_lib.js and the
// Adeunis TypeScript codec sources): byte 0 = frame code, byte 1 = status byte (bits 7-5 frame
// counter, bit 4 two channels (TEMP 3/4), bit 2 a 4-byte timestamp ends the frame, bit 1 low
// battery), values big-endian. A temperature of 0x8000 (-3276.8 °C) "must be considered as an
// invalid measure (probe disconnected for instance)" (Adeunis codec comment).
// Data frames carry a history [t=0, t-1, …]; only t=0 (the newest) is reported.
// Frames without a current measurement (keep alive, daily summary, configuration, network
// configuration, downlink acks, software version) return empty values.
import type { DecodedUplink } from '../../common/metrics.js';
import { hex, i16be, need, Out, u16be, u8 } from './bytes.js';
import { DecodeError, type Decoder } from './types.js';

const INVALID = 0x8000;
const STATUS_TWO_CHANNELS = 0x10;
const STATUS_TIMESTAMP = 0x04;
const STATUS_LOW_BATTERY = 0x02;

// Frame codes that never hold a current reading (common Adeunis frames + product config frames).
const NO_READING_FRAMES = new Set([0x10, 0x11, 0x12, 0x20, 0x2f, 0x30, 0x33, 0x36, 0x37]);

function status(model: string, bytes: Uint8Array, out: Out): number {
  need(bytes, 0, 2, `${model} frame header`);
  const s = bytes[1];
  if (s & STATUS_LOW_BATTERY) out.fault('low_battery', `${model}: the device reports a low battery`);
  return s;
}

/** Reads a 0.1 °C temperature; the 0x8000 marker becomes a fault instead of a value. */
function temperature(model: string, bytes: Uint8Array, i: number, out: Out, faultCode: string): void {
  if (u16be(bytes, i) === INVALID) {
    out.fault(faultCode, `${model}: temperature sensor sent no valid measure (-3276.8 °C)`);
  } else {
    out.add('temperature', i16be(bytes, i) / 10);
  }
}

function decodeTemp(bytes: Uint8Array): DecodedUplink {
  const model = 'Adeunis TEMP';
  const out = new Out();
  const s = status(model, bytes, out);
  const code = bytes[0];
  if (NO_READING_FRAMES.has(code)) return out.result(); // 0x30 keep alive included (see header)

  switch (code) {
    case 0x43: {
      // TEMP (v2) data: [2] internal sensor id/state, [3-4] internal °C, [5] external id/state, [6-7] external °C.
      // Id is the high nibble (0 = absent/disabled). From firmware 1.3.8 bit 0 = probe activated;
      // older firmware marks itself with low nibble 2 in byte 5 and has no activation bit.
      need(bytes, 0, 8, `${model} 0x43 frame`);
      const oldFirmware = (bytes[5] & 0x0f) === 2;
      const internalOn = oldFirmware || (bytes[2] & 0x01) === 1;
      const externalOn = oldFirmware ? bytes[5] >> 4 !== 0 : (bytes[5] & 0x01) === 1;
      // As for Dragino: when a remote probe is in use it is the reading that matters (cold chain),
      // and a broken probe must not be replaced by the ambient reading.
      if (externalOn) temperature(model, bytes, 6, out, 'probe_disconnected');
      else if (internalOn) temperature(model, bytes, 3, out, 'sensor_error');
      return out.result();
    }
    case 0x57: {
      // TEMP 3/4 periodic data: channel 1 [, channel 2] per record, newest first. Channel 1 is
      // reported; a second channel is not (one `temperature` per uplink).
      const channels = s & STATUS_TWO_CHANNELS ? 2 : 1;
      need(bytes, 0, 2 + 2 * channels + (s & STATUS_TIMESTAMP ? 4 : 0), `${model} 0x57 frame`);
      temperature(model, bytes, 2, out, 'probe_disconnected');
      return out.result();
    }
    case 0x58: {
      // TEMP 3/4 alarm: [2] alarm status ch1, [3-4] ch1 °C (then ch2 status + value).
      need(bytes, 0, s & STATUS_TWO_CHANNELS ? 8 : 5, `${model} 0x58 frame`);
      temperature(model, bytes, 3, out, 'probe_disconnected');
      return out.result();
    }
    default:
      throw new DecodeError('unknown_frame', `${model}: unknown frame code ${hex(code)}`);
  }
}

function decodeComfortCo2(bytes: Uint8Array): DecodedUplink {
  const model = 'Adeunis COMFORT CO2';
  const out = new Out();
  const s = status(model, bytes, out);
  const code = bytes[0];
  if (NO_READING_FRAMES.has(code)) return out.result(); // 0x30 here is a daily min/max summary

  switch (code) {
    case 0x6a: {
      // Data: records of temperature (i16, 0.1 °C) + humidity (u8, %) + CO2 (u16, ppm), newest first.
      need(bytes, 0, 7 + (s & STATUS_TIMESTAMP ? 4 : 0), `${model} 0x6a frame`);
      temperature(model, bytes, 2, out, 'sensor_error');
      out.add('humidity', u8(bytes, 4));
      out.add('co2', u16be(bytes, 5));
      return out.result();
    }
    case 0x6b: {
      // Alarm: [2] alarm flags, [3-4] temperature, [5] humidity, [6-7] CO2 — the current values.
      need(bytes, 0, 8, `${model} 0x6b frame`);
      temperature(model, bytes, 3, out, 'sensor_error');
      out.add('humidity', u8(bytes, 5));
      out.add('co2', u16be(bytes, 6));
      return out.result();
    }
    default:
      throw new DecodeError('unknown_frame', `${model}: unknown frame code ${hex(code)}`);
  }
}

// fPort is not checked: Adeunis frames are identified by their first byte.
export const adeunisTemp: Decoder = (bytes) => decodeTemp(bytes);
export const adeunisComfortCo2: Decoder = (bytes) => decodeComfortCo2(bytes);
