// Turns simulated values into the messages real equipment sends, so the demo runs the same
// ingest path as a site: ChirpStack v4 uplinks with the device's raw bytes, Zigbee2MQTT JSON,
// plain Relais MQTT JSON.
import type { MetricValue } from '../../common/metrics.js';

export interface SimSensor {
  id: string;
  source: 'lorawan' | 'zigbee2mqtt' | 'serial' | 'mqtt';
  devEui?: string;
  model?: string;
  topic?: string;
  address?: string;
}

export interface SimMessage {
  topic: string;
  payload: string;
}

const get = (vals: MetricValue[], m: string): number | undefined => vals.find((v) => v.metric === m)?.value;

/** Milesight EM300-TH channel/type records: 01 75 battery, 03 67 temperature ×0.1 LE, 04 68 humidity ×0.5. */
function encodeEm300(vals: MetricValue[]): Buffer {
  const b = Buffer.alloc(10);
  b.writeUInt8(0x01, 0); b.writeUInt8(0x75, 1); b.writeUInt8(Math.round(get(vals, 'battery') ?? 90), 2);
  b.writeUInt8(0x03, 3); b.writeUInt8(0x67, 4); b.writeInt16LE(Math.round((get(vals, 'temperature') ?? 0) * 10), 5);
  b.writeUInt8(0x04, 7); b.writeUInt8(0x68, 8); b.writeUInt8(Math.round((get(vals, 'humidity') ?? 50) * 2), 9);
  return b;
}

/** Dragino LHT65 11-byte uplink: battery mV, SHT temperature and humidity, external DS18B20 probe. */
function encodeLht65(vals: MetricValue[]): Buffer {
  const b = Buffer.alloc(11);
  const t = get(vals, 'temperature') ?? 0;
  b.writeUInt16BE(0xc000 | Math.round((get(vals, 'battery_voltage') ?? 3.0) * 1000), 0);
  b.writeInt16BE(Math.round(t * 100), 2); // internal SHT, inside the cabinet too
  b.writeUInt16BE(Math.round((get(vals, 'humidity') ?? 60) * 10), 4);
  b.writeUInt8(0x01, 6); // external sensor type 1: temperature probe
  b.writeInt16BE(Math.round(t * 100), 7);
  b.writeUInt16BE(0x7fff, 9);
  return b;
}

// fPort as the devices send it: Milesight 85, Dragino 2
const ENCODERS: Record<string, { fPort: number; encode: (v: MetricValue[]) => Buffer }> = {
  'milesight-em300-th': { fPort: 85, encode: encodeEm300 },
  'dragino-lht65': { fPort: 2, encode: encodeLht65 },
  'dragino-lht65n': { fPort: 2, encode: encodeLht65 },
};

export function toMessage(s: SimSensor, vals: MetricValue[], t: number, fCnt: number): SimMessage | null {
  switch (s.source) {
    case 'lorawan': {
      const enc = s.model ? ENCODERS[s.model] : undefined;
      const uplink: Record<string, unknown> = {
        deduplicationId: `${s.devEui}-${fCnt}`,
        time: new Date(t).toISOString(),
        deviceInfo: { tenantName: 'Ville', applicationId: 'relais-demo', applicationName: 'relais-demo', deviceName: s.id, devEui: s.devEui },
        fCnt,
        fPort: enc ? enc.fPort : 2,
        data: enc ? enc.encode(vals).toString('base64') : '',
      };
      // without a built-in encoder, send what a network-server codec would have decoded
      if (!enc) uplink.object = Object.fromEntries(vals.map((v) => [v.metric, v.value]));
      return { topic: `application/relais-demo/device/${s.devEui}/event/up`, payload: JSON.stringify(uplink) };
    }
    case 'zigbee2mqtt': {
      const body: Record<string, number> = { linkquality: 120 };
      for (const v of vals) body[v.metric === 'pm2_5' ? 'pm25' : v.metric] = v.value;
      return { topic: s.topic ?? `zigbee2mqtt/${s.id}`, payload: JSON.stringify(body) };
    }
    case 'mqtt':
      return {
        topic: s.topic ?? `relais/sensors/${s.id}`,
        payload: JSON.stringify({ ...Object.fromEntries(vals.map((v) => [v.metric, v.value])), ts: new Date(t).toISOString() }),
      };
    default:
      return null; // serial sensors talk over the radio module, not MQTT
  }
}
