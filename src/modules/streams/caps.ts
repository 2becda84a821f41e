// What one client may take of a stream server: connections per client address and per key
// (counted in this process: each API process holds its own sockets), and the rate of messages per
// connection (a platform/token-bucket.ts bucket of that rate).

/** Open connections per holder (an address, a key), each within a cap. */
export class ConnectionCounts {
  readonly #open = new Map<string, number>();

  /** Counts a connection of `holder` unless it already has `max` (0: no cap); true when counted. */
  acquire(holder: string, max: number): boolean {
    const n = this.#open.get(holder) ?? 0;
    if (max > 0 && n >= max) return false;
    this.#open.set(holder, n + 1);
    return true;
  }

  release(holder: string): void {
    const n = (this.#open.get(holder) ?? 0) - 1;
    // Holders without connections leave, so the map follows the open sockets only.
    if (n > 0) this.#open.set(holder, n);
    else this.#open.delete(holder);
  }
}

export interface MessageRate {
  perSecond: number;
  burst: number;
}
