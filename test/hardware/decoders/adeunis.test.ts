import { describe, expect, it } from 'vitest';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { expectDecodeError, faultCodes, hex, valuesOf } from './helpers.js';

describe('Adeunis TEMP', () => {
  it('decodes the TEMP 4 periodic data example (0x57)', () => {
    // Source: TheThingsNetwork/lorawan-devices vendor/adeunis/temp-codec.yaml: two channels,
    // timestamp, low battery; temperature 1 values [43.5, 50], temperature 2 [-10, -0.1].
    const r = decodeUplink('adeunis-temp', Uint8Array.from([0x57, 0x96, 0x01, 0xb3, 0xff, 0x9c, 0x01, 0xf4, 0xff, 0xff, 0x14, 0xab, 0xa3, 0xe9]), 1);
    expect(valuesOf(r)).toEqual({ temperature: 43.5 });
    expect(faultCodes(r)).toEqual(['low_battery']);
  });

  it('decodes TEMP (v2) data frames 0x43', () => {
    // Source: Adeunis codec sources, 0x43.parser.spec.ts: '43401100f4200000' -> probe 1 (internal)
    // 24.4 °C activated, probe 2 deactivated; '43400100f4028000' (firmware < 1.3.8, external
    // sensor id 0 = disabled, value -3276.8) -> 24.4 °C.
    expect(decodeUplink('adeunis-temp', hex('43401100f4200000'), 1)).toEqual({ values: [{ metric: 'temperature', value: 24.4 }], faults: [] });
    expect(decodeUplink('adeunis-temp', hex('43400100f4028000'), 1)).toEqual({ values: [{ metric: 'temperature', value: 24.4 }], faults: [] });
  });

  it('reports an activated external probe sending -3276.8 °C as disconnected', () => {
    const r = decodeUplink('adeunis-temp', hex('43 40 11 00F4 21 8000'), 1);
    expect(r.values).toEqual([]);
    expect(faultCodes(r)).toEqual(['probe_disconnected']);
    expect(valuesOf(decodeUplink('adeunis-temp', hex('43 40 11 00F4 21 FF9C'), 1))).toEqual({ temperature: -10 });
  });

  it('decodes the TEMP 3/4 alarm frame (0x58)', () => {
    // Layout: temp_lib.js TempV40x58Parser: [2] alarm status, [3-4] temperature 1.
    expect(valuesOf(decodeUplink('adeunis-temp', hex('58 00 01 00FA'), 1))).toEqual({ temperature: 25 });
  });

  it('returns empty values for keep-alive and configuration frames', () => {
    expect(decodeUplink('adeunis-temp', hex('30 00 00F4 00F5'), 1)).toEqual({ values: [], faults: [] });
    expect(decodeUplink('adeunis-temp', hex('10 00 0064 0001 0001 0005 00'), 1)).toEqual({ values: [], faults: [] });
    expect(decodeUplink('adeunis-temp', hex('37 00 010203 040506'), 1)).toEqual({ values: [], faults: [] });
  });

  it('rejects unknown frame codes and truncated frames', () => {
    expectDecodeError(() => decodeUplink('adeunis-temp', hex('AA00'), 1), 'unknown_frame');
    expectDecodeError(() => decodeUplink('adeunis-temp', hex('43401100f420'), 1), 'payload_too_short');
    expectDecodeError(() => decodeUplink('adeunis-temp', hex('57 96 01B3 FF9C'), 1), 'payload_too_short');
    expectDecodeError(() => decodeUplink('adeunis-temp', hex('43'), 1), 'payload_too_short');
  });
});

describe('Adeunis COMFORT CO2', () => {
  it('decodes the data frame example (0x6a), newest record first', () => {
    // Source: lorawan-devices vendor/adeunis/comfort-co2-codec.yaml: temperature [43.5, 43.6],
    // humidity [62, 63], co2 [420, 421].
    const r = decodeUplink('adeunis-comfort-co2', Uint8Array.from([0x6a, 0x80, 0x01, 0xb3, 0x3e, 0x01, 0xa4, 0x01, 0xb4, 0x3f, 0x01, 0xa5]), 1);
    expect(valuesOf(r)).toEqual({ temperature: 43.5, humidity: 62, co2: 420 });
    expect(r.faults).toEqual([]);
  });

  it('decodes the alarm frame (0x6b) current values', () => {
    // Layout: comfort_co2_lib.js ComfortCo20x6bParser: [3-4] temperature, [5] humidity, [6-7] CO2.
    expect(valuesOf(decodeUplink('adeunis-comfort-co2', hex('6B 02 20 00D2 37 0514'), 1))).toEqual({ temperature: 21, humidity: 55, co2: 1300 });
  });

  it('returns empty values for the daily summary and configuration frames', () => {
    expect(decodeUplink('adeunis-comfort-co2', hex('30 00 01 02 00D2 0514 37 00C8'), 1)).toEqual({ values: [], faults: [] });
    expect(decodeUplink('adeunis-comfort-co2', hex('20 00 01 01'), 1)).toEqual({ values: [], faults: [] });
  });

  it('rejects unknown and truncated frames', () => {
    expectDecodeError(() => decodeUplink('adeunis-comfort-co2', hex('57 00 00F4'), 1), 'unknown_frame');
    expectDecodeError(() => decodeUplink('adeunis-comfort-co2', hex('6A 80 01B3 3E 01'), 1), 'payload_too_short');
    // timestamp flag set: 4 more bytes are required
    expectDecodeError(() => decodeUplink('adeunis-comfort-co2', hex('6A 84 01B3 3E 01A4'), 1), 'payload_too_short');
  });
});
