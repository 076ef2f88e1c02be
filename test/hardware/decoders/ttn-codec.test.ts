import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import { loadTtnCodec } from '../../../hardware/decoders/ttn-codec.js';
import { expectDecodeError, faultCodes, valuesOf } from './helpers.js';

let dir: string;
function codec(name: string, source: string): string {
  const p = join(dir, name);
  writeFileSync(p, source);
  return p;
}

function relaisErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RelaisError);
    return (err as RelaisError).code;
  }
  return undefined;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relais-codec-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadTtnCodec', () => {
  it('runs a TTN-format codec and normalises its data', () => {
    const p = codec(
      'normal.js',
      `function decodeUplink(input) {
         console.log('decoding', input.fPort); // vendor codecs log; must not fail
         var t = ((input.bytes[0] << 8) | input.bytes[1]);
         if (t > 0x7fff) t -= 0x10000;
         return { data: { TempC_SHT: t / 100, Hum_SHT: input.bytes[2], port: input.fPort, isDate: input.recvTime instanceof Date }, warnings: [], errors: [] };
       }`,
    );
    const decode = loadTtnCodec(p);
    expect(valuesOf(decode(Uint8Array.from([0x0a, 0xbb, 0x3c]), 2))).toEqual({ temperature: 27.47, humidity: 60 });
    expect(valuesOf(decode(Uint8Array.from([0xf5, 0xc6, 0x00]), 2))).toEqual({ temperature: -26.18, humidity: 0 });
  });

  it('passes the 327.67 probe marker to normalisation as a fault', () => {
    const p = codec('probe.js', 'function decodeUplink(input) { return { data: { TempC_DS: 327.67, BatV: 3.1 } }; }');
    const r = loadTtnCodec(p)(new Uint8Array(11), 2);
    expect(faultCodes(r)).toEqual(['probe_disconnected']);
    expect(valuesOf(r)).toEqual({ battery_voltage: 3.1 });
  });

  it('stops an infinite loop with codec_timeout', () => {
    const p = codec('loop.js', 'function decodeUplink(input) { while (true) {} }');
    const decode = loadTtnCodec(p);
    const started = Date.now();
    expectDecodeError(() => decode(Uint8Array.from([1]), 1), 'codec_timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expectDecodeError(() => loadTtnCodec(p, { timeoutMs: 20 })(Uint8Array.from([1]), 1), 'codec_timeout');
  });

  it('stops a result getter that loops (the result is read inside the time limit)', () => {
    const p = codec('getter.js', 'function decodeUplink(input) { return { get data() { for (;;) {} } }; }');
    expectDecodeError(() => loadTtnCodec(p)(Uint8Array.from([1]), 1), 'codec_timeout');
  });

  it('turns errors[] and thrown exceptions into codec_error', () => {
    const errs = codec('errors.js', 'function decodeUplink(input) { return { errors: ["unknown FPort"] }; }');
    expectDecodeError(() => loadTtnCodec(errs)(Uint8Array.from([1]), 42), 'codec_error');
    const thrower = codec('throw.js', 'function decodeUplink(input) { throw new Error("boom"); }');
    expectDecodeError(() => loadTtnCodec(thrower)(Uint8Array.from([1]), 1), 'codec_error');
    const noData = codec('nodata.js', 'function decodeUplink(input) { return { warnings: [] }; }');
    expectDecodeError(() => loadTtnCodec(noData)(Uint8Array.from([1]), 1), 'codec_error');
    const undef = codec('undef.js', 'function decodeUplink(input) { }');
    expectDecodeError(() => loadTtnCodec(undef)(Uint8Array.from([1]), 1), 'codec_error');
  });

  it('gives the codec no require, process or string code generation', () => {
    const p = codec(
      'sandbox.js',
      `function decodeUplink(input) {
         var evalBlocked = false;
         try { (0, eval)('1'); } catch (e) { evalBlocked = true; }
         var escaped = false;
         try { escaped = typeof this.constructor.constructor('return process')() === 'object'; } catch (e) {}
         return { data: {
           co2: typeof require === 'undefined' ? 1 : 0,
           humidity: typeof process === 'undefined' ? 1 : 0,
           pressure: evalBlocked ? 1000 : 0,
           light: escaped ? 0 : 1,
         } };
       }`,
    );
    expect(valuesOf(loadTtnCodec(p)(Uint8Array.from([1]), 1))).toEqual({ co2: 1, humidity: 1, pressure: 1000, light: 1 });
  });

  it('runs each decode in a fresh context (no state between uplinks, no leak into the daemon)', () => {
    // Like the Adeunis library, this codec patches Object.prototype and calls the patch on input.bytes.
    const p = codec(
      'state.js',
      `var calls = 0;
       Object.prototype.readUInt16BE = function (o) { return (this[o] << 8) | this[o + 1]; };
       function decodeUplink(input) { calls++; return { data: { co2: input.bytes.readUInt16BE(0), motion: calls } }; }`,
    );
    const decode = loadTtnCodec(p);
    expect(valuesOf(decode(Uint8Array.from([0x01, 0xa4]), 1))).toEqual({ co2: 420, motion: 1 });
    expect(valuesOf(decode(Uint8Array.from([0x01, 0xa5]), 1))).toEqual({ co2: 421, motion: 1 });
    expect((({}) as Record<string, unknown>).readUInt16BE).toBeUndefined();
  });

  it('refuses files without decodeUplink, with bad syntax, or missing', () => {
    const none = codec('none.js', 'function Decoder(bytes, port) { return {}; }');
    expect(relaisErrorCode(() => loadTtnCodec(none))).toBe('RELAIS_CODEC_INVALID');
    const notFn = codec('notfn.js', 'var decodeUplink = 42;');
    expect(relaisErrorCode(() => loadTtnCodec(notFn))).toBe('RELAIS_CODEC_INVALID');
    const syntax = codec('syntax.js', 'function decodeUplink(input) { return {');
    expect(relaisErrorCode(() => loadTtnCodec(syntax))).toBe('RELAIS_CODEC_INVALID');
    const throwsAtLoad = codec('loadthrow.js', 'throw new Error("no"); function decodeUplink() {}');
    expect(relaisErrorCode(() => loadTtnCodec(throwsAtLoad))).toBe('RELAIS_CODEC_INVALID');
    expect(relaisErrorCode(() => loadTtnCodec(join(dir, 'does-not-exist.js')))).toBe('RELAIS_CODEC_INVALID');
  });

  it('reports a file that never finishes loading as a codec timeout', () => {
    const p = codec('loadloop.js', 'for (;;) {} function decodeUplink() {}');
    expect(relaisErrorCode(() => loadTtnCodec(p))).toBe('RELAIS_CODEC_TIMEOUT');
  });
});
