import { describe, expect, it } from 'vitest';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { expectDecodeError, faultCodes, hex, valuesOf } from './helpers.js';

describe('Netvox R718A', () => {
  it('decodes the status report example', () => {
    // Source: TheThingsNetwork/lorawan-devices vendor/netvox/r718a-codec.yaml "Status report":
    // Volt 3.6, Temp 25.38, Humi 68.
    const r = decodeUplink('netvox-r718a', Uint8Array.from([0x01, 0x0b, 0x01, 0x24, 0x09, 0xea, 0x1a, 0x90, 0x00, 0x00, 0x00]), 6);
    expect(valuesOf(r)).toEqual({ battery_voltage: 3.6, temperature: 25.38, humidity: 68 });
    expect(r.faults).toEqual([]);
  });

  it('masks the low-battery bit and reports it as a fault', () => {
    // Maker codec: bit 7 of byte 3 = low battery, voltage = (byte & 0x7F) / 10.
    const r = decodeUplink('netvox-r718a', hex('01 0B 01 A0 FF9C 1A90 000000'), 6);
    expect(valuesOf(r)).toEqual({ battery_voltage: 3.2, temperature: -1, humidity: 68 });
    expect(faultCodes(r)).toEqual(['low_battery']);
  });

  it('returns no values for the startup version report and configuration replies', () => {
    // Source: r718a-codec.yaml "Startup version report" and "Configure report response".
    expect(decodeUplink('netvox-r718a', hex('01 0B 00 64 02 20200811 0000'), 6)).toEqual({ values: [], faults: [] });
    expect(decodeUplink('netvox-r718a', hex('81 0B 00 0000000000000000'), 7)).toEqual({ values: [], faults: [] });
  });

  it('rejects another device type, unknown ports and truncated reports', () => {
    expectDecodeError(() => decodeUplink('netvox-r718a', hex('01 95 01 24 00FD 000000 0000'), 6), 'bad_header');
    expectDecodeError(() => decodeUplink('netvox-r718a', hex('01 0B 01 24 09EA 1A90'), 99), 'unknown_fport');
    expectDecodeError(() => decodeUplink('netvox-r718a', hex('01 0B 01 24 09EA 1A'), 6), 'payload_too_short');
    expectDecodeError(() => decodeUplink('netvox-r718a', hex('01 0B'), 6), 'payload_too_short');
  });
});

describe('Netvox R718B', () => {
  it('decodes the status report example (0.1 °C resolution)', () => {
    // Source: lorawan-devices vendor/netvox/r718b-codec.yaml "Status report": Volt 3.6, Temp 25.3.
    const r = decodeUplink('netvox-r718b', Uint8Array.from([0x01, 0x95, 0x01, 0x24, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00]), 6);
    expect(valuesOf(r)).toEqual({ battery_voltage: 3.6, temperature: 25.3 });
  });

  it('decodes negative probe temperatures and the low-battery flag', () => {
    const r = decodeUplink('netvox-r718b', hex('01 95 01 9F FF38 000000 0000'), 6);
    expect(valuesOf(r)).toEqual({ battery_voltage: 3.1, temperature: -20 });
    expect(faultCodes(r)).toEqual(['low_battery']);
  });

  it('returns no values for calibration replies and rejects truncation', () => {
    // Source: r718b-codec.yaml "Set global calibrate response" (fPort 14).
    expect(decodeUplink('netvox-r718b', hex('81 01 00 00 0000000000000000'), 14)).toEqual({ values: [], faults: [] });
    expectDecodeError(() => decodeUplink('netvox-r718b', hex('01 95 01 24 00'), 6), 'payload_too_short');
    expectDecodeError(() => decodeUplink('netvox-r718b', hex('01 95 07 24 00FD'), 6), 'unknown_frame');
  });
});
