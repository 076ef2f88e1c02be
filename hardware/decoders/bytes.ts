// Small helpers shared by the built-in decoders: bounds-checked byte readers and a result builder
// that refuses non-finite numbers, so no decoder can return NaN/Infinity by accident.
import type { DecodedUplink, Metric, MetricValue, SensorFault } from '../../common/metrics.js';
import { DecodeError } from './types.js';

/** Throws DecodeError('payload_too_short') unless bytes[offset .. offset+len) exists. */
export function need(bytes: Uint8Array, offset: number, len: number, what: string): void {
  if (offset < 0 || offset + len > bytes.length) {
    throw new DecodeError(
      'payload_too_short',
      `${what}: needs ${offset + len} bytes, payload has ${bytes.length}`,
    );
  }
}

export function u8(b: Uint8Array, i: number): number {
  need(b, i, 1, 'u8');
  return b[i];
}

export function u16be(b: Uint8Array, i: number): number {
  need(b, i, 2, 'u16');
  return (b[i] << 8) | b[i + 1];
}

export function i16be(b: Uint8Array, i: number): number {
  const v = u16be(b, i);
  return v > 0x7fff ? v - 0x10000 : v;
}

export function u16le(b: Uint8Array, i: number): number {
  need(b, i, 2, 'u16');
  return b[i] | (b[i + 1] << 8);
}

export function i16le(b: Uint8Array, i: number): number {
  const v = u16le(b, i);
  return v > 0x7fff ? v - 0x10000 : v;
}

export function u32be(b: Uint8Array, i: number): number {
  need(b, i, 4, 'u32');
  // >>> 0 keeps the value unsigned (JS bit operators are signed 32-bit)
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

export function hex(n: number): string {
  return '0x' + n.toString(16).padStart(2, '0').toUpperCase();
}

/** Collects values and faults. A later value for the same metric replaces the earlier one. */
export class Out {
  readonly values: MetricValue[] = [];
  readonly faults: SensorFault[] = [];

  add(metric: Metric, value: number, unit?: string): void {
    if (!Number.isFinite(value)) return; // never hand NaN/Infinity to ingest
    const v: MetricValue = unit === undefined ? { metric, value } : { metric, value, unit };
    const at = this.values.findIndex((x) => x.metric === metric);
    if (at >= 0) this.values[at] = v;
    else this.values.push(v);
  }

  fault(code: string, message: string): void {
    if (!this.faults.some((f) => f.code === code)) this.faults.push({ code, message });
  }

  result(): DecodedUplink {
    return { values: this.values, faults: this.faults };
  }
}

export function empty(): DecodedUplink {
  return { values: [], faults: [] };
}
