import { describe, expect, it } from 'vitest';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { expectDecodeError, faultCodes, hex, valuesOf } from './helpers.js';

describe('Milesight AM319', () => {
  it('decodes the maker sample', () => {
    // Source: Milesight-IoT/SensorDecoders AM_Series/AM300_v2/README.md "Example".
    // The README prints tvoc 37 (raw value, v1 firmware); the maker's current v2 decoder reads
    // channel 0x08 0x7D as IAQ level × 100, hence 0.37 IAQ here (see milesight.ts).
    const r = decodeUplink('milesight-am319', hex('0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0A7D0400 0B7D2000 0C7D3000'), 85);
    expect(valuesOf(r)).toEqual({
      temperature: 23.8,
      humidity: 62,
      motion: 1,
      co2: 936,
      tvoc: 0.37,
      pressure: 1008.6,
      pm2_5: 32,
      pm10: 48,
    });
    expect(r.values.find((v) => v.metric === 'tvoc')?.unit).toBe('IAQ');
    expect(r.faults).toEqual([]);
  });

  it('reads tVOC in µg/m³ from channel 0x08 0xE6', () => {
    // Layout: AM300_v2/README.md "tVOC 0x08 0xE6 2 bytes, unit: ug/m3".
    const r = decodeUplink('milesight-am319', hex('08E6 F401'), 85);
    expect(r.values).toEqual([{ metric: 'tvoc', value: 500, unit: 'µg/m³' }]);
  });

  it('skips device attribute items and history records (no timestamp in DecodedUplink)', () => {
    // FF 01 protocol version, FF 09 hardware, FF 0A firmware, FF 0F class, then one AM319
    // history record (0x20 0xCE, 22 bytes) as listed in AM300_v2/README.md.
    const history = '20CE' + '00'.repeat(22);
    const r = decodeUplink('milesight-am319', hex('FF0101 FF090110 FF0A0102 FF0F00' + history), 85);
    expect(r.values).toEqual([]);
  });

  it('rejects an unknown channel instead of guessing its length', () => {
    expectDecodeError(() => decodeUplink('milesight-am319', hex('0367EE00 5050 00'), 85), 'unknown_channel');
  });

  it('rejects truncated items', () => {
    expectDecodeError(() => decodeUplink('milesight-am319', hex('0367EE'), 85), 'payload_too_short');
    expectDecodeError(() => decodeUplink('milesight-am319', hex('04687C 03'), 85), 'payload_too_short');
    expectDecodeError(() => decodeUplink('milesight-am319', hex('20CE0000'), 85), 'payload_too_short');
  });
});

describe('Milesight AM307', () => {
  it('decodes TTN device-repository example 1 (battery, temperature, humidity, activity)', () => {
    // Source: TheThingsNetwork/lorawan-devices vendor/milesight-iot/am307-codec.yaml example 1.
    const r = decodeUplink('milesight-am307', Uint8Array.from([0x01, 0x75, 0x5c, 0x03, 0x67, 0x34, 0x01, 0x04, 0x68, 0x65, 0x05, 0x6a, 0x49, 0x00]), 85);
    expect(valuesOf(r)).toEqual({ battery: 92, temperature: 30.8, humidity: 50.5, motion: 73 });
  });

  it('decodes TTN device-repository example 3 (co2, tvoc, pressure)', () => {
    // Source: lorawan-devices vendor/milesight-iot/am307-codec.yaml example 3 (tvoc printed as raw 7).
    const r = decodeUplink('milesight-am307', Uint8Array.from([0x07, 0x7d, 0xe7, 0x04, 0x08, 0x7d, 0x07, 0x00, 0x09, 0x73, 0x3f, 0x27]), 85);
    expect(valuesOf(r)).toEqual({ co2: 1255, tvoc: 0.07, pressure: 1004.7 });
  });

  it('decodes negative temperatures', () => {
    expect(valuesOf(decodeUplink('milesight-am307', hex('03679CFF'), 85))).toEqual({ temperature: -10 });
  });

  it('rejects an AM319-only history length', () => {
    // AM307 history records are 16 bytes; 15 bytes of record is a truncated frame.
    expectDecodeError(() => decodeUplink('milesight-am307', hex('20CE' + '00'.repeat(15)), 85), 'payload_too_short');
  });
});

