// The venue's clock for good-till-date orders: each is expired at its instant, to the
// millisecond of the timer, by one timer armed for the earliest one due. The engine keeps no
// clock; this is the venue's. An entry stays until its time even if its order ended before (it is
// then skipped): one small entry per GTD order, for at most the 90 days an expiry may lie ahead.

/** The longest a timer is set for: far-off expiries are re-armed on the way (timers cap near 24.8 days). */
const MAX_WAIT_MS = 60_000;

export class ExpiryClock {
  /** Sorted by `at`, earliest first. */
  readonly #due: { at: number; id: string }[] = [];
  readonly #onDue: (ids: string[]) => void;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(onDue: (ids: string[]) => void, now: () => number = Date.now) {
    this.#onDue = onDue;
    this.#now = now;
  }

  /** Expires `id` at `at` (ms since the epoch). */
  add(at: number, id: string): void {
    let lo = 0;
    let hi = this.#due.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#due[mid]?.at ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    this.#due.splice(lo, 0, { at, id });
    if (lo === 0) this.#arm();
  }

  get size(): number {
    return this.#due.length;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const first = this.#due[0];
    if (first === undefined || this.#stopped) return;
    const wait = Math.min(Math.max(0, first.at - this.#now()), MAX_WAIT_MS);
    this.#timer = setTimeout(() => this.#fire(), wait);
    // The clock never keeps a process alive on its own.
    this.#timer.unref();
  }

  #fire(): void {
    const now = this.#now();
    let n = 0;
    while (n < this.#due.length && (this.#due[n]?.at ?? Infinity) <= now) n++;
    const ids = this.#due.splice(0, n).map((d) => d.id);
    try {
      if (ids.length > 0) this.#onDue(ids);
    } finally {
      this.#arm();
    }
  }
}
