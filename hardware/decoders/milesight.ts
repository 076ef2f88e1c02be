// Milesight channel/type TLV payloads (AM103, AM307, AM319, EM300-TH, EM500-CO2, EM500-PT100).
// Byte layout read from the maker's published definitions (Milesight-IoT/SensorDecoders READMEs
// and decoders, TTN lorawan-devices vendor/milesight-iot): each item is
// [channel_id][channel_type][data], multi-byte values little-endian. The length of an item is
// only known from its (id, type) pair, so an unknown pair cannot be skipped: it is an error.
import type { DecodedUplink } from '../../common/metrics.js';
import { hex, i16le, need, Out, u16le, u8 } from './bytes.js';
import { DecodeError, type Decoder } from './types.js';

type Read = (b: Uint8Array, i: number, out: Out) => void;
/** read undefined = known item that carries no canonical metric: skipped by its length. */
interface Item {
  len: number;
  read?: Read;
}
type Table = ReadonlyMap<number, Item>;

const key = (id: number, type: number): number => (id << 8) | type;

// Device attribute items sent after join/reboot (0xFF channel): version, serial number…
const ATTRIBUTES: [number, number, Item][] = [
  [0xff, 0x01, { len: 1 }], // protocol/IPSO version
  [0xff, 0x09, { len: 2 }], // hardware version
  [0xff, 0x0a, { len: 2 }], // firmware version
  [0xff, 0x0b, { len: 1 }], // power on / device status
  [0xff, 0x0f, { len: 1 }], // LoRaWAN class
  [0xff, 0x16, { len: 8 }], // serial number
  [0xff, 0xfe, { len: 1 }], // reset event
  [0xff, 0xff, { len: 2 }], // TSL version
];

const battery: Item = { len: 1, read: (b, i, o) => o.add('battery', u8(b, i)) };
const temperature: Item = { len: 2, read: (b, i, o) => o.add('temperature', i16le(b, i) / 10) };
const humidity: Item = { len: 1, read: (b, i, o) => o.add('humidity', u8(b, i) / 2) };
const co2: Item = { len: 2, read: (b, i, o) => o.add('co2', u16le(b, i)) };
const pressure: Item = { len: 2, read: (b, i, o) => o.add('pressure', u16le(b, i) / 10) };
// Threshold/mutation alarm: temperature(2) + change(2) + alarm type(1); the temperature is current.
const temperatureAlarm: Item = { len: 5, read: (b, i, o) => o.add('temperature', i16le(b, i) / 10) };
// History records (0x20/0x21 0xCE) replay past readings with their own timestamp; DecodedUplink
// has no timestamp, so they are skipped rather than reported as current values.
const history = (len: number): Item => ({ len });

function table(items: [number, number, Item][]): Table {
  const m = new Map<number, Item>();
  for (const [id, type, item] of [...ATTRIBUTES, ...items]) m.set(key(id, type), item);
  return m;
}

// AM300 series (AM307, AM319). tVOC: firmware v2 sends 0x08 0x7D as IAQ level × 100 and
// 0x08 0xE6 as µg/m³ (Milesight AM300_v2 decoder). Older v1 firmware used 0x08 0x7D for a raw
// value; the current maker definition is followed.
const AM300_ITEMS: [number, number, Item][] = [
  [0x01, 0x75, battery],
  [0x03, 0x67, temperature],
  [0x04, 0x68, humidity],
  [0x05, 0x00, { len: 1, read: (b, i, o) => o.add('motion', u8(b, i) === 1 ? 1 : 0) }], // PIR idle/trigger
  [0x05, 0x6a, { len: 2, read: (b, i, o) => o.add('motion', u16le(b, i)) }], // PIR activity count (older firmware)
  [0x06, 0xcb, { len: 1 }], // light level 0..5 (a level, not lux)
  [0x06, 0x65, { len: 6, read: (b, i, o) => o.add('light', u16le(b, i)) }], // illumination lux + IR values
  [0x07, 0x7d, co2],
  [0x08, 0x7d, { len: 2, read: (b, i, o) => o.add('tvoc', u16le(b, i) / 100, 'IAQ') }],
  [0x08, 0xe6, { len: 2, read: (b, i, o) => o.add('tvoc', u16le(b, i), 'µg/m³') }],
  [0x09, 0x73, pressure],
  [0x0a, 0x7d, { len: 2 }], // HCHO mg/m³ (no canonical metric)
  [0x0b, 0x7d, { len: 2, read: (b, i, o) => o.add('pm2_5', u16le(b, i)) }],
  [0x0c, 0x7d, { len: 2, read: (b, i, o) => o.add('pm10', u16le(b, i)) }],
  [0x0d, 0x7d, { len: 2 }], // O3 ppm (no canonical metric)
  [0x0e, 0x01, { len: 1 }], // buzzer status
];

const AM307 = table([...AM300_ITEMS, [0x20, 0xce, history(16)], [0x21, 0xce, history(16)]]);
const AM319 = table([...AM300_ITEMS, [0x20, 0xce, history(22)], [0x21, 0xce, history(22)]]);

const AM103 = table([
  [0x01, 0x75, battery],
  [0x03, 0x67, temperature],
  [0x04, 0x68, humidity],
  [0x07, 0x7d, co2],
  [0x20, 0xce, history(9)],
]);

const EM300_TH = table([
  [0x01, 0x75, battery],
  [0x03, 0x67, temperature],
  [0x04, 0x68, humidity],
  [0x20, 0xce, history(8)],
]);

const EM500_CO2 = table([
  [0x01, 0x75, battery],
  [0x03, 0x67, temperature],
  [0x04, 0x68, humidity],
  [0x05, 0x7d, co2],
  [0x06, 0x73, pressure],
  [0x83, 0xd7, temperatureAlarm],
  [0x20, 0xce, history(11)],
]);

const EM500_PT100 = table([
  [0x01, 0x75, battery],
  [0x03, 0x67, temperature],
  [0x83, 0xd7, temperatureAlarm],
  [0xff, 0x1b, { len: 5 }], // measuring equipment range report
  [0x20, 0xce, history(6)],
]);

function decodeTlv(model: string, items: Table, bytes: Uint8Array): DecodedUplink {
  const out = new Out();
  let i = 0;
  while (i < bytes.length) {
    need(bytes, i, 2, `${model} item header at ${i}`);
    const id = bytes[i];
    const type = bytes[i + 1];
    const item = items.get(key(id, type));
    if (!item) {
      throw new DecodeError('unknown_channel', `${model}: unknown channel ${hex(id)} type ${hex(type)} at byte ${i}`);
    }
    need(bytes, i + 2, item.len, `${model} channel ${hex(id)} ${hex(type)}`);
    item.read?.(bytes, i + 2, out);
    i += 2 + item.len;
  }
  return out.result();
}

// fPort is not checked: Milesight uses 85 for telemetry, but the TLV items describe themselves.
const make = (model: string, items: Table): Decoder => (bytes) => decodeTlv(model, items, bytes);

export const milesightAm319 = make('AM319', AM319);
export const milesightAm307 = make('AM307', AM307);
export const milesightAm103 = make('AM103', AM103);
export const milesightEm300Th = make('EM300-TH', EM300_TH);
export const milesightEm500Co2 = make('EM500-CO2', EM500_CO2);
export const milesightEm500Pt100 = make('EM500-PT100', EM500_PT100);
