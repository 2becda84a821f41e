// A token bucket: `burst` at once, then `perSecond`. Written here because the resilience library
// (cockatiel) has no rate limiter, and this is all either user needs.

export class TokenBucket {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #at = Date.now();

  constructor(o: { perSecond: number; burst: number }) {
    this.#perSecond = o.perSecond;
    this.#burst = o.burst;
    this.#tokens = o.burst;
  }

  /** Takes a token if there is one; false when the bucket is empty. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Takes a token, waiting until there is one. */
  async take(): Promise<void> {
    while (!this.tryTake()) {
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000)));
    }
  }

  #refill(): void {
    const now = Date.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
  }
}
