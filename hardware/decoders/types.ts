import type { DecodedUplink } from '../../common/metrics.js';

/** Decodes one LoRaWAN application payload. Throws DecodeError on a malformed payload. */
export type Decoder = (bytes: Uint8Array, fPort: number) => DecodedUplink;

export class DecodeError extends Error {
  /** reason is a short snake_case code counted by ingest (e.g. 'payload_too_short', 'unknown_channel') */
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
