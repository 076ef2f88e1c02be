import { describe, expect, it } from 'vitest';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { expectDecodeError, faultCodes, hex, valuesOf } from './helpers.js';

// Source for the main example: TheThingsNetwork/lorawan-devices vendor/dragino/lht65-codec.yaml
// and lht65n-codec.yaml ("Temperature" example, fPort 2): BatV 3.062, TempC_SHT 28.29,
// Hum_SHT 88.6, Ext 1 (DS18B20) TempC_DS 27.81.
const TTN_EXAMPLE = Uint8Array.from([0xcb, 0xf6, 0x0b, 0x0d, 0x03, 0x76, 0x01, 0x0a, 0xdd, 0x7f, 0xff]);

for (const model of ['dragino-lht65', 'dragino-lht65n']) {
  describe(model, () => {
    it('reports the external probe as temperature when one is connected', () => {
      const r = decodeUplink(model, TTN_EXAMPLE, 2);
      expect(valuesOf(r)).toEqual({ battery_voltage: 3.062, humidity: 88.6, temperature: 27.81 });
      expect(r.faults).toEqual([]);
    });

    it('turns the 0x7FFF (327.67 °C) "no probe" value into a fault, never a temperature', () => {
      // LHT65 manual 2.4.7: "If the external sensor is 0x01, and there is no DS18B20 connected.
      // The temperature will be set to 7FFF which is 327.67 °C".
      const r = decodeUplink(model, hex('CBF6 0B0D 0376 01 7FFF 7FFF'), 2);
      expect(faultCodes(r)).toEqual(['probe_disconnected']);
      expect(r.values.some((v) => v.metric === 'temperature')).toBe(false);
      expect(r.values.some((v) => v.value === 327.67)).toBe(false);
      // the box's own readings are still valid
      expect(valuesOf(r)).toEqual({ battery_voltage: 3.062, humidity: 88.6 });
    });

    it('decodes a negative probe temperature', () => {
      // LHT65 manual 2.4.7: DS18B20 temp = (0xF54F - 65536) / 100 = -27.37 °C.
      const r = decodeUplink(model, hex('CBF6 0B0D 0376 01 F54F 7FFF'), 2);
      expect(valuesOf(r).temperature).toBe(-27.37);
    });

    it('uses the built-in SHT temperature when no probe is configured (Ext = 0)', () => {
      // LHT65N manual 2.4.2-2.4.4 values: BAT 0xCBA4 -> 2980 mV, temperature 0x0ABB -> 27.47 °C,
      // humidity 0x025C -> 60.4 %. With Ext = 0 the 4 external bytes are absent (7-byte frame).
      const r = decodeUplink(model, hex('CBA4 0ABB 025C 00'), 2);
      expect(valuesOf(r)).toEqual({ battery_voltage: 2.98, temperature: 27.47, humidity: 60.4 });
    });

    it('decodes a negative built-in temperature', () => {
      // LHT65N manual 2.4.3: (0xF5C6 - 65536) / 100 = -26.18 °C.
      expect(valuesOf(decodeUplink(model, hex('CBA4 F5C6 025C 00'), 2)).temperature).toBe(-26.18);
    });

    it('reads the probe in timestamp mode (Ext = 9), which has no battery voltage', () => {
      // LHT65N manual 2.4.6.2: probe temperature replaces BAT in bytes 0-1, Unix time in 7-10.
      const r = decodeUplink(model, hex('0ADD 0B0D 0376 09 6367 4B2A'), 2);
      expect(valuesOf(r)).toEqual({ humidity: 88.6, temperature: 27.81 });
      expect(faultCodes(decodeUplink(model, hex('7FFF 0B0D 0376 09 6367 4B2A'), 2))).toEqual(['probe_disconnected']);
    });

    it('returns no values for datalog and status ports', () => {
      expect(decodeUplink(model, TTN_EXAMPLE, 3)).toEqual({ values: [], faults: [] });
      expect(decodeUplink(model, hex('0B 0106 01 00 0BF6'), 5)).toEqual({ values: [], faults: [] });
    });

    it('rejects an unknown fPort', () => {
      // The TTN example "Unknown FPort" (fPort 42) is an error.
      expectDecodeError(() => decodeUplink(model, TTN_EXAMPLE, 42), 'unknown_fport');
    });

    it('rejects truncated frames', () => {
      expectDecodeError(() => decodeUplink(model, TTN_EXAMPLE.slice(0, 6), 2), 'payload_too_short');
      expectDecodeError(() => decodeUplink(model, TTN_EXAMPLE.slice(0, 8), 2), 'payload_too_short');
      expectDecodeError(() => decodeUplink(model, new Uint8Array(0), 2), 'payload_too_short');
    });
  });
}
