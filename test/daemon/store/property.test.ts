import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, type Metric } from '../../../common/metrics.js';
import type { ReadingInput } from '../../../daemon/store/types.js';
import { openStore, T0 } from './helpers.js';

const readingArb: fc.Arbitrary<ReadingInput> = fc.record({
  sensorId: fc.constantFrom('a', 'b', 'c', 'é-fridge'),
  metric: fc.constantFrom(...(METRIC_NAMES as Metric[])),
  value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  unit: fc.constantFrom('°C', 'ppm', '%RH'),
  ts: fc.integer({ min: T0 - 10 * 86_400_000, max: T0 + 86_400_000 }),
  source: fc.constantFrom('mqtt', 'lora'),
});

// A call is either a batch of readings or an event, interleaved as the daemon would.
const opArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(readingArb, { minLength: 0, maxLength: 30 }).map((rows) => ({ rows })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((message) => ({ event: message })) },
);

describe('store property', () => {
  it('any sequence of writes then queries returns exactly the rows written, in seq order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 12 }), fc.integer({ min: 1, max: 50 }), async (ops, batchRows) => {
        const store = openStore({ path: ':memory:', batchRows, batchMs: 1 });
        const written: ReadingInput[] = [];
        const pending: Promise<number>[] = [];
        let events = 0;
        for (const op of ops) {
          if ('rows' in op) {
            written.push(...op.rows);
            pending.push(store.writeReadings(op.rows));
          } else {
            store.addEvent({ kind: 'test', message: op.event });
            events++;
          }
        }
        await store.flush();
        const seqs = await Promise.all(pending);
        const all = store.recordsAfter(0, 100_000);
        // seqs are 1..n with no gap, strictly increasing
        expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
        const stored = all.filter((r) => r.type === 'reading');
        expect(stored).toHaveLength(written.length);
        expect(all.length - stored.length).toBe(events);
        // each caller's resolved seq is the seq of its last row
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThanOrEqual(seqs[i - 1]);
        // values round-trip exactly (SQLite keeps no -0: +0 makes both sides +0), in write order
        expect(stored.map((r) => [r.sensorId, r.metric, r.value + 0, r.unit, r.ts, r.source])).toEqual(
          written.map((r) => [r.sensorId, r.metric, r.value + 0, r.unit, r.ts, r.source]),
        );
        const q = store.queryReadings({ limit: 100_000 });
        expect(q).toHaveLength(written.length);
        for (let i = 1; i < q.length; i++) {
          expect(q[i].ts > q[i - 1].ts || (q[i].ts === q[i - 1].ts && q[i].seq > q[i - 1].seq)).toBe(true);
        }
        const hourlyCount = [...new Set(written.map((r) => `${r.sensorId}|${r.metric}`))]
          .map((k) => k.split('|'))
          .flatMap(([sensorId, metric]) => store.queryHourly({ sensorId, metric }))
          .reduce((n, h) => n + h.count, 0);
        expect(hourlyCount).toBe(written.length);
        await store.close();
      }),
      { numRuns: 100 },
    );
  });
});
