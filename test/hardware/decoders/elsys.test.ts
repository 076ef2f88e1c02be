import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUplink } from '../../../hardware/decoders/index.js';
import { b64, expectDecodeError, hex, valuesOf } from './helpers.js';

const ttnFixture = JSON.parse(readFileSync('/work/shared/fixtures/ttn-v3-up-example.json', 'utf8')) as {
  examples: { id: string; frmPayloadHex?: string; payload: { uplink_message?: { frm_payload: string; f_port: number } } }[];
};

describe('Elsys ERS', () => {
  it('decodes the TTN device-repository example', () => {
    // Source: TheThingsNetwork/lorawan-devices vendor/elsys/ers-codec.yaml (example bytes).
    const r = decodeUplink('elsys-ers', Uint8Array.from([0x01, 0x00, 0xe2, 0x02, 0x29, 0x04, 0x00, 0x27, 0x05, 0x06]), 5);
    expect(valuesOf(r)).toEqual({ temperature: 22.6, humidity: 41, light: 39, motion: 6 });
  });

  it('decodes negative temperatures, pressure and tVOC', () => {
    // Types 0x01 (°C × 10, signed), 0x14 (hPa × 1000) and 0x1C (ppb) from the Elsys payload document.
    const r = decodeUplink('elsys-ers', hex('01FF9C 14000F701C 1C0078'), 5);
    expect(valuesOf(r)).toEqual({ temperature: -10, pressure: 1011.74, tvoc: 120 });
    expect(r.values.find((v) => v.metric === 'tvoc')?.unit).toBe('ppb');
  });

  it('rejects unknown types and truncated items', () => {
    expectDecodeError(() => decodeUplink('elsys-ers', hex('0100E2 40 00'), 5), 'unknown_channel');
    expectDecodeError(() => decodeUplink('elsys-ers', hex('0100'), 5), 'payload_too_short');
    expectDecodeError(() => decodeUplink('elsys-ers', hex('0100E2 02'), 5), 'payload_too_short');
  });
});

describe('Elsys ERS CO2', () => {
  it('decodes the TTN device-repository example', () => {
    // Source: lorawan-devices vendor/elsys/ers-co2-codec.yaml.
    const r = decodeUplink('elsys-ers-co2', Uint8Array.from([0x01, 0x00, 0xe2, 0x02, 0x29, 0x04, 0x00, 0x27, 0x05, 0x06, 0x06, 0x03, 0x08]), 1);
    expect(valuesOf(r)).toEqual({ temperature: 22.6, humidity: 41, light: 39, motion: 6, co2: 776 });
  });

  it('decodes the real TTN uplink in the shared fixture (frame with VDD)', () => {
    // Source: /work/shared/fixtures/ttn-v3-up-example.json "thingsboard-ttn-elsys-ers2-co2"
    // (thingsboard/data-converters VENDORS/Elsys/ERS2_CO2 payload.json).
    const ex = ttnFixture.examples.find((e) => e.id === 'thingsboard-ttn-elsys-ers2-co2');
    const up = ex?.payload.uplink_message;
    expect(up).toBeDefined();
    const bytes = b64(up!.frm_payload);
    expect(Buffer.from(bytes).toString('hex').toUpperCase()).toBe(ex!.frmPayloadHex);
    const r = decodeUplink('elsys-ers-co2', bytes, up!.f_port);
    expect(valuesOf(r)).toEqual({ temperature: 22.6, humidity: 41, light: 39, motion: 6, co2: 776, battery_voltage: 3.426 });
  });
});
