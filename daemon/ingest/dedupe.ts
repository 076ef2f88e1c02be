// LoRaWAN retransmissions (same DevEUI and fCnt, e.g. an unacknowledged confirmed uplink, or the
// same frame through two network-server paths) must be stored once. Memory is bounded by an LRU;
// a key older than the window is new again, because fCnt restarts at 0 after a rejoin.

export class UplinkDeduper {
  private readonly times = new Map<string, number>();

  constructor(
    private readonly windowSize: number,
    private readonly windowMs: number,
  ) {
    if (!(windowSize >= 1)) throw new RangeError('UplinkDeduper windowSize must be at least 1');
  }

  /** true when `key` was seen within the window (a duplicate); otherwise records it and returns false. */
  seen(key: string, now: number): boolean {
    const at = this.times.get(key);
    // |Δ| so a wall clock stepped back (NTP after a power cut) does not make fresh keys look old
    if (at !== undefined && Math.abs(now - at) <= this.windowMs) return true;
    this.times.delete(key);
    this.times.set(key, now); // re-insert: Map order is the LRU order
    while (this.times.size > this.windowSize) {
      const oldest = this.times.keys().next().value as string;
      this.times.delete(oldest);
    }
    return false;
  }

  /** Forgets a key, e.g. when its message could not be stored and the broker will redeliver it. */
  forget(key: string): void {
    this.times.delete(key);
  }

  get size(): number {
    return this.times.size;
  }
}
