import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeDecodedObject } from '../../../hardware/decoders/normalize.js';
import { faultCodes, valuesOf } from './helpers.js';

const fixtures = '/work/shared/fixtures';
const ttn = JSON.parse(readFileSync(`${fixtures}/ttn-v3-up-example.json`, 'utf8')) as {
  examples: { id: string; rawText?: string; payload: Record<string, any> }[];
};
const chirpstack = JSON.parse(readFileSync(`${fixtures}/chirpstack-v4-events.json`, 'utf8')) as {
  events: Record<string, { payload: Record<string, any> }>;
};

describe('normalizeDecodedObject on the shared fixtures', () => {
  it('maps the TTN docs decoded_payload (fixture stored as raw, invalid JSON text)', () => {
    // ttn-docs-dataformats-up: decoded_payload {temperature: 1.0, luminosity: 0.64}; "luminosity"
    // has no stated unit, so it is not taken as lux.
    const raw = ttn.examples.find((e) => e.id === 'ttn-docs-dataformats-up')!.rawText!;
    const decoded = JSON.parse(/"decoded_payload":\s*(\{[^}]*\})/.exec(raw)![1]);
    expect(normalizeDecodedObject(decoded)).toEqual({ values: [{ metric: 'temperature', value: 1 }], faults: [] });
  });

  it('maps the Ezurio RS26x decoded_payload (mixed-case keys, nested status objects ignored)', () => {
    const ex = ttn.examples.find((e) => e.id === 'thingsboard-ttn-ezurio-rs26x-event-stream')!;
    const decoded = ex.payload.data.uplink_message.decoded_payload;
    expect(normalizeDecodedObject(decoded)).toEqual({ values: [{ metric: 'temperature', value: 21.83 }], faults: [] });
  });

  it('recognises nothing in a ChirpStack LoRa Cloud integration object', () => {
    // Its `temp` is nested under info_fields (modem temperature), not a top-level reading.
    const obj = chirpstack.events.integration.payload.object;
    expect(normalizeDecodedObject(obj)).toEqual({ values: [], faults: [] });
  });
});

describe('normalizeDecodedObject on vendor codec outputs', () => {
  it('Dragino LHT65: probe first, SHT humidity, BatV', () => {
    // Output of the maker codec for the lht65-codec.yaml example.
    const obj = { BatV: 3.062, Bat_status: 3, Ext_sensor: 'Temperature Sensor', Hum_SHT: 88.6, TempC_DS: 27.81, TempC_SHT: 28.29 };
    expect(valuesOf(normalizeDecodedObject(obj))).toEqual({ temperature: 27.81, humidity: 88.6, battery_voltage: 3.062 });
  });

  it('Dragino LHT65: the 327.67 probe marker is a fault, not a temperature, and not replaced by the SHT value', () => {
    for (const marker of [327.67, '327.67']) {
      const r = normalizeDecodedObject({ BatV: 3.06, Hum_SHT: 60.4, TempC_DS: marker, TempC_SHT: 27.47 });
      expect(faultCodes(r)).toEqual(['probe_disconnected']);
      expect(valuesOf(r)).toEqual({ humidity: 60.4, battery_voltage: 3.06 });
    }
  });

  it('Dragino without a probe: SHT temperature', () => {
    expect(valuesOf(normalizeDecodedObject({ TempC_SHT: '28.29', Hum_SHT: 88.6 }))).toEqual({ temperature: 28.29, humidity: 88.6 });
  });

  it('Milesight TTN codec output (pm2.5 key, string PIR status ignored)', () => {
    const obj = { battery: 92, temperature: 30.8, humidity: 50.5, activity: 'trigger', light_level: 2, co2: 936, tvoc: 37, pressure: 1008.6, hcho: 0.04, 'pm2.5': 32, pm10: 48 };
    expect(valuesOf(normalizeDecodedObject(obj))).toEqual({
      battery: 92, temperature: 30.8, humidity: 50.5, co2: 936, tvoc: 37, pressure: 1008.6, pm2_5: 32, pm10: 48,
    });
  });

  it('Elsys codec output: vdd in mV becomes battery_voltage in V', () => {
    const obj = { temperature: 22.6, humidity: 41, light: 39, motion: 6, co2: 776, vdd: 3426 };
    expect(valuesOf(normalizeDecodedObject(obj))).toEqual({ temperature: 22.6, humidity: 41, light: 39, motion: 6, co2: 776, battery_voltage: 3.426 });
  });

  it('Adeunis codec output: {unit, values: [t=0, …]} takes the newest value', () => {
    const obj = { temperature: { unit: '°C', values: [43.5, 43.6] }, humidity: { unit: '%', values: [62, 63] }, co2: { unit: 'ppm', values: [420, 421] } };
    expect(valuesOf(normalizeDecodedObject(obj))).toEqual({ temperature: 43.5, humidity: 62, co2: 420 });
  });
});

describe('normalizeDecodedObject rules', () => {
  it('accepts {value, unit} and converts stated units', () => {
    const r = normalizeDecodedObject({
      temperature: { value: '68', unit: '°F' },
      pressure: { value: 101325, unit: 'Pa' },
      battery_voltage: { value: 3600, unit: 'mV' },
      tvoc: { value: 120, unit: 'µg/m³' },
    });
    expect(valuesOf(r)).toEqual({ temperature: 20, pressure: 1013.25, battery_voltage: 3.6, tvoc: 120 });
    expect(r.values.find((v) => v.metric === 'tvoc')?.unit).toBe('µg/m³');
  });

  it('drops a value whose stated unit it cannot convert', () => {
    expect(normalizeDecodedObject({ co2: { value: 0.1, unit: '%' } })).toEqual({ values: [], faults: [] });
  });

  it('matches keys case-insensitively and ignoring punctuation', () => {
    expect(valuesOf(normalizeDecodedObject({ CO2: '450', TEMP: 20, PM2_5: 12, Battery_Level: 80, ILL_lx: 300 }))).toEqual({
      co2: 450, temperature: 20, pm2_5: 12, battery: 80, light: 300,
    });
  });

  it('ignores non-numeric values, unknown keys and non-objects', () => {
    const r = normalizeDecodedObject({ temperature: 'warm', humidity: null, co2: Number.NaN, battery: true, pm10: Infinity, foo: 1, history: [{ temperature: 3 }] });
    expect(r).toEqual({ values: [], faults: [] });
    for (const x of [null, undefined, 42, 'text', [1, 2], { nothing: 'here' }]) {
      expect(normalizeDecodedObject(x)).toEqual({ values: [], faults: [] });
    }
  });

  it('uses the first matching key when several name the same metric', () => {
    expect(valuesOf(normalizeDecodedObject({ temp: 19, temperature: 21 }))).toEqual({ temperature: 21 });
  });
});