describe('Milesight AM103', () => {
  it('decodes the maker sample', () => {
    // Source: Milesight-IoT/SensorDecoders AM_Series/AM103/README.md "Example".
    const r = decodeUplink('milesight-am103', hex('017564 03671801 04686D 077DC501'), 85);
    expect(valuesOf(r)).toEqual({ battery: 100, temperature: 28, humidity: 54.5, co2: 453 });
  });

  it('decodes the TTN device-repository example', () => {
    // Source: lorawan-devices vendor/milesight-iot/am103-codec.yaml.
    const r = decodeUplink('milesight-am103', hex('01755C 03673401 046865 077DE704'), 85);
    expect(valuesOf(r)).toEqual({ battery: 92, temperature: 30.8, humidity: 50.5, co2: 1255 });
  });

  it('does not accept AM319-only channels', () => {
    expectDecodeError(() => decodeUplink('milesight-am103', hex('0B7D2000'), 85), 'unknown_channel');
  });
});

describe('Milesight EM300-TH', () => {
  it('decodes the maker sample', () => {
    // Source: Milesight-IoT/SensorDecoders EM_Series/EM300_Series/EM300-TH/README.md.
    const r = decodeUplink('milesight-em300-th', hex('01755C 03673401 046865'), 85);
    expect(valuesOf(r)).toEqual({ battery: 92, temperature: 30.8, humidity: 50.5 });
  });

  it('skips the published history record', () => {
    // Same README: 20CE9E74466310015D00 is a history record (timestamp 1665561758).
    expect(decodeUplink('milesight-em300-th', hex('20CE9E74466310015D00'), 85)).toEqual({ values: [], faults: [] });
  });

  it('rejects a truncated frame', () => {
    expectDecodeError(() => decodeUplink('milesight-em300-th', hex('01755C 036734'), 85), 'payload_too_short');
    expectDecodeError(() => decodeUplink('milesight-em300-th', hex('01'), 85), 'payload_too_short');
  });
});

describe('Milesight EM500-CO2', () => {
  it('decodes the maker sample', () => {
    // Source: Milesight-IoT/SensorDecoders EM_Series/EM500_Series/EM500-CO2/README.md.
    const r = decodeUplink('milesight-em500-co2', hex('01756403671901 046873 057D6704 06736827'), 85);
    expect(valuesOf(r)).toEqual({ battery: 100, temperature: 28.1, humidity: 57.5, co2: 1127, pressure: 1008.8 });
  });

  it('reads the temperature of a threshold alarm item (0x83 0xD7)', () => {
    // Layout from the same README: temperature(2) + temperature_change(2) + alarm type(1).
    const r = decodeUplink('milesight-em500-co2', hex('83D7 1901 0A00 00'), 85);
    expect(valuesOf(r)).toEqual({ temperature: 28.1 });
  });
});

describe('Milesight EM500-PT100', () => {
  it('decodes the maker sample', () => {
    // Source: Milesight-IoT/SensorDecoders EM_Series/EM500_Series/EM500-PT100/README.md.
    const r = decodeUplink('milesight-em500-pt100', hex('017564 03671901'), 85);
    expect(valuesOf(r)).toEqual({ battery: 100, temperature: 28.1 });
    expect(faultCodes(r)).toEqual([]);
  });

  it('rejects a truncated alarm item', () => {
    expectDecodeError(() => decodeUplink('milesight-em500-pt100', hex('83D7 1901 0A00'), 85), 'payload_too_short');
  });
});
