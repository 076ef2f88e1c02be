// Runs a user-supplied payload codec in The Things Network device-repository format:
//   function decodeUplink(input) { return { data: {...}, warnings: [], errors: [] } }
// with input = { bytes: number[], fPort: number, recvTime: Date }.
// Each decode gets a fresh node:vm context (no require, no process, string code generation off),
// so codecs cannot keep state between uplinks or patch each other's globals. node:vm is NOT a
// security boundary: codec files are trusted admin configuration; the context and the time limit
// protect the daemon from mistakes (infinite loops, thrown errors, odd return values).
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { RelaisError } from '../../common/errors.js';
import type { DecodedUplink } from '../../common/metrics.js';
import { normalizeDecodedObject } from './normalize.js';
import { DecodeError, type Decoder } from './types.js';

export interface TtnCodecOptions {
  /** Time limit for evaluating the codec file and for each decodeUplink call, in ms (default 50). */
  timeoutMs?: number;
}

// Many vendor codecs call console.log; give them a silent one instead of a ReferenceError.
const PRELUDE = 'var console = { log: function () {}, info: function () {}, warn: function () {}, error: function () {}, debug: function () {} };';

// Runs inside the context: builds the input from primitives there (so codecs that patch
// Object.prototype, like the Adeunis library, see their own realm's arrays) and serialises the
// result there too, so no codec getter ever runs in the daemon's realm without the time limit.
const CALL = `JSON.stringify((function () {
  var input = { bytes: JSON.parse(__relaisBytes), fPort: __relaisFPort, recvTime: new Date(__relaisNow) };
  var r = decodeUplink(input);
  return r === undefined ? null : r;
})())`;

function isTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function newContext(globals: Record<string, unknown>): vm.Context {
  // Null-prototype sandbox: nothing from the daemon's realm is reachable through it.
  const sandbox = Object.assign(Object.create(null) as Record<string, unknown>, globals);
  return vm.createContext(sandbox, {
    name: 'relais-codec',
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
}

export function loadTtnCodec(filePath: string, opts: TtnCodecOptions = {}): Decoder {
  const timeout = opts.timeoutMs ?? 50;
  let source: string;
  try {
    source = readFileSync(filePath, 'utf8');
  } catch (err) {
    throw new RelaisError('RELAIS_CODEC_INVALID', `cannot read codec file ${filePath}: ${message(err)}`, { path: filePath });
  }

  let script: vm.Script;
  let call: vm.Script;
  try {
    script = new vm.Script(`${PRELUDE}\n${source}`, { filename: filePath });
    call = new vm.Script(CALL, { filename: `${filePath}#decodeUplink` });
  } catch (err) {
    throw new RelaisError('RELAIS_CODEC_INVALID', `codec file ${filePath} is not valid JavaScript: ${message(err)}`, { path: filePath });
  }

  // Evaluate once at load time so a broken file fails at startup, not at the first uplink.
  const probe = newContext({});
  try {
    script.runInContext(probe, { timeout });
  } catch (err) {
    if (isTimeout(err)) {
      throw new RelaisError('RELAIS_CODEC_TIMEOUT', `codec file ${filePath} did not finish loading within ${timeout} ms`, { path: filePath });
    }
    throw new RelaisError('RELAIS_CODEC_INVALID', `codec file ${filePath} failed while loading: ${message(err)}`, { path: filePath });
  }
  let kind: unknown;
  try {
    kind = vm.runInContext('typeof decodeUplink', probe, { timeout });
  } catch (err) {
    throw new RelaisError('RELAIS_CODEC_INVALID', `codec file ${filePath} failed while loading: ${message(err)}`, { path: filePath });
  }
  if (kind !== 'function') {
    throw new RelaisError('RELAIS_CODEC_INVALID', `codec file ${filePath} does not define decodeUplink(input)`, { path: filePath });
  }

  return (bytes: Uint8Array, fPort: number): DecodedUplink => {
    const ctx = newContext({
      __relaisBytes: JSON.stringify(Array.from(bytes)),
      __relaisFPort: fPort,
      __relaisNow: Date.now(),
    });
    let json: unknown;
    try {
      script.runInContext(ctx, { timeout });
      json = call.runInContext(ctx, { timeout });
    } catch (err) {
      if (isTimeout(err)) throw new DecodeError('codec_timeout', `codec ${filePath} took more than ${timeout} ms`);
      throw new DecodeError('codec_error', `codec ${filePath} threw: ${message(err)}`);
    }
    if (typeof json !== 'string') throw new DecodeError('codec_error', `codec ${filePath} returned no result`);

    const result: unknown = JSON.parse(json);
    if (typeof result !== 'object' || result === null) {
      throw new DecodeError('codec_error', `codec ${filePath} returned no result object`);
    }
    const { data, errors } = result as { data?: unknown; errors?: unknown };
    if (Array.isArray(errors) && errors.length > 0) {
      throw new DecodeError('codec_error', `codec ${filePath} reported: ${errors.map(String).join('; ')}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new DecodeError('codec_error', `codec ${filePath} returned no data object`);
    }
    return normalizeDecodedObject(data);
  };
}
