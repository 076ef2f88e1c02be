// Elsys ERS / ERS CO2 payloads. Byte layout from the Elsys "payload structure" document as
// implemented in the maker's reference decoder (TTN lorawan-devices vendor/elsys/elsys.js): a
// sequence of [type][data] items, big-endian values, data length fixed by the type. An unknown
// type makes the rest of the frame unreadable, so it is an error, not a skip.
import type { DecodedUplink } from '../../common/metrics.js';
import { hex, i16be, need, Out, u16be, u32be, u8 } from './bytes.js';
import { DecodeError, type Decoder } from './types.js';

type Read = (b: Uint8Array, i: number, out: Out) => void;
interface Item {
  len: number;
  read?: Read;
}

const ITEMS: ReadonlyMap<number, Item> = new Map<number, Item>([
  [0x01, { len: 2, read: (b, i, o) => o.add('temperature', i16be(b, i) / 10) }],
  [0x02, { len: 1, read: (b, i, o) => o.add('humidity', u8(b, i)) }],
  [0x03, { len: 3 }], // acceleration x, y, z
  [0x04, { len: 2, read: (b, i, o) => o.add('light', u16be(b, i)) }],
  [0x05, { len: 1, read: (b, i, o) => o.add('motion', u8(b, i)) }], // PIR count since last uplink
  [0x06, { len: 2, read: (b, i, o) => o.add('co2', u16be(b, i)) }],
  [0x07, { len: 2, read: (b, i, o) => o.add('battery_voltage', u16be(b, i) / 1000) }], // VDD in mV
  [0x08, { len: 2 }], // analog input 1 (mV)
  [0x09, { len: 6 }], // GPS
  [0x0a, { len: 2 }], // pulse 1 relative
  [0x0b, { len: 4 }], // pulse 1 absolute
  [0x0c, { len: 2 }], // external temperature 1 (ERS has no probe input; ELT models)
  [0x0d, { len: 1 }], // external digital input
  [0x0e, { len: 2 }], // external distance (mm)
  [0x0f, { len: 1 }], // accelerometer motion count
  [0x10, { len: 4 }], // IR temperature internal + external
  [0x11, { len: 1 }], // occupancy
  [0x12, { len: 1 }], // water leak
  [0x13, { len: 65 }], // Grid-EYE
  [0x14, { len: 4, read: (b, i, o) => o.add('pressure', u32be(b, i) / 1000) }], // hPa × 1000
  [0x15, { len: 2 }], // sound peak / average
  [0x16, { len: 2 }], // pulse 2 relative
  [0x17, { len: 4 }], // pulse 2 absolute
  [0x18, { len: 2 }], // analog input 2
  [0x19, { len: 2 }], // external temperature 2
  [0x1a, { len: 1 }], // external digital input 2
  [0x1b, { len: 4 }], // external analog µV
  [0x1c, { len: 2, read: (b, i, o) => o.add('tvoc', u16be(b, i), 'ppb') }],
  [0x3d, { len: 4 }], // debug
]);

function decodeElsys(model: string, bytes: Uint8Array): DecodedUplink {
  const out = new Out();
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i];
    const item = ITEMS.get(type);
    if (!item) throw new DecodeError('unknown_channel', `${model}: unknown data type ${hex(type)} at byte ${i}`);
    need(bytes, i + 1, item.len, `${model} type ${hex(type)}`);
    item.read?.(bytes, i + 1, out);
    i += 1 + item.len;
  }
  return out.result();
}

// fPort is not checked: Elsys sends data on port 5 by default, but it is configurable.
export const elsysErs: Decoder = (bytes) => decodeElsys('ERS', bytes);
export const elsysErsCo2: Decoder = (bytes) => decodeElsys('ERS CO2', bytes);
