// Built-in LoRaWAN payload decoders, selected by the model id written in the configuration.
// Every decoder maps the maker's byte format to canonical metrics (common/metrics.ts) and throws
// DecodeError on a malformed payload; sensor "no reading" markers become faults, never values.
import type { DecodedUplink } from '../../common/metrics.js';
import { adeunisComfortCo2, adeunisTemp } from './adeunis.js';
import { draginoLht65, draginoLht65n } from './dragino.js';
import { elsysErs, elsysErsCo2 } from './elsys.js';
import {
  milesightAm103,
  milesightAm307,
  milesightAm319,
  milesightEm300Th,
  milesightEm500Co2,
  milesightEm500Pt100,
} from './milesight.js';
import { netvoxR718a, netvoxR718b } from './netvox.js';
import { DecodeError, type Decoder } from './types.js';

export { DecodeError, type Decoder } from './types.js';
export { normalizeDecodedObject } from './normalize.js';
export { loadTtnCodec, type TtnCodecOptions } from './ttn-codec.js';

const DECODERS: Readonly<Record<string, Decoder>> = Object.freeze({
  'milesight-am319': milesightAm319,
  'milesight-am307': milesightAm307,
  'milesight-am103': milesightAm103,
  'milesight-em300-th': milesightEm300Th,
  'milesight-em500-co2': milesightEm500Co2,
  'milesight-em500-pt100': milesightEm500Pt100,
  'elsys-ers': elsysErs,
  'elsys-ers-co2': elsysErsCo2,
  'dragino-lht65': draginoLht65,
  'dragino-lht65n': draginoLht65n,
  'adeunis-temp': adeunisTemp,
  'adeunis-comfort-co2': adeunisComfortCo2,
  'netvox-r718a': netvoxR718a,
  'netvox-r718b': netvoxR718b,
});

export const MODELS: readonly string[] = Object.freeze(Object.keys(DECODERS));

export function decoderFor(model: string): Decoder | undefined {
  // own-property check so 'constructor' or '__proto__' never resolve to something callable
  return Object.prototype.hasOwnProperty.call(DECODERS, model) ? DECODERS[model] : undefined;
}

export function decodeUplink(model: string, bytes: Uint8Array, fPort: number): DecodedUplink {
  const decoder = decoderFor(model);
  if (!decoder) {
    throw new DecodeError('unsupported_model', `no built-in decoder for model '${model}' (known: ${MODELS.join(', ')})`);
  }
  return decoder(bytes, fPort);
}
