// Dragino LHT65 / LHT65N temperature & humidity sensors. Layout from the Dragino LHT65 and LHT65N
// user manuals (section "Uplink Payload") and the maker's TTN codecs (lorawan-devices
// vendor/dragino/lht65.js, lht65n.js). Uplink on fPort 2, 11 bytes, big-endian:
//   0-1  BAT: bits 15-14 battery status, bits 13-0 voltage in mV
//   2-3  built-in SHT temperature, signed, 0.01 °C
//   4-5  built-in SHT humidity, 0.1 %RH (12 bits)
//   6    Ext #: low nibble = external sensor type
//   7-10 external sensor value (absent when Ext = 0)
// Ext 1 (DS18B20 probe) and 2 (TMP117 probe): probe temperature in bytes 7-8, signed 0.01 °C;
// "no probe connected" is sent as 0x7FFF = 327.67 °C (manual, Ext=1 section).
// Ext 9 (probe + Unix timestamp): probe temperature replaces BAT in bytes 0-1.
//
// Which value is `temperature`: an LHT65 with an external probe is installed for cold chain, the
// probe sits in the fridge and the box outside it. So when a probe is configured, `temperature` is
// the probe reading; the built-in SHT temperature is only used when no probe is configured. A
// configured but disconnected probe gives a 'probe_disconnected' fault and NO temperature: falling
// back to the box's ambient reading would log a false cold-chain excursion.
import type { DecodedUplink } from '../../common/metrics.js';
import { empty, hex, i16be, need, Out, u16be } from './bytes.js';
import { DecodeError, type Decoder } from './types.js';

const NO_READING = 0x7fff; // Dragino's 327.67 °C marker

const EXT_NONE = 0x0;
const EXT_DS18B20 = 0x1;
const EXT_TMP117 = 0x2;
const EXT_ILLUMINATION = 0x5;
const EXT_DS18B20_TIMESTAMP = 0x9;
const EXT_DS18B20_ID = 0xf; // bytes 2-5 carry the probe ID instead of SHT values

/** Bytes a frame must have (manual: 11 bytes; the 4 external bytes are absent when Ext = 0). */
function frameLength(ext: number): number {
  return ext === EXT_NONE ? 7 : 11;
}

function decodeLht65(model: string, bytes: Uint8Array, fPort: number): DecodedUplink {
  // 3 = datalog replies (past records with their own timestamps), 5 = device status: no reading.
  if (fPort === 3 || fPort === 5) return empty();
  if (fPort !== 2) throw new DecodeError('unknown_fport', `${model}: no uplink is defined on fPort ${fPort}`);

  need(bytes, 0, 7, `${model} frame`);
  const ext = bytes[6] & 0x0f;
  need(bytes, 0, frameLength(ext), `${model} frame with Ext ${hex(ext)}`);
  const out = new Out();

  let probeRaw: number | undefined;
  if (ext === EXT_DS18B20_TIMESTAMP) {
    probeRaw = u16be(bytes, 0); // no battery voltage in this mode, only a status in byte 4
  } else {
    out.add('battery_voltage', (u16be(bytes, 0) & 0x3fff) / 1000);
    if (ext === EXT_DS18B20 || ext === EXT_TMP117) probeRaw = u16be(bytes, 7);
  }

  let internal: number | undefined;
  if (ext !== EXT_DS18B20_ID) {
    const shtRaw = u16be(bytes, 2);
    if (shtRaw === NO_READING) {
      out.fault('internal_sensor_error', `${model}: built-in temperature/humidity sensor sent no reading (327.67 °C)`);
    } else {
      internal = i16be(bytes, 2) / 100;
      out.add('humidity', (u16be(bytes, 4) & 0x0fff) / 10);
    }
  }

  if (probeRaw !== undefined) {
    if (probeRaw === NO_READING) {
      out.fault('probe_disconnected', `${model}: external temperature probe not connected (327.67 °C)`);
    } else {
      out.add('temperature', (probeRaw > 0x7fff ? probeRaw - 0x10000 : probeRaw) / 100);
    }
  } else if (internal !== undefined) {
    out.add('temperature', internal);
  }

  if (ext === EXT_ILLUMINATION) out.add('light', u16be(bytes, 7));
  return out.result();
}

export const draginoLht65: Decoder = (bytes, fPort) => decodeLht65('LHT65', bytes, fPort);
export const draginoLht65n: Decoder = (bytes, fPort) => decodeLht65('LHT65N', bytes, fPort);
