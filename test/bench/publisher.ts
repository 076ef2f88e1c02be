// A load generator in its own process: publishes plain MQTT readings at a steady rate.
// node dist/test/bench/publisher.js URL RATE SENSORS
import mqtt from 'mqtt';

const [url, rateArg, sensorsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const sensors = Number(sensorsArg);
const client = await mqtt.connectAsync(url, { clientId: `bench-load-${process.pid}` });
let n = 0;
const perTick = Math.max(1, Math.round(rate / 100));
const t0 = performance.now();
let tick = 0;
const loop = () => {
  for (let i = 0; i < perTick; i++, n++) client.publish(`relais/sensors/s${n % sensors}`, `{"temperature":${(n % 100) / 10}}`, { qos: 1 });
  tick++;
  setTimeout(loop, Math.max(0, t0 + tick * 10 - performance.now()));
};
loop();
process.on('SIGTERM', () => client.end(true, {}, () => process.exit(0)));
