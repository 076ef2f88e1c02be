// Relais LoRa P2P sensor frame, version 1. Specification: FRAME.md next to this file.
// Pure: the simulator encodes with it, the receiver decodes with it.
import type { Metric, MetricValue } from '../../common/metrics.js';

export const FRAME_MAGIC = 0x52; // 'R'
export const FRAME_VERSION = 1;
export const MAX_ADDRESS_LENGTH = 8;
const ADDRESS = /^[A-Za-z0-9_.-]{1,8}$/;
// magic, version, address length, one address byte, CRC
const MIN_FRAME = 5;

export type FrameErrorReason =
  | 'bad_magic'
  | 'bad_version'
  | 'bad_crc'
  | 'truncated'
  | 'unknown_metric'
  | 'bad_address' // length 0 or over 8, or a character outside [A-Za-z0-9_.-]
  | 'duplicate_metric' // the same metric twice in one frame: which one would be true?
  | 'out_of_range'; // encode only: the value does not fit the metric's field

export class FrameError extends Error {
  constructor(
    readonly reason: FrameErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

interface Field {
  id: number;
  metric: Metric;
  bytes: 1 | 2 | 4;
  signed: boolean;
  /** raw = round(value × divisor); value = raw / divisor (division keeps decimals clean) */
  divisor: number;
}

// Metric ids are part of the wire format: never renumber, only append.
export const FRAME_FIELDS: readonly Field[] = [
  { id: 0x01, metric: 'temperature', bytes: 2, signed: true, divisor: 100 }, // 0.01 °C
  { id: 0x02, metric: 'humidity', bytes: 1, signed: false, divisor: 2 }, // 0.5 %RH
  { id: 0x03, metric: 'co2', bytes: 2, signed: false, divisor: 1 }, // ppm
  { id: 0x04, metric: 'pm2_5', bytes: 2, signed: false, divisor: 10 }, // 0.1 µg/m³
  { id: 0x05, metric: 'pm10', bytes: 2, signed: false, divisor: 10 }, // 0.1 µg/m³
  { id: 0x06, metric: 'tvoc', bytes: 2, signed: false, divisor: 1 }, // ppb
  { id: 0x07, metric: 'pressure', bytes: 2, signed: false, divisor: 10 }, // 0.1 hPa
  { id: 0x08, metric: 'battery', bytes: 1, signed: false, divisor: 1 }, // %
  { id: 0x09, metric: 'battery_voltage', bytes: 2, signed: false, divisor: 1000 }, // mV on the wire, V decoded
  { id: 0x0a, metric: 'light', bytes: 4, signed: false, divisor: 1 }, // lux
  { id: 0x0b, metric: 'motion', bytes: 2, signed: false, divisor: 1 }, // count
];

const BY_ID = new Map(FRAME_FIELDS.map((f) => [f.id, f]));
const BY_METRIC = new Map(FRAME_FIELDS.map((f) => [f.metric, f]));

/** Smallest and largest raw integer a field holds. */
export function rawRange(f: Field): [number, number] {
  const bits = f.bytes * 8;
  return f.signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

export function fieldFor(metric: Metric): Field | undefined {
  return BY_METRIC.get(metric);
}

/**
 * CRC-8 with polynomial 0x31, init 0xFF, no reflection, no final xor (CRC-8/NRSC-5, the CRC
 * Sensirion sensors use, so node firmware often has it already). Check: "123456789" → 0xF7.
 */
export function crc8(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xff;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i];
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x31) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** Builds a frame. Throws FrameError ('bad_address', 'duplicate_metric', 'out_of_range', 'unknown_metric'). */
export function encodeFrame(address: string, values: readonly MetricValue[]): Uint8Array {
  if (!ADDRESS.test(address)) {
    throw new FrameError('bad_address', `address ${JSON.stringify(address)} must be 1–8 of A-Z a-z 0-9 _ . -`);
  }
  const size = 3 + address.length + values.reduce((n, v) => n + 1 + (BY_METRIC.get(v.metric)?.bytes ?? 0), 0) + 1;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = FRAME_MAGIC;
  out[1] = FRAME_VERSION;
  out[2] = address.length;
  for (let i = 0; i < address.length; i++) out[3 + i] = address.charCodeAt(i);
  let at = 3 + address.length;
  const seen = new Set<Metric>();
  for (const v of values) {
    const f = BY_METRIC.get(v.metric);
    if (!f) throw new FrameError('unknown_metric', `metric ${String(v.metric)} has no frame field`);
    if (seen.has(v.metric)) throw new FrameError('duplicate_metric', `${v.metric} given twice`);
    seen.add(v.metric);
    const raw = Math.round(v.value * f.divisor);
    const [lo, hi] = rawRange(f);
    if (!Number.isFinite(raw) || raw < lo || raw > hi) {
      throw new FrameError('out_of_range', `${v.metric} ${v.value} outside ${lo / f.divisor}…${hi / f.divisor}`);
    }
    out[at++] = f.id;
    writeInt(view, at, f, raw);
    at += f.bytes;
  }
  out[at] = crc8(out, at);
  return out;
}

/** Reads a frame. Throws FrameError only, whatever the bytes. */
export function decodeFrame(bytes: Uint8Array): { address: string; values: MetricValue[] } {
  if (bytes.length === 0) throw new FrameError('truncated', 'empty frame');
  if (bytes[0] !== FRAME_MAGIC) throw new FrameError('bad_magic', `first byte 0x${hex2(bytes[0])}, expected 0x52`);
  if (bytes.length < 2) throw new FrameError('truncated', 'frame ends after the magic byte');
  if (bytes[1] !== FRAME_VERSION) throw new FrameError('bad_version', `version ${bytes[1]}, this Relais reads 1`);
  if (bytes.length < MIN_FRAME) throw new FrameError('truncated', `${bytes.length} bytes, at least ${MIN_FRAME} needed`);
  const end = bytes.length - 1; // CRC position
  const crc = crc8(bytes, end);
  if (crc !== bytes[end]) throw new FrameError('bad_crc', `CRC 0x${hex2(bytes[end])}, computed 0x${hex2(crc)}`);

  const len = bytes[2];
  if (len < 1 || len > MAX_ADDRESS_LENGTH) throw new FrameError('bad_address', `address length ${len}`);
  if (3 + len > end) throw new FrameError('truncated', 'frame ends inside the address');
  const address = String.fromCharCode(...bytes.subarray(3, 3 + len));
  if (!ADDRESS.test(address)) throw new FrameError('bad_address', `address ${JSON.stringify(address)}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: MetricValue[] = [];
  const seen = new Set<Metric>();
  let at = 3 + len;
  while (at < end) {
    const f = BY_ID.get(bytes[at]);
    if (!f) throw new FrameError('unknown_metric', `metric id 0x${hex2(bytes[at])} at byte ${at}`);
    if (at + 1 + f.bytes > end) throw new FrameError('truncated', `${f.metric} value cut at byte ${at}`);
    if (seen.has(f.metric)) throw new FrameError('duplicate_metric', `${f.metric} twice`);
    seen.add(f.metric);
    values.push({ metric: f.metric, value: readInt(view, at + 1, f) / f.divisor });
    at += 1 + f.bytes;
  }
  return { address, values };
}

/** Hex string → bytes; the line parser has already checked it is even-length hex. */
export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

// Big-endian, like most sensor payloads.
function writeInt(view: DataView, at: number, f: Field, raw: number): void {
  if (f.bytes === 1) view.setUint8(at, raw);
  else if (f.bytes === 2) f.signed ? view.setInt16(at, raw) : view.setUint16(at, raw);
  else view.setUint32(at, raw);
}

function readInt(view: DataView, at: number, f: Field): number {
  if (f.bytes === 1) return view.getUint8(at);
  if (f.bytes === 2) return f.signed ? view.getInt16(at) : view.getUint16(at);
  return view.getUint32(at);
}
