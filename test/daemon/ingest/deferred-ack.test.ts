import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeferredAcks } from '../../../daemon/ingest/deferred-ack.js';

function fakeClient() {
  const sent: number[] = [];
  const client = { connected: true, _sendPacket: (p: { messageId: number }) => sent.push(p.messageId) };
  return { client, sent, acks: new DeferredAcks(client as never) };
}

describe('DeferredAcks', () => {
  it('acknowledges in arrival order whatever order the commits finish in', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 50 }), fc.func(fc.boolean()), (ids, failIf) => {
      const { sent, acks } = fakeClient();
      const settles = ids.map((id) => ({ id, settle: acks.track(id), ok: !failIf(id) }));
      for (const s of [...settles].reverse()) s.settle(s.ok);
      expect(sent).toEqual(settles.filter((s) => s.ok).map((s) => s.id));
      expect(acks.inflight).toBe(0);
      expect(acks.unacked).toBe(settles.filter((s) => !s.ok).length);
    }));
  });

  it('holds later acks until the earlier message is committed', () => {
    const { sent, acks } = fakeClient();
    const first = acks.track(1);
    const second = acks.track(2);
    second(true);
    expect(sent).toEqual([]);
    first(true);
    expect(sent).toEqual([1, 2]);
  });

  it('acknowledges a message id delivered twice only once', () => {
    const { sent, acks } = fakeClient();
    const a = acks.track(7);
    const b = acks.track(7);
    a(true);
    b(true);
    expect(sent).toEqual([7]);
  });

  it('drops the acks of a previous connection: the broker redelivers those messages', () => {
    const { sent, acks } = fakeClient();
    const old = acks.track(3);
    acks.newConnection();
    const fresh = acks.track(3);
    old(true);
    fresh(true);
    expect(sent).toEqual([3]);
    expect(acks.unacked).toBe(1);
  });
});
