// Strict byte decoders for the edge: Buffer.from(s, 'base64') silently skips bad characters, so a
// corrupted payload would decode to other bytes instead of being refused.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const EUI_HEX = /^[0-9a-fA-F]{16}$/;

/** Standard base64, padding optional; null when not valid base64 (including non-zero unused bits). */
export function decodeBase64(s: string): Uint8Array | null {
  if (!BASE64.test(s)) return null;
  const bytes = Buffer.from(s, 'base64');
  // canonical check: "/a" and "/Q" would decode to the same byte; a real encoder only emits "/Q"
  if (bytes.toString('base64').replace(/=+$/, '') !== s.replace(/=+$/, '')) return null;
  return new Uint8Array(bytes);
}

export function decodeHex(s: string): Uint8Array | null {
  if (!HEX.test(s)) return null;
  return new Uint8Array(Buffer.from(s, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A DevEUI given as 16 hex digits (ChirpStack v4, TTS, v3 "JSON v3") → lowercase hex, else null. */
export function euiFromHex(s: string): string | null {
  return EUI_HEX.test(s) ? s.toLowerCase() : null;
}

/** ChirpStack v3 devEUI: hex with the legacy "JSON v3" marshaler, base64 with the protobuf "JSON" one. */
export function euiFromHexOrBase64(s: string): string | null {
  const hex = euiFromHex(s);
  if (hex !== null) return hex;
  const bytes = decodeBase64(s);
  return bytes !== null && bytes.length === 8 ? toHex(bytes) : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text, or null when it is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
