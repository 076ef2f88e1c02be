// V8 flags the daemon runs with (npm start, the systemd unit, the benchmark). On a large machine
// V8 reserves 32 MB for the young generation and lets the old one grow freely before collecting;
// these bounds keep the daemon near 100 MB on any machine, a Pi Zero 2 W (512 MB) included,
// and leave room for bursts (measured in BENCHMARKS.md).
export const NODE_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=2'] as const;
